"""Combined filters on /releases/: validation, results, active filters, counts, leaks."""

import datetime
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from releases.models import Release
from tests.factories import (
    HIDDEN_STATES,
    OfficialFactory,
    SearchReleaseFactory,
    SectionFactory,
    country,
    in_state,
)

pytestmark = pytest.mark.django_db

INDEX = "/en/releases/"


def baku(*args):
    return timezone.make_aware(datetime.datetime(*args))


def listed(response):
    assert response.status_code == 200
    return [r.pk for r in response.context["latest"]]


def facet(response, name):
    """{label: count} of one filter's choices on the page."""
    for f in response.context["facets"]:
        if f["name"] == name:
            return {c["label"]: c["count"] for c in f["choices"]}
    return {}


@pytest.fixture
def world():
    """Releases about two officials, two countries, tags and a section, over two years."""
    gafarova = OfficialFactory(full_name="Sahiba Gafarova", slug="sahiba-gafarova")
    guliyev = OfficialFactory(full_name="Azay Guliyev", slug="azay-guliyev")
    travels = SectionFactory(name="Chair’s Travels", slug="chairs-travels")
    kz, tr = country("KZ"), country("TR")
    return {
        "gafarova": gafarova,
        "guliyev": guliyev,
        "travels": travels,
        "kz_2022": SearchReleaseFactory(
            title="Astana talks",
            published_at=baku(2022, 3, 28, 18, 10),
            officials=[gafarova],
            countries=[kz],
            tags=["TurkPA"],
            section=travels,
        ),
        "kz_2021": SearchReleaseFactory(
            title="Ambassador of Kazakhstan",
            published_at=baku(2021, 5, 6, 21, 12),
            officials=[guliyev],
            countries=[kz],
            tags=["OSCE PA"],
        ),
        "tr_2022": SearchReleaseFactory(
            title="Ankara talks",
            published_at=baku(2022, 6, 1, 10, 0),
            officials=[gafarova, guliyev],
            countries=[tr],
            tags=["TurkPA"],
        ),
    }


# The sample content ------------------------------------------------------------------


def test_kazakhstan_since_2022_finds_only_the_2022_sample_release(client):
    call_command("loaddata", "fixtures/sample.json", verbosity=0)
    call_command("reindex_releases", verbosity=0)
    release_2022 = Release.objects.get(published_at__year=2022)

    response = client.get(INDEX, {"country": "kz", "from": "2022-01-01"})

    assert listed(response) == [release_2022.pk]


# Results ---------------------------------------------------------------------------------


def test_without_parameters_the_list_is_as_before(client, world):
    response = client.get(INDEX)

    assert listed(response) == [world["tr_2022"].pk, world["kz_2022"].pk, world["kz_2021"].pk]
    assert response.context["active_filters"] == []
    assert "<h1>All releases</h1>" in response.content.decode()


@pytest.mark.parametrize(
    "params,expected",
    [
        ({"official": "sahiba-gafarova"}, ["tr_2022", "kz_2022"]),
        ({"country": "kz"}, ["kz_2022", "kz_2021"]),
        ({"country": "KZ"}, ["kz_2022", "kz_2021"]),
        ({"tag": "turkpa"}, ["tr_2022", "kz_2022"]),
        ({"section": "chairs-travels"}, ["kz_2022"]),
        ({"from": "2022-01-01"}, ["tr_2022", "kz_2022"]),
        ({"to": "2021-12-31"}, ["kz_2021"]),
        ({"from": "2022-03-28", "to": "2022-03-28"}, ["kz_2022"]),
        ({"official": "azay-guliyev", "country": "kz"}, ["kz_2021"]),
        ({"official": "sahiba-gafarova", "tag": "turkpa", "from": "2022-04-01"}, ["tr_2022"]),
        ({"country": "kz", "tag": "osce-pa", "from": "2022-01-01"}, []),
        ({"q": "talks"}, ["tr_2022", "kz_2022"]),
        ({"q": "talks", "country": "tr"}, ["tr_2022"]),
        ({"official": "", "q": " "}, ["tr_2022", "kz_2022", "kz_2021"]),
    ],
)
def test_filters_combine(client, world, params, expected):
    response = client.get(INDEX, params)

    assert listed(response) == [world[name].pk for name in expected]


def test_dates_are_whole_days_in_baku(client):
    # 00:30 on 1 January in Baku is still 31 December in UTC.
    new_year = SearchReleaseFactory(published_at=baku(2022, 1, 1, 0, 30))
    eve = SearchReleaseFactory(published_at=baku(2021, 12, 31, 23, 30))

    assert listed(client.get(INDEX, {"from": "2022-01-01"})) == [new_year.pk]
    assert listed(client.get(INDEX, {"to": "2021-12-31"})) == [eve.pk]


# Invalid values ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "params,message",
    [
        ({"official": "nobody"}, "No published release is about an official “nobody”."),
        ({"official": "not a slug!"}, "Enter a valid “slug”"),
        ({"country": "zz"}, "There are no releases about a country “zz”."),
        ({"country": "kaz"}, "A country is given by its two-letter code, e.g. kz."),
        ({"tag": "no-such-tag"}, "No published release has a tag “no-such-tag”."),
        ({"section": "nowhere"}, "There is no section “nowhere”."),
        ({"from": "2022-02-30"}, "“From” must be a real date written YYYY-MM-DD"),
        ({"to": "28/03/2022"}, "“To” must be a real date written YYYY-MM-DD"),
        ({"from": "0001-01-01"}, "Give a date between 1900 and 2100."),
        ({"to": "9999-12-31"}, "Give a date between 1900 and 2100."),
        ({"from": "2023-01-01", "to": "2022-01-01"}, "“From” is after “To”"),
        ({"q": "Astana\x00"}, "Null characters are not allowed."),
        ({"country": "kz", "from": "2022-13-01"}, "“From” must be a real date"),
    ],
)
def test_invalid_values_get_a_message_and_no_results(client, world, params, message):
    response = client.get(INDEX, params)
    html = response.content.decode()

    assert response.status_code == 400
    assert message in html
    assert list(response.context["latest"]) == []
    assert response.context["facets"] == []
    for name in ("kz_2022", "kz_2021", "tr_2022"):
        assert world[name].get_absolute_url() not in html


def test_an_official_known_only_from_drafts_is_unknown(client, world):
    secret = OfficialFactory(full_name="Secret Visitor", slug="secret-visitor")
    in_state("draft", officials=[secret])

    response = client.get(INDEX, {"official": "secret-visitor"})

    assert response.status_code == 400
    assert (
        "No published release is about an official “secret-visitor”." in response.content.decode()
    )
    assert "Secret Visitor" not in response.content.decode()


# Active filters and choices ------------------------------------------------------------


def test_each_active_filter_links_to_the_list_without_it(client, world):
    params = {"official": "sahiba-gafarova", "country": "kz", "from": "2022-01-01", "page": "1"}

    response = client.get(INDEX, params)

    active = {f["name"]: f for f in response.context["active_filters"]}
    assert [f["name"] for f in response.context["active_filters"]] == [
        "official",
        "country",
        "from",
    ]
    assert active["official"]["value"] == "Sahiba Gafarova"
    assert active["country"]["value"] == "Kazakhstan"
    remaining = parse_qs(urlsplit(active["country"]["remove_url"]).query)
    assert remaining == {"official": ["sahiba-gafarova"], "from": ["2022-01-01"]}
    remaining = parse_qs(urlsplit(active["official"]["remove_url"]).query)
    assert remaining == {"country": ["kz"], "from": ["2022-01-01"]}


def test_choices_count_releases_matching_the_other_filters(client, world):
    response = client.get(INDEX, {"country": "kz", "from": "2022-01-01"})

    # Officials under country=kz and from: only the 2022 Kazakhstan release.
    assert facet(response, "official") == {"Sahiba Gafarova": 1}
    # Countries ignore the country filter itself: both 2022 releases count.
    assert facet(response, "country") == {"Kazakhstan": 1, "Türkiye": 1}
    assert facet(response, "tag") == {"TurkPA": 1}
    assert facet(response, "section") == {"Chair’s Travels": 1}


def test_choices_without_filters_count_everything_published(client, world):
    response = client.get(INDEX)

    assert facet(response, "official") == {"Azay Guliyev": 2, "Sahiba Gafarova": 2}
    assert facet(response, "country") == {"Kazakhstan": 2, "Türkiye": 1}
    assert facet(response, "tag") == {"TurkPA": 2, "OSCE PA": 1}


def test_choice_links_add_their_filter_and_keep_the_others(client, world):
    response = client.get(INDEX, {"country": "kz", "page": "1"})

    official = next(f for f in response.context["facets"] if f["name"] == "official")
    url = next(c["url"] for c in official["choices"] if c["label"] == "Azay Guliyev")
    assert parse_qs(urlsplit(url).query) == {"country": ["kz"], "official": ["azay-guliyev"]}
    assert listed(client.get(INDEX + url)) == [world["kz_2021"].pk]


def test_paging_keeps_the_filters(client):
    kz = country("KZ")
    for n in range(25):
        SearchReleaseFactory(
            countries=[kz], published_at=timezone.now() - datetime.timedelta(days=n + 1)
        )

    first = client.get(INDEX, {"country": "kz"})
    second = client.get(INDEX, {"country": "kz", "page": "2"})

    assert len(first.context["latest"]) == 20
    assert 'href="?country=kz&amp;page=2"' in first.content.decode()
    assert len(second.context["latest"]) == 5
    assert client.get(INDEX, {"country": "kz", "page": "3"}).status_code == 404


@pytest.mark.parametrize("params", [{"country": "kz", "tag": "turkpa"}, {"q": "Astana"}])
def test_lists_counted_from_their_releases_page_newest_first(client, params):
    """Under two filters or words the list is counted from its releases' ids, not the
    kept counts; its pages are newest first, the same time broken by the latest added."""
    kz, tr = country("KZ"), country("TR")
    same_time = timezone.now() - datetime.timedelta(days=3)
    kept = [
        SearchReleaseFactory(
            title=f"Astana talks {n}",
            countries=[kz],
            tags=["TurkPA"],
            published_at=same_time if n < 3 else timezone.now() - datetime.timedelta(days=n + 5),
        )
        for n in range(23)
    ]
    SearchReleaseFactory(title="Ankara talks", countries=[tr], tags=["TurkPA"])
    in_state("draft", title="Astana draft", countries=[kz], tags=["TurkPA"])
    expected = sorted(kept, key=lambda r: (r.published_at, r.pk), reverse=True)

    first = client.get(INDEX, params)
    second = client.get(INDEX, {**params, "page": "2"})

    assert first.context["paginator"].count == 23
    assert listed(first) + listed(second) == [r.pk for r in expected]


# Entry points ------------------------------------------------------------------------------


def test_official_country_and_tag_pages_link_to_their_filter(client, world):
    pages = [
        (world["gafarova"].get_absolute_url(), "/en/releases/?official=sahiba-gafarova"),
        ("/en/countries/kz/", "/en/releases/?country=kz"),
        ("/en/tags/turkpa/", "/en/releases/?tag=turkpa"),
    ]
    for page, link in pages:
        html = client.get(page).content.decode()
        assert f'<a href="{link}">Filter these releases</a>' in html
        assert client.get(link).status_code == 200


# Nothing leaks --------------------------------------------------------------------------

FILTER_SURFACES = [
    ("filtered by country", "/en/releases/?country=kz"),
    ("filtered by official", "/en/releases/?official=sahiba-gafarova"),
    ("filtered by tag", "/en/releases/?tag=turkpa"),
    ("filtered by words", "/en/releases/?q=Astana"),
    ("filtered by dates", "/en/releases/?from=2022-01-01&to=2022-12-31"),
    ("all filters", "/en/releases/?country=kz&official=sahiba-gafarova&tag=turkpa&from=2022-01-01"),
]


@pytest.mark.parametrize("state", HIDDEN_STATES)
@pytest.mark.parametrize("name,url", FILTER_SURFACES)
def test_unpublished_releases_are_never_listed_or_counted(client, name, url, state):
    gafarova = OfficialFactory(full_name="Sahiba Gafarova", slug="sahiba-gafarova")
    kz = country("KZ")
    when = baku(2022, 3, 28, 18, 10)
    visible = SearchReleaseFactory(
        title="Astana talks",
        published_at=when,
        officials=[gafarova],
        countries=[kz],
        tags=["TurkPA"],
    )
    hidden_official = OfficialFactory(full_name="Quokka Person", slug="quokka-person")
    extra = {"published_at": when} if state != "scheduled" else {}
    hidden = in_state(
        state,
        title="Astana Quokka talks",
        officials=[gafarova, hidden_official],
        countries=[kz, country("NZ")],
        tags=["TurkPA", "Quokka"],
        **extra,
    )

    response = client.get(url)
    html = response.content.decode()

    assert listed(response) == [visible.pk]
    assert response.context["paginator"].count == 1
    assert "Quokka" not in html
    assert "New Zealand" not in html
    assert hidden.get_absolute_url() not in html
    counts = [c["count"] for f in response.context["facets"] for c in f["choices"]]
    assert counts and set(counts) == {1}


# Fixed number of queries -------------------------------------------------------------------


def _queries_for(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.usefixtures("page_cache_off")
@pytest.mark.parametrize(
    "url",
    [
        "/en/releases/",
        "/en/releases/?country=kz",
        "/en/releases/?country=kz&official=sahiba-gafarova&tag=turkpa&section=chairs-travels"
        "&from=2020-01-01&to=2030-12-31&q=talks",
    ],
)
def test_filtered_list_runs_a_fixed_number_of_queries(client, url, django_assert_max_num_queries):
    gafarova = OfficialFactory(full_name="Sahiba Gafarova", slug="sahiba-gafarova")
    travels = SectionFactory(name="Chair’s Travels", slug="chairs-travels")
    others = [OfficialFactory() for _ in range(3)]

    def add(n):
        for i in range(n):
            SearchReleaseFactory(
                title=f"Astana talks {i}",
                officials=[gafarova, others[i % 3]],
                countries=[country("KZ"), country("TR")],
                tags=["TurkPA", f"Topic {i % 4}"],
                section=travels,
            )

    add(3)
    three = _queries_for(client, url)
    add(27)
    thirty = _queries_for(client, url)

    assert three == thirty
    with django_assert_max_num_queries(24):
        response = client.get(url)
    assert len(response.context["latest"]) == 20


def test_status_line_names_the_count(client, world):
    html = client.get(INDEX, {"country": "kz"}).content.decode()

    assert re.search(r"2 releases\s+match these filters\.", html)


def test_choices_counted_release_by_release_wait_beyond_the_facet_limit(client, world, monkeypatch):
    from public.views import ReleaseIndexView

    monkeypatch.setattr(ReleaseIndexView, "facet_limit", 1)

    broad = client.get(INDEX)
    two_filters = client.get(INDEX, {"country": "kz", "official": "azay-guliyev"})
    words = client.get(INDEX, {"q": "talks"})

    # One filter or none: the kept counts answer, however many releases they count.
    assert facet(broad, "country") == {"Kazakhstan": 2, "Türkiye": 1}
    assert facet(broad, "official") == {"Azay Guliyev": 2, "Sahiba Gafarova": 2}
    assert "appear once a filter leaves" not in broad.content.decode()
    # Tags under two filters are counted from the releases: 1 release, within the limit.
    assert facet(two_filters, "tag") == {"OSCE PA": 1}
    # Words are counted from the releases: 2 releases match "talks", over the limit.
    assert facet(words, "official") == {}
    assert "appear once a filter leaves 1 release" in words.content.decode()


def test_archive_years_skip_years_without_public_releases(client):
    from search import counts

    SearchReleaseFactory(published_at=baku(2019, 1, 1, 0, 5))
    SearchReleaseFactory(published_at=baku(2022, 12, 31, 23, 55))
    in_state("draft", published_at=baku(2020, 6, 1, 12, 0))

    assert counts.published_years() == [datetime.date(2022, 1, 1), datetime.date(2019, 1, 1)]


@pytest.mark.parametrize(
    "q,expected",
    [
        ("Astana " + "x" * 10_000, []),  # every word must match
        ("& | ! :* ' \"", ["kz_2022", "kz_2021"]),  # no words: only the country applies
        ("Şuşa Москва", []),
        ("Astana:*", ["kz_2022"]),
    ],
)
def test_hostile_words_in_the_filtered_list_never_break_it(client, world, q, expected):
    response = client.get(INDEX, {"q": q, "country": "kz"})
    html = response.content.decode()

    assert response.status_code == 200
    assert listed(response) == [world[name].pk for name in expected]
    assert "x" * 201 not in html


def test_a_list_narrowed_by_words_is_counted_up_to_a_limit(client, world, monkeypatch):
    from public.views import ReleaseIndexView

    monkeypatch.setattr(ReleaseIndexView, "facet_limit", 1)

    response = client.get(INDEX, {"q": "talks"})

    assert listed(response) == [world["tr_2022"].pk, world["kz_2022"].pk]
    assert re.search(r"More than 1 releases\s+match these filters", response.content.decode())
    # Without words the kept counts give the exact number, whatever the limit.
    exact = client.get(INDEX, {"country": "kz"})
    assert re.search(r"2 releases\s+match these filters", exact.content.decode())
