"""Site search at /search/: matching, ranking, highlighting, paging, hostile input, leaks.

Stemming, prefixes and ranking are PostgreSQL's full-text search and are tested
only there; the simpler match is tested only on SQLite.
"""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from releases.models import Release
from search import vector
from search.terms import MAX_QUERY_CHARS, excerpt, fold, highlight, query_words
from tests.factories import (
    HIDDEN_STATES,
    OfficialFactory,
    PositionFactory,
    SearchReleaseFactory,
    country,
    in_state,
)
from tests.workflow.admin_helpers import INLINES
from workflow import editing

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="PostgreSQL full-text search"
)
sqlite_only = pytest.mark.skipif("connection.vendor != 'sqlite'", reason="SQLite fallback")

SEARCH = reverse("releases:search")


def results(client, q, **params):
    response = client.get(SEARCH, {"q": q, **params})
    assert response.status_code == 200
    return list(response.context["results"])


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


# Reading the query ---------------------------------------------------------------


def test_query_words_keep_letters_of_any_alphabet_and_drop_syntax():
    assert query_words('"Kazakh" & | ! :* (parliament)\'') == ["Kazakh", "parliament"]
    assert query_words("Gəncə Şuşa Bakı Москва") == ["Gəncə", "Şuşa", "Bakı", "Москва"]
    assert query_words("a I x") == []
    assert query_words("Kazakh kazakh KAZAKH") == ["Kazakh"]
    assert query_words("İstanbul") == ["İstanbul"]


def test_highlight_marks_word_starts_and_other_forms():
    assert highlight("Meeting in Kazakhstan", ["meetings", "Kazakh"]) == (
        "<mark>Meeting</mark> in <mark>Kazakhstan</mark>"
    )
    assert highlight("a < b & Kazakh", ["kazakh"]) == "a &lt; b &amp; <mark>Kazakh</mark>"


def test_query_words_are_cut_to_a_sensible_size():
    words = query_words("word " * 2000)
    assert words == ["word"]
    many = query_words(" ".join(f"w{n}" for n in range(50)))
    assert many == ["w0", "w1", "w2", "w3", "w4", "w5", "w6", "w7"]
    assert query_words("x" * 10_000) == ["x" * MAX_QUERY_CHARS]


# The sample content ----------------------------------------------------------------


def test_kazakh_finds_both_sample_releases(client):
    call_command("loaddata", "fixtures/sample.json", verbosity=0)
    # The sample names no published versions; published in English, as migration 0020
    # made every release published before versions had languages.
    Release.objects.filter(status="published").update(published_languages="en")
    call_command("reindex_releases", verbosity=0)

    found = results(client, "Kazakh")

    assert sorted(r.pk for r in found) == sorted(
        Release.objects.published().values_list("pk", flat=True)
    )
    assert len(found) == 2


# Matching and ordering -----------------------------------------------------------


def test_words_in_any_searchable_field_are_found(client):
    official = OfficialFactory(full_name="Aydin Quliyev")
    PositionFactory(official=official, title="Ombudsman of the Caspian Council")
    by_title = SearchReleaseFactory(title="Zanzibar delegation visits Baku")
    by_lead = SearchReleaseFactory(lead="The Zanzibar talks went well.")
    by_body = SearchReleaseFactory(body="Delegates from Zanzibar attended.")
    by_tag = SearchReleaseFactory(tags=["Zanzibar"])
    by_official = SearchReleaseFactory(officials=[official])
    by_country = SearchReleaseFactory(countries=[country("KZ")])
    SearchReleaseFactory(title="Unrelated news")

    assert {r.pk for r in results(client, "zanzibar")} == {
        by_title.pk,
        by_lead.pk,
        by_body.pk,
        by_tag.pk,
    }
    assert [r.pk for r in results(client, "Quliyev")] == [by_official.pk]
    assert [r.pk for r in results(client, "Ombudsman Caspian")] == [by_official.pk]
    assert [r.pk for r in results(client, "Kazakhstan")] == [by_country.pk]


def test_every_word_must_match(client):
    both = SearchReleaseFactory(body="Talks on energy and transport.")
    SearchReleaseFactory(body="Talks on energy only.")

    assert [r.pk for r in results(client, "energy transport")] == [both.pk]


def test_azerbaijani_and_russian_words_are_found(client):
    release = SearchReleaseFactory(body="Visit to Şuşa and Gəncə; встреча в Москве.")
    SearchReleaseFactory(body="Nothing here.")

    assert [r.pk for r in results(client, "Şuşa")] == [release.pk]
    assert [r.pk for r in results(client, "Gəncə")] == [release.pk]
    assert [r.pk for r in results(client, "встреча")] == [release.pk]


@postgres_only
def test_postgres_prefix_matching_finds_longer_words(client):
    release = SearchReleaseFactory(body="The delegation arrived in Kazakhstan.")
    SearchReleaseFactory(body="The delegation arrived in Turkey.")

    assert [r.pk for r in results(client, "Kazakh")] == [release.pk]


@postgres_only
def test_postgres_stemming_matches_other_forms_of_a_word(client):
    release = SearchReleaseFactory(body="The committee was meeting all week.")
    SearchReleaseFactory(body="The committee rested.")

    assert [r.pk for r in results(client, "meetings")] == [release.pk]


@postgres_only
def test_postgres_title_matches_rank_above_body_matches(client):
    in_title = SearchReleaseFactory(title="Zanzibar parliament visit", published_at=days_ago(30))
    in_body = SearchReleaseFactory(body="A word about Zanzibar.", published_at=days_ago(1))

    assert [r.pk for r in results(client, "Zanzibar")] == [in_title.pk, in_body.pk]


@sqlite_only
def test_sqlite_title_matches_first_then_newest(client):
    old_title = SearchReleaseFactory(title="Zanzibar parliament visit", published_at=days_ago(30))
    new_body = SearchReleaseFactory(body="A word about Zanzibar.", published_at=days_ago(1))
    old_body = SearchReleaseFactory(body="Zanzibar again.", published_at=days_ago(10))

    assert [r.pk for r in results(client, "Zanzibar")] == [old_title.pk, new_body.pk, old_body.pk]


@sqlite_only
@pytest.mark.parametrize(
    "q,text",
    [
        ("GƏNCƏ", "Talks in Gəncə."),
        ("gəncə", "TALKS IN GƏNCƏ."),
        ("КАЗАХСТАН", "Визит в Казахстан."),
        ("qafarova", "Sahiba Qafarova spoke."),
        ("ŞUŞA", "A visit to Şuşa."),
        ("QƏBƏLƏ ÖLKƏ ÜZV ÇIXIŞ DAĞLIQ", "Qəbələ: ölkə üzvləri çıxış etdi, Dağlıq Qarabağ."),
        ("İSTANBUL", "Talks in Istanbul."),
        ("istanbul", "Talks in İstanbul."),
        ("BAKI", "Talks in Bakı."),
        ("bakı", "TALKS IN BAKI."),
    ],
)
def test_sqlite_search_ignores_letter_case_in_every_alphabet(client, q, text):
    release = SearchReleaseFactory(body=text)
    SearchReleaseFactory(body="Talks elsewhere.")

    assert [r.pk for r in results(client, q)] == [release.pk]


@sqlite_only
def test_sqlite_search_ignores_letter_case_in_names_too(client):
    official = OfficialFactory(full_name="Sahibə Qafarova")
    PositionFactory(official=official, title="Milli Məclisin Sədri")
    kazakhstan = country("KZ")
    kazakhstan.other_names = "Qazaxıstan\nКазахстан"
    kazakhstan.save()
    by_official = SearchReleaseFactory(officials=[official])
    by_country = SearchReleaseFactory(countries=[kazakhstan])
    by_tag = SearchReleaseFactory(tags=[Tag.objects.create(name="Şuşa", slug="susa")])
    SearchReleaseFactory(title="Unrelated news")

    assert [r.pk for r in results(client, "QAFAROVA")] == [by_official.pk]
    assert [r.pk for r in results(client, "SAHİBƏ MƏCLİSİN")] == [by_official.pk]
    assert [r.pk for r in results(client, "QAZAXISTAN")] == [by_country.pk]
    assert [r.pk for r in results(client, "КАЗАХСТАН")] == [by_country.pk]
    assert [r.pk for r in results(client, "şuşa")] == [by_tag.pk]


@sqlite_only
def test_sqlite_search_still_needs_the_word_itself(client):
    SearchReleaseFactory(
        title="Talks in Gəncə", body="Şuşa, Bakı, Казахстан.", tags=["Qarabağ"], lead="Ilham"
    )

    # Only letter case is ignored, not the letters: ə is not e, ş is not s.
    for q in ["Gence", "Susa", "Казахстана", "Lənkəran", "Qarabağlı"]:
        assert results(client, q) == [], q


@sqlite_only
def test_sqlite_title_matches_come_first_in_any_letter_case(client):
    in_body = SearchReleaseFactory(body="Визит в Казахстан.", published_at=days_ago(1))
    in_title = SearchReleaseFactory(
        title="Визит в Казахстан", slug="vizit-v-kazakhstan", published_at=days_ago(30)
    )

    assert [r.pk for r in results(client, "КАЗАХСТАН")] == [in_title.pk, in_body.pk]


def test_fold_ignores_case_in_every_alphabet_and_makes_the_four_is_one():
    assert fold("GƏNCƏ ĞÖÜŞÇ") == "gəncə ğöüşç"
    assert fold("КАЗАХСТАН") == "казахстан"
    assert [fold(i) for i in ["İ", "I", "ı", "i"]] == ["i", "i", "i", "i"]
    assert fold("İSTANBUL") == fold("Istanbul") == "istanbul"
    assert fold("BAKI") == fold("Bakı") == "baki"
    assert fold("Gəncə") != fold("Gence")


def test_highlight_and_excerpt_ignore_letter_case_in_every_alphabet():
    assert highlight("Talks in Bakı, Gəncə and Москва", ["BAKI", "GƏNCƏ", "МОСКВА"]) == (
        "Talks in <mark>Bakı</mark>, <mark>Gəncə</mark> and <mark>Москва</mark>"
    )
    text = "Opening words. " * 30 + "Talks in İstanbul. " + "Closing words. " * 30

    shown = excerpt(text, ["ISTANBUL"])

    assert shown.startswith("… ")
    assert "Talks in <mark>İstanbul</mark>." in shown


@postgres_only
def test_postgres_index_follows_edits_through_the_services(client, django_user_model):
    editor = django_user_model.objects.create_superuser("ed", "ed@example.org", "pw")
    release = SearchReleaseFactory(title="Plain title")
    assert results(client, "Zanzibar") == []

    release.title = "Zanzibar talks"
    editing.release_save(release=release, user=editor, expected_version=release.version)
    assert [r.pk for r in results(client, "Zanzibar")] == [release.pk]

    # Relations saved after the release are indexed too, with no call to remember.
    release.tags.set(["Seychelles"])
    assert [r.pk for r in results(client, "Seychelles")] == [release.pk]


@postgres_only
def test_postgres_a_formatted_body_is_found_by_its_words_not_its_link_addresses(client):
    release = SearchReleaseFactory(
        title="Plain title",
        body="**Zanzibar** talks: see [the statement](https://example.org/seychelles-memo).",
        body_format="markdown",
    )

    assert [r.pk for r in results(client, "Zanzibar")] == [release.pk]
    assert [r.pk for r in results(client, "statement")] == [release.pk]
    stored = Release.objects.values_list("search_vector", flat=True).get(pk=release.pk)
    # The address a reader never sees is no word of the release (a plain body keeps it).
    assert "example.org" not in stored and "zanzibar" in stored


@postgres_only
def test_postgres_admin_save_indexes_tags_saved_after_the_release(admin_client):
    release = SearchReleaseFactory(title="Plain title", status=Release.Status.DRAFT)
    url = reverse("admin:releases_release_change", args=[release.pk])
    local = timezone.localtime(release.published_at)
    data = {
        "primary_language": "en",
        "title_en": "Plain title",
        "slug_en": release.slug_en,
        "section": "",
        "published_at_0": local.strftime("%Y-%m-%d"),
        "published_at_1": local.strftime("%H:%M:%S"),
        "lead_en": "",
        "body_en": release.body_en,
        "byline": release.byline,
        "meeting": "",
        "tags": "Seychelles",
        **INLINES,
        "expected_version": release.version,
        "change_note": "",
        "workflow_comment": "",
        "_workflow": "publish",
    }

    response = admin_client.post(url, data)

    assert response.status_code == 302
    release.refresh_from_db()
    assert release.is_published()
    assert [r.pk for r in results(admin_client, "Seychelles")] == [release.pk]


# Highlighting ------------------------------------------------------------------------


def test_matches_are_highlighted_in_title_and_excerpt(client):
    SearchReleaseFactory(
        title="Talks with Kazakhstan",
        body="Opening words. " * 30 + "The Kazakh side proposed a plan. " + "Closing words. " * 30,
    )

    response = client.get(SEARCH, {"q": "Kazakh"})
    html = response.content.decode()

    assert "<mark>Kazakhstan</mark>" in html
    assert "The <mark>Kazakh</mark> side proposed a plan." in html
    # An excerpt, not the whole body.
    assert html.count("Opening words.") < 30


def test_kept_results_follow_the_text_and_the_words(client):
    """Results are kept rendered between requests; other words or an edit are seen."""
    release = SearchReleaseFactory(
        title="Talks with Kazakhstan", body="The Kazakh side proposed a plan."
    )
    assert (
        "<mark>Kazakh</mark> side proposed" in client.get(SEARCH, {"q": "Kazakh"}).content.decode()
    )

    html = client.get(SEARCH, {"q": "Kazakh plan"}).content.decode()
    assert "side proposed a <mark>plan</mark>." in html

    release.body = "The Kazakh side signed a treaty."
    release.save()
    vector.release_index(release=release)

    html = client.get(SEARCH, {"q": "Kazakh"}).content.decode()
    assert "<mark>Kazakh</mark> side signed a treaty." in html
    assert "proposed" not in html


def test_release_text_is_escaped_around_highlights(client):
    SearchReleaseFactory(
        title="Zanzibar <b>bold</b>", body="<script>alert(1)</script> Zanzibar news"
    )

    html = client.get(SEARCH, {"q": "Zanzibar"}).content.decode()

    assert "<script>" not in html
    assert "<mark>Zanzibar</mark> news" in html
    assert "<mark>Zanzibar</mark> &lt;b&gt;bold&lt;/b&gt;" in html


# Hostile and empty input ---------------------------------------------------------------


def test_empty_query_shows_the_form_and_a_hint_and_no_results(client):
    SearchReleaseFactory(title="Zanzibar")
    for params in ({}, {"q": ""}, {"q": "   "}):
        response = client.get(SEARCH, params)
        html = response.content.decode()
        assert response.status_code == 200
        assert list(response.context["results"]) == []
        assert 'id="search-q"' in html
        assert "Type a name, a country or a few words" in html
        assert "Zanzibar" not in html


@pytest.mark.parametrize(
    "q,found",
    [
        ('"Zanzibar', True),
        ("Zanzibar'", True),
        ("Zanzibar & | ! :* ( ) <-> \\", True),
        ("Zanzibar:*", True),
        ("!Zanzibar", True),
        ("'Zanzibar':* & !", True),
        ("Zanzibar Şuşa ə ğ ı ö ş ç ü", True),
        ("Zanzibar Москва", True),
        # Every word must match: these have words no release contains.
        ("Zanzibar; DROP TABLE releases_release; --", False),
        ("Zanzibar " + "x" * 10_000, False),
    ],
)
def test_hostile_queries_never_break_the_page(client, q, found):
    release = SearchReleaseFactory(title="Zanzibar visit", body="Şuşa. Москва.")

    response = client.get(SEARCH, {"q": q})

    assert response.status_code == 200
    assert [r.pk for r in response.context["results"]] == ([release.pk] if found else [])
    assert Release.objects.count() == 1


@pytest.mark.parametrize("q", ["& | ! :*", "'", "\"'()", "a", "- _ - _"])
def test_queries_without_words_say_so(client, q):
    SearchReleaseFactory(title="Zanzibar")

    response = client.get(SEARCH, {"q": q})

    assert response.status_code == 200
    assert list(response.context["results"]) == []
    assert "Type at least one word of two or more letters or digits." in response.content.decode()


def test_very_long_query_is_truncated_with_a_note(client):
    response = client.get(SEARCH, {"q": "Zanzibar " + "y" * 10_000})
    html = response.content.decode()

    assert response.status_code == 200
    assert f"Only the first {MAX_QUERY_CHARS} characters were searched for." in html
    assert "y" * (MAX_QUERY_CHARS + 1) not in html


def test_null_character_is_refused_with_a_message(client):
    response = client.get(SEARCH, {"q": "Zan\x00zibar"})

    assert response.status_code == 200
    assert list(response.context["results"]) == []
    assert "Null characters are not allowed." in response.content.decode()


# Paging ----------------------------------------------------------------------------------


def test_results_are_paged_and_links_keep_the_query(client):
    for n in range(25):
        SearchReleaseFactory(title=f"Zanzibar report {n}", published_at=days_ago(n + 1))

    first = client.get(SEARCH, {"q": "Zanzibar"})
    second = client.get(SEARCH, {"q": "Zanzibar", "page": "2"})

    assert len(first.context["results"]) == 20
    assert first.context["paginator"].count == 25
    assert 'href="?q=Zanzibar&amp;page=2"' in first.content.decode()
    assert len(second.context["results"]) == 5
    assert 'href="?q=Zanzibar&amp;page=1"' in second.content.decode()
    shown = {r.pk for r in first.context["results"]} | {r.pk for r in second.context["results"]}
    assert len(shown) == 25


@pytest.mark.parametrize("page", ["3", "0", "-1", "abc", "99999999999999999999"])
def test_bad_page_is_not_found(client, page):
    for n in range(25):
        SearchReleaseFactory(title=f"Zanzibar report {n}")

    response = client.get(SEARCH, {"q": "Zanzibar", "page": page})

    assert response.status_code == 404


# Nothing leaks --------------------------------------------------------------------------

SEARCH_SURFACES = [
    ("search", "/en/search/?q=Zanzibar"),
    ("search by tag", "/en/search/?q=Seychelles"),
    ("search page 1", "/en/search/?q=Zanzibar&page=1"),
]


@pytest.mark.parametrize("state", HIDDEN_STATES)
@pytest.mark.parametrize("name,url", SEARCH_SURFACES)
def test_unpublished_releases_are_never_found_or_counted(client, name, url, state):
    visible = SearchReleaseFactory(title="Zanzibar visible release", tags=["Seychelles"])
    hidden = in_state(state, title="Zanzibar Quokka release", tags=["Seychelles"])

    response = client.get(url)
    html = response.content.decode()

    assert response.status_code == 200
    assert [r.pk for r in response.context["results"]] == [visible.pk]
    assert response.context["paginator"].count == 1
    assert "1 release found" in html
    assert "Quokka" not in html
    assert hidden.get_absolute_url() not in html


# The header form -------------------------------------------------------------------------


def test_every_page_has_the_search_form_in_its_header(client):
    release = SearchReleaseFactory()
    for url in ["/en/", "/en/releases/", release.get_absolute_url(), "/en/officials/"]:
        html = client.get(url).content.decode()
        assert '<form class="site-search" role="search" action="/en/search/" method="get">' in html


# Fixed number of queries -----------------------------------------------------------------


def _queries_for(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_search_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    official = OfficialFactory()
    for n in range(3):
        SearchReleaseFactory(title=f"Zanzibar {n}", officials=[official], tags=["Seychelles"])
    three = _queries_for(client, "/en/search/?q=Zanzibar")
    for n in range(27):
        SearchReleaseFactory(title=f"Zanzibar more {n}", officials=[official], tags=["Seychelles"])
    thirty = _queries_for(client, "/en/search/?q=Zanzibar")

    assert three == thirty
    with django_assert_max_num_queries(8):
        client.get("/en/search/?q=Zanzibar")


def test_beyond_the_rank_limit_results_are_newest_first_with_a_note(client, monkeypatch):
    from public.search_views import SearchView

    monkeypatch.setattr(SearchView, "rank_limit", 2)
    older_title = SearchReleaseFactory(title="Zanzibar in the title", published_at=days_ago(9))
    newer = [
        SearchReleaseFactory(body=f"Zanzibar note {n}", published_at=days_ago(n)) for n in (1, 2)
    ]

    response = client.get(SEARCH, {"q": "Zanzibar"})

    assert [r.pk for r in response.context["results"]] == [newer[0].pk, newer[1].pk, older_title.pk]
    assert "More than 2 releases found for" in response.content.decode()
    assert "newest first" in response.content.decode()
