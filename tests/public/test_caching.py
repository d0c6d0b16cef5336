"""The page cache (public/caching.py): a reader's page comes from the shared cache, and
no kept page outlives the content it shows."""

import datetime

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import resolve
from django.utils.http import http_date

from public.caching import PageCacheMiddleware, _is_public_address
from releases.models import Release
from search import freshness
from tests.conftest import NOW
from tests.factories import (
    OfficialFactory,
    ReleaseFactory,
    SectionFactory,
    UserFactory,
    baku,
    country,
)
from workflow.previews import preview_link_create, preview_token
from workflow.transitions import release_publish, release_withdraw

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader():
    return Client()


@pytest.fixture
def chair(now):
    return OfficialFactory(
        full_name="Sahiba Gafarova", slug="sahiba-gafarova", country=country("AZ")
    )


@pytest.fixture
def release(chair):
    return ReleaseFactory(
        title="Sahiba Gafarova meets the Senate",
        slug="gafarova-meets-the-senate",
        published_at=baku(2022, 3, 28, 18, 10),
        officials=[chair],
        countries=[country("KZ")],
        tags=["TurkPA"],
        section=SectionFactory(name="Chair’s Travels", slug="chairs-travels"),
    )


def test_a_readers_second_request_is_served_whole_from_the_cache(
    reader, release, django_assert_num_queries
):
    first = reader.get("/en/releases/")

    with django_assert_num_queries(0):
        second = reader.get("/en/releases/")

    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert second.status_code == 200
    assert second.content == first.content
    assert release.title in second.content.decode()
    for header in ("Content-Type", "Content-Language", "ETag", "Last-Modified", "Cache-Control"):
        assert second[header] == first[header], header
    assert second["Cache-Control"] == "public, max-age=0, s-maxage=60"
    assert second["Last-Modified"] == http_date(int(freshness.current().started))
    assert "Set-Cookie" not in second


def test_a_conditional_get_is_answered_304_until_the_content_changes(reader, release, editor):
    first = reader.get("/en/releases/")

    by_tag = reader.get("/en/releases/", HTTP_IF_NONE_MATCH=first["ETag"])
    by_date = reader.get("/en/releases/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert (by_tag.status_code, by_tag.content) == (304, b"")
    assert (by_date.status_code, by_date.content) == (304, b"")

    release_withdraw(release=release, user=editor, reason="Issued in error.")

    after = reader.get("/en/releases/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert after.status_code == 200
    assert after["ETag"] != first["ETag"]
    assert release.title not in after.content.decode()
    assert (
        reader.get("/en/releases/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code
        == 200
    )


def test_publishing_shows_the_release_on_pages_kept_before(reader, release, chair, editor):
    draft = ReleaseFactory(
        draft=True,
        title="The Chair receives the Ambassador",
        published_at=baku(2022, 3, 28, 19, 0),
        officials=[chair],
    )
    pages = ["/en/", "/en/releases/", chair.get_absolute_url(), "/en/feeds/releases.atom"]
    for url in pages:
        reader.get(url)
        assert reader.get(url)["X-Page-Cache"] == "hit"
        assert draft.title not in reader.get(url).content.decode()

    release_publish(release=draft, user=editor)

    for url in pages:
        response = reader.get(url)
        assert response["X-Page-Cache"] == "miss", url
        assert draft.title in response.content.decode(), url


@pytest.mark.parametrize(
    "rename",
    [
        pytest.param(lambda r: _set(r.officials.get(), full_name="Sahiba Qafarova"), id="official"),
        pytest.param(
            lambda r: _set(r.countries.get(), name="Qazaxıstan Respublikası"), id="country"
        ),
        pytest.param(lambda r: _set(r.tags.get(), name="TurkPA Assembly"), id="tag"),
        pytest.param(lambda r: _set(r.section, name="The Chair’s visits"), id="section"),
    ],
)
def test_a_rename_makes_the_pages_that_show_the_name_fresh(reader, release, rename):
    url = release.get_absolute_url()
    reader.get(url)
    assert reader.get(url)["X-Page-Cache"] == "hit"

    new_name = rename(release)

    response = reader.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert new_name in response.content.decode()


def _set(obj, **fields):
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.save()
    return next(iter(fields.values()))


def test_edits_to_an_unshown_record_keep_the_pages(reader, release, editor):
    draft = ReleaseFactory(draft=True, title="Secret draft: the Chair to visit Yerevan")
    reader.get("/en/releases/")

    preview_link_create(release=draft, user=editor)

    assert reader.get("/en/releases/")["X-Page-Cache"] == "hit"


def test_pages_are_kept_no_later_than_the_next_scheduled_publication(reader, release, clock):
    scheduled = ReleaseFactory(
        title="Embargoed: the Chair to address the Senate",
        published_at=baku(2022, 3, 28, 20, 0, 30),
    )
    assert scheduled.is_scheduled
    first = reader.get("/en/releases/")
    assert first["Cache-Control"] == "public, max-age=0, s-maxage=30"
    assert reader.get("/en/releases/")["X-Page-Cache"] == "hit"

    clock.move(seconds=30)

    response = reader.get("/en/releases/")
    assert response["X-Page-Cache"] == "miss"
    assert scheduled.title in response.content.decode()
    assert response["Cache-Control"] == "public, max-age=0, s-maxage=60"
    # A new generation: Last-Modified moves on with it.
    assert response["Last-Modified"] != first["Last-Modified"]


def test_signed_in_staff_are_never_served_or_kept(release, editor):
    staff = Client()
    staff.force_login(editor)

    first = staff.get("/en/releases/")
    second = staff.get("/en/releases/")

    assert "X-Page-Cache" not in first and "X-Page-Cache" not in second
    assert release.title in second.content.decode()
    # Nothing staff saw was kept for readers either.
    assert Client().get("/en/releases/")["X-Page-Cache"] == "miss"


def test_previews_and_the_admin_are_never_kept(release, editor, reader):
    draft = ReleaseFactory(draft=True, title="Secret draft: the Chair to visit Yerevan")
    preview_url = f"/preview/{preview_token(preview_link_create(release=draft, user=editor))}/"

    for _ in range(2):
        response = reader.get(preview_url)
        assert response.status_code == 200
        assert "X-Page-Cache" not in response
        assert "no-cache" in response["Cache-Control"]
    for _ in range(2):
        assert "X-Page-Cache" not in reader.get("/admin/login/")
    # The draft reached no kept page.
    assert draft.title not in reader.get("/en/releases/").content.decode()


def test_only_answers_200_are_kept(reader, release):
    for _ in range(2):
        missing = reader.get("/en/releases/2022/03/28/no-such-release/")
        assert missing.status_code == 404
        assert "X-Page-Cache" not in missing


def test_long_queries_and_other_hosts_are_kept_apart(reader, release):
    reader.get("/en/releases/?q=gafarova")
    assert reader.get("/en/releases/?q=gafarova")["X-Page-Cache"] == "hit"
    assert (
        reader.get("/en/releases/?q=gafarova", HTTP_HOST="other.example")["X-Page-Cache"] == "miss"
    )

    long = "/en/search/?q=" + "gafarova+" * 60
    for _ in range(2):
        assert "X-Page-Cache" not in reader.get(long)


def test_a_page_made_while_a_change_commits_is_not_served(rf, release):
    """The page began before the change and may show the content of before: it is kept
    under the generation that ended, so the next reader gets a page made afresh."""

    def page(text):
        def view(request):
            request.resolver_match = resolve("/en/releases/")
            return HttpResponse(text)

        return view

    def made_during_a_change(request):
        freshness.content_changed()  # another server commits a change meanwhile
        return page("made before the change")(request)

    first = PageCacheMiddleware(made_during_a_change)(rf.get("/en/releases/"))
    second = PageCacheMiddleware(page("made after"))(rf.get("/en/releases/"))
    third = PageCacheMiddleware(page("never made"))(rf.get("/en/releases/"))

    assert [first["X-Page-Cache"], second["X-Page-Cache"], third["X-Page-Cache"]] == [
        "miss",
        "miss",
        "hit",
    ]
    assert (second.content, third.content) == (b"made after", b"made after")


def test_a_generation_ends_when_its_horizon_comes(clock):
    ReleaseFactory(published_at=baku(2022, 3, 28, 21, 0))
    first = freshness.current()
    assert first.horizon == baku(2022, 3, 28, 21, 0).timestamp()
    assert freshness.current() == first

    clock.move(hours=1)

    second = freshness.current()
    assert second.token != first.token
    assert second.horizon is None
    assert int(second.started) > int(first.started)
    assert clock.current == NOW + datetime.timedelta(hours=1)


def test_a_release_public_in_no_language_sets_no_horizon(now):
    ReleaseFactory(published_at=baku(2022, 3, 28, 21, 0), published_languages="")
    assert Release.objects.next_publication_at() is None
    ReleaseFactory(published_at=baku(2022, 3, 29, 9, 0), draft=True)
    assert Release.objects.next_publication_at() is None


def test_any_user_change_keeps_the_pages(reader, release):
    reader.get("/en/releases/")
    UserFactory(username="another-officer")
    assert reader.get("/en/releases/")["X-Page-Cache"] == "hit"


@pytest.fixture
def unreachable_cache(settings):
    """The page cache on a Redis server that does not answer (nothing listens there)."""
    settings.CACHES = {
        **settings.CACHES,
        "unreachable": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
        },
    }

    def use(alias):
        settings.NEWSROOM_PAGE_CACHE = {**settings.NEWSROOM_PAGE_CACHE, "ALIAS": alias}

    use("unreachable")
    return use


def test_an_unreachable_cache_serves_pages_from_the_database(
    reader, release, chair, editor, unreachable_cache
):
    first = reader.get("/en/releases/")
    draft = ReleaseFactory(draft=True, title="The Chair receives the Ambassador", officials=[chair])

    release_publish(release=draft, user=editor)
    second = reader.get("/en/releases/")

    assert "X-Page-Cache" not in first and "X-Page-Cache" not in second
    assert release.title in first.content.decode()
    assert draft.title not in first.content.decode()
    assert draft.title in second.content.decode()
    assert "Set-Cookie" not in second


def test_a_change_made_while_the_cache_was_unreachable_ends_its_pages_when_it_is_back(
    reader, release, chair, editor, unreachable_cache
):
    unreachable_cache("default")
    draft = ReleaseFactory(draft=True, title="The Chair receives the Ambassador", officials=[chair])
    assert reader.get("/en/releases/")["X-Page-Cache"] == "miss"
    assert reader.get("/en/releases/")["X-Page-Cache"] == "hit"

    unreachable_cache("unreachable")
    release_publish(release=draft, user=editor)
    unreachable_cache("default")
    back = reader.get("/en/releases/")

    assert back["X-Page-Cache"] == "miss"
    assert draft.title in back.content.decode()


@pytest.fixture
def memo_only(settings):
    """The page cache off, the per-process memo of filter counts and widgets on."""
    settings.NEWSROOM_PAGE_CACHE = {**settings.NEWSROOM_PAGE_CACHE, "ENABLED": False}


def _facet(content, name):
    """{choice label: count} of the list's facet ``name`` ("country", "tag" …)."""
    import re

    section = content.split(f'id="facet-{name}"', 1)[1].split("</section>", 1)[0]
    found = re.findall(r'rel="nofollow">([^<]+)</a> <span class="count">(\d+)</span>', section)
    return {label: int(count) for label, count in found}


def test_filter_counts_are_made_once_per_generation_and_fresh_after_a_change(
    reader, release, chair, editor, memo_only, django_assert_max_num_queries
):
    """Made once, then remembered until a change ends the generation."""
    first = reader.get("/en/releases/")
    # The page's ids: the counts and the cards are remembered.
    with django_assert_max_num_queries(1):
        again = reader.get("/en/releases/")
    draft = ReleaseFactory(draft=True, title="The Chair receives the Ambassador", officials=[chair])
    draft.countries.set([country("KZ"), country("TR")])

    release_publish(release=draft, user=editor)
    after = reader.get("/en/releases/")

    assert "X-Page-Cache" not in again
    assert _facet(first.content.decode(), "country") == {"Kazakhstan": 1}
    assert _facet(again.content.decode(), "country") == {"Kazakhstan": 1}
    assert _facet(after.content.decode(), "country") == {"Kazakhstan": 2, "Türkiye": 1}
    assert draft.title in after.content.decode()


def test_the_memo_off_makes_the_counts_on_every_page(
    reader, release, settings, django_assert_max_num_queries
):
    settings.NEWSROOM_PAGE_CACHE = {**settings.NEWSROOM_PAGE_CACHE, "ENABLED": False}
    reader.get("/en/releases/")
    with django_assert_max_num_queries(100) as remembered:
        reader.get("/en/releases/")
    settings.NEWSROOM_PAGE_CACHE = {**settings.NEWSROOM_PAGE_CACHE, "MEMO": False}
    with django_assert_max_num_queries(100) as made:
        reader.get("/en/releases/")

    # Remembered, only the page's ids are read; else the counts (the total and the
    # facets, the years, the facets' labels) and the releases with their officials, tags
    # and lead photos.
    assert (len(remembered.captured_queries), len(made.captured_queries)) == (1, 8)


def test_remembered_cards_keep_each_pages_heading_and_language_and_follow_a_rename(
    reader, release, chair, memo_only
):
    def card_titles(url):
        import re

        content = reader.get(url).content.decode()
        pattern = r'<(h\d) class="card__title"[^>]*><a href="([^"]+)">([^<]+)</a>'
        return re.findall(pattern, content)

    shown = ("/en/releases/2022/03/28/gafarova-meets-the-senate/", release.title)
    for _ in range(2):
        assert card_titles("/en/releases/") == [("h2", *shown)]
        assert card_titles(chair.get_absolute_url()) == [("h3", *shown)]
    # Not published in Russian: the Russian list shows the English text, marked so.
    assert card_titles("/ru/releases/") == [("h2", *shown)]
    assert 'class="card__language"' in reader.get("/ru/releases/").content.decode()
    assert 'class="card__language"' not in reader.get("/en/releases/").content.decode()

    _set(chair, full_name="Sahiba Gafarova-Renamed")
    content = reader.get("/en/releases/").content.decode()

    assert "Sahiba Gafarova-Renamed" in content


# A URLconf with none of the public site's pages, for the test below.
urlpatterns = []


def test_which_addresses_are_kept_follows_the_urlconf(reader, release, settings):
    path = release.get_absolute_url()
    assert (_is_public_address(path), _is_public_address("/admin/")) == (True, False)

    settings.ROOT_URLCONF = __name__
    assert _is_public_address(path) is False
