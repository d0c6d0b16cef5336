"""The parts of a page each process remembers per content generation
(public/templatetags/remember_tags.py) and the one generation a request reads
(search.freshness.one_generation)."""

import pytest
from django.http import Http404
from django.test import Client
from django.urls import reverse

from public import languages
from releases import selectors
from search import freshness
from tests.factories import (
    OfficialFactory,
    ReleaseFactory,
    UserFactory,
    baku,
    country,
)
from workflow.transitions import release_publish, release_withdraw

pytestmark = pytest.mark.django_db

PAGE = "/en/releases/2022/03/28/gafarova-meets-the-senate/"


@pytest.fixture
def memo_only(settings):
    """The page cache off, the per-process memo on."""
    settings.NEWSROOM_PAGE_CACHE = {**settings.NEWSROOM_PAGE_CACHE, "ENABLED": False}


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
        body="The sides discussed inter-parliamentary cooperation.",
    )


@pytest.fixture
def editor(db):
    return UserFactory(username="editor", groups=["Editor"])


def _related(content):
    if 'id="related-heading"' not in content:
        return []
    section = content.split('id="related-heading"', 1)[1].split("</section>", 1)[0]
    return [line.split('">', 1)[1].split("</a>", 1)[0] for line in section.split("<li>")[1:]]


def test_a_release_page_is_made_once_then_read_with_one_query(
    reader, release, memo_only, django_assert_max_num_queries, settings
):
    settings.NEWSROOM_PAGE_CACHE = {**settings.NEWSROOM_PAGE_CACHE, "MEMO": False}
    made = reader.get(PAGE).content
    settings.NEWSROOM_PAGE_CACHE = {**settings.NEWSROOM_PAGE_CACHE, "MEMO": True}
    first = reader.get(PAGE).content

    # The release itself, to know it is still public; its parts are remembered.
    with django_assert_max_num_queries(1) as queries:
        again = reader.get(PAGE).content

    assert again == first == made
    assert "The sides discussed inter-parliamentary cooperation." in again.decode()
    # Only what its addresses are made of: the texts are in the remembered parts.
    (query,) = queries.captured_queries
    assert ('"body_en"' in query["sql"], '"slug_en"' in query["sql"]) == (False, True)


def test_a_release_withdrawn_before_its_parts_are_made_is_not_shown(release, editor):
    light = selectors.release_page_queryset().get(pk=release.pk)
    release_withdraw(release=release, user=editor, reason="Published in error.")

    with pytest.raises(Http404):
        selectors.with_page_data(light)


def test_a_release_is_read_whole_once_for_all_its_parts(release, django_assert_num_queries):
    light = selectors.release_page_queryset().get(pk=release.pk)
    whole = selectors.with_page_data(light)

    with django_assert_num_queries(0):
        assert selectors.with_page_data(light) is whole
        assert selectors.with_page_data(whole) is whole
    assert (whole.body, [o.full_name for o in whole.officials.all()]) == (
        "The sides discussed inter-parliamentary cooperation.",
        ["Sahiba Gafarova"],
    )


def test_an_edit_a_publish_and_a_withdrawal_show_on_the_page_at_once(
    reader, release, chair, editor, memo_only
):
    reader.get(PAGE)
    release.body = "The sides signed a memorandum."
    release.save()
    edited = reader.get(PAGE).content.decode()
    other = ReleaseFactory(draft=True, title="The Chair receives the Senate again")
    other.officials.set([chair])

    release_publish(release=other, user=editor)
    related = _related(reader.get(PAGE).content.decode())
    release_withdraw(release=release, user=editor, reason="Published in error.")
    withdrawn = reader.get(PAGE)

    assert "The sides signed a memorandum." in edited
    assert "inter-parliamentary cooperation" not in edited
    assert related == ["The Chair receives the Senate again"]
    assert withdrawn.status_code == 410
    assert "The sides signed a memorandum." not in withdrawn.content.decode()


def test_each_language_and_host_has_its_own_parts(reader, release, memo_only):
    english = reader.get(PAGE).content.decode()
    russian = reader.get(PAGE.replace("/en/", "/ru/", 1)).content.decode()
    other_host = reader.get(PAGE, HTTP_HOST="news.example.org").content.decode()

    assert 'lang="en"' in english.split("<html", 1)[1][:20]
    assert 'lang="ru"' in russian.split("<html", 1)[1][:20]
    # The page's canonical address names the host it was asked on.
    assert '<link rel="canonical" href="http://testserver/en/' in english
    assert '<link rel="canonical" href="http://news.example.org/en/' in other_host


def test_a_preview_leaves_nothing_remembered(release, editor, memo_only):
    draft = ReleaseFactory(draft=True, title="Secret: the Chair to visit Yerevan")
    staff = Client()
    staff.force_login(editor)

    preview = staff.get(reverse("workflow:release_preview", args=[draft.pk]))

    assert draft.title in preview.content.decode()
    kept = freshness.memo()
    assert [key for key in kept if key[0] == "part"] == []


def test_a_request_reads_the_generation_once(reader, release, memo_only, monkeypatch):
    reads = []
    cache = freshness._cache()
    real_get = cache.get

    def counting_get(key, *args, **kwargs):
        if key == freshness._KEY:
            reads.append(key)
        return real_get(key, *args, **kwargs)

    reader.get("/en/releases/")
    monkeypatch.setattr(cache, "get", counting_get)
    reader.get("/en/releases/")

    assert len(reads) == 1


def test_a_change_within_one_generation_is_seen_at_the_next_read(release):
    with freshness.one_generation():
        before = freshness.current()
        assert freshness.current() is before
        freshness.content_changed()
        after = freshness.current()

    assert after.token != before.token


def _switcher(content):
    nav = content.split('<nav class="languages"', 1)[1].split("</nav>", 1)[0]
    return [part.split('"', 1)[0] for part in nav.split('href="')[1:]]


def test_each_address_keeps_its_own_switcher_and_sidebar(reader, release, memo_only):
    other = ReleaseFactory(
        title="The Chair receives the Turkish Ambassador", countries=[country("TR")]
    )
    for _ in range(2):
        kazakhstan = reader.get("/en/releases/?country=kz").content.decode()
        turkey = reader.get("/en/releases/?country=tr").content.decode()

    assert _switcher(kazakhstan) == ["/az/releases/?country=kz", "/ru/releases/?country=kz"]
    assert _switcher(turkey) == ["/az/releases/?country=tr", "/ru/releases/?country=tr"]
    assert (release.title in kazakhstan, other.title in kazakhstan) == (True, False)
    assert (release.title in turkey, other.title in turkey) == (False, True)


def test_a_list_narrowed_by_words_remembers_no_sidebar(reader, release, memo_only):
    reader.get("/en/releases/?q=cooperation")
    reader.get("/en/releases/?country=kz")

    names = [key[1:3] for key in freshness.memo() if key[0] == "part" and len(key) > 2]
    assert ("index-sidebar", "/en/releases/?country=kz") in names
    assert not [name for name in names if "cooperation" in str(name[1])]


def test_a_tag_page_remembers_its_tag_and_follows_publishing(
    reader, chair, memo_only, editor, django_assert_num_queries
):
    shown = ReleaseFactory(title="Shown with the tag", tags=["Caspian"], officials=[chair])
    draft = ReleaseFactory(draft=True, title="Draft with a secret tag", tags=["Secret talks"])

    assert reader.get("/en/tags/caspian/").status_code == 200
    # The tag is remembered: the page reads only the releases carrying it.
    with django_assert_num_queries(1):
        again = reader.get("/en/tags/caspian/")
    assert "Shown with the tag" in again.content.decode()
    assert reader.get("/en/tags/secret-talks/").status_code == 404

    release_publish(release=draft, user=editor)
    assert "Draft with a secret tag" in reader.get("/en/tags/secret-talks/").content.decode()

    release_withdraw(release=shown, user=editor, reason="Wrong date.")
    assert reader.get("/en/tags/caspian/").status_code == 404


def _hreflang(content):
    return [
        line.split('hreflang="', 1)[1].split('"', 1)[0]
        for line in content.split("\n")
        if line.strip().startswith('<link rel="alternate" hreflang=')
    ]


def test_a_release_pages_languages_are_remembered_and_follow_a_new_version(
    reader, release, memo_only, monkeypatch
):
    made = []
    alternates = languages.alternates
    monkeypatch.setattr(
        languages, "alternates", lambda *args: made.append(args) or alternates(*args)
    )
    reader.get(PAGE)
    made.clear()
    english_only = reader.get(PAGE).content.decode()
    assert made == []  # the switcher and the hreflang links were remembered

    release.title_ru, release.slug_ru = "Сахиба Гафарова встретилась с Сенатом", "gafarova-senat"
    release.body_ru, release.published_languages = "Стороны обсудили сотрудничество.", "en ru"
    release.save()
    both = reader.get(PAGE).content.decode()

    assert (_switcher(english_only), _hreflang(english_only)) == ([], ["en", "x-default"])
    assert _switcher(both) == ["/ru/releases/2022/03/28/gafarova-senat/"]
    assert _hreflang(both) == ["en", "ru", "x-default"]
