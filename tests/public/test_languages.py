"""The site in three languages: where addresses lead, the switcher, hreflang, and the
versions a page may show (public/languages.py, public/templatetags/language_tags.py)."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from releases.models import Release
from tests.factories import ReleaseFactory, TrilingualReleaseFactory

pytestmark = pytest.mark.django_db

HOST = "http://testserver"
HREFLANG = re.compile(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">')
SWITCHER = re.compile(r'<nav class="languages".*?</nav>', re.S)


def in_language(lang, name, **kwargs):
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


# Where addresses lead -------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "home"),
    [("", "/az/"), ("ru-RU,ru;q=0.9,en;q=0.5", "/ru/"), ("de,en-GB;q=0.8", "/en/"), ("fr", "/az/")],
)
def test_the_root_sends_a_reader_to_their_language(client, accept, home):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept)

    assert (response.status_code, response["Location"]) == (302, home)
    assert "Accept-Language" in response["Vary"]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/releases/", "/en/releases/"),
        ("/releases/?country=kz&page=2", "/en/releases/?country=kz&page=2"),
        ("/officials/", "/en/officials/"),
        ("/feeds/releases.atom", "/en/feeds/releases.atom"),
        ("/search/?q=Astana", "/en/search/?q=Astana"),
    ],
)
def test_old_addresses_redirect_permanently_to_the_english_page(client, old, new):
    response = client.get(old)

    assert (response.status_code, response["Location"]) == (301, new)


@pytest.mark.parametrize("path", ["/no-such-page/", "/en/no-such-page/", "/ru/releases/abc/"])
def test_an_address_of_no_page_is_not_found_in_any_form(client, path):
    response = client.get(path)

    assert response.status_code == 404
    assert b'class="languages"' not in response.content  # no switcher on an error page


@pytest.mark.parametrize("lang", ["az", "en", "ru"])
def test_every_page_says_its_language(client, lang):
    response = client.get(in_language(lang, "releases:release_index"))

    assert response.content.decode().startswith(f'<!doctype html>\n<html lang="{lang}">')


# A release in three languages -------------------------------------------------------


def test_each_version_has_its_page_and_the_switcher_leads_to_the_others(client):
    release = TrilingualReleaseFactory(title="Talks in Astana", slug="talks-in-astana")

    pages = {lang: client.get(release.get_absolute_url(lang)) for lang in ("az", "en", "ru")}

    titles = {lang: release.text_in(lang).title for lang in pages}
    for lang, page in pages.items():
        html = page.content.decode()
        assert f'<h1 class="release__title">{titles[lang]}</h1>' in html
        switcher = SWITCHER.search(html).group(0)
        others = [code for code in ("az", "en", "ru") if code != lang]
        assert re.findall(r'<a href="([^"]+)" hreflang="(\w+)"', switcher) == [
            (release.get_absolute_url(code), code) for code in others
        ]
        assert HREFLANG.findall(html) == [
            *((code, HOST + release.get_absolute_url(code)) for code in ("az", "en", "ru")),
            ("x-default", HOST + release.get_absolute_url("az")),  # the original
        ]


def test_a_draft_translation_of_a_published_release_shows_nowhere(client):
    release = TrilingualReleaseFactory(
        title="Talks in Astana",
        title_ru="Черновик перевода",
        body_ru="Текст черновика.",
        published_languages="az en",
    )
    with translation.override("ru"):
        ru_address = reverse(
            "releases:release_detail",
            kwargs={**_day(release), "slug": release.slug_ru},
        )

    assert client.get(ru_address).status_code == 404
    english = client.get(release.get_absolute_url("en")).content.decode()
    switcher = SWITCHER.search(english).group(0)
    assert 'lang="ru">Русский</span>' in switcher  # named, not linked
    assert "/ru/" not in switcher
    assert [code for code, _ in HREFLANG.findall(english)] == ["az", "en", "x-default"]
    # The Russian list shows the release in its original language, marked as such.
    russian_list = client.get(in_language("ru", "releases:release_index")).content.decode()
    assert "Черновик" not in russian_list
    assert release.title_az in russian_list
    assert 'lang="az"' in russian_list
    feed = client.get(in_language("ru", "releases:feed_atom")).content.decode()
    assert "Черновик" not in feed and release.title_az not in feed  # a feed is in one language
    sitemap = client.get("/sitemap-releases.xml").content.decode()
    assert release.slug_ru not in sitemap


def test_a_list_marks_a_release_shown_in_another_language(client):
    ReleaseFactory(title="English only", slug="english-only")

    html = client.get(in_language("az", "releases:release_index")).content.decode()

    assert '<h2 class="card__title" lang="en"><a href="/en/releases/' in html
    assert "Bu dildə dərc olunmayıb: English dilində göstərilir." in html


def _day(release):
    local = release.local_published_at
    return {"year": f"{local:%Y}", "month": f"{local:%m}", "day": f"{local:%d}"}


# Same queries in every language -----------------------------------------------------


@pytest.mark.parametrize("lang", ["az", "en", "ru"])
@pytest.mark.parametrize("name", ["releases:home", "releases:release_index", "releases:search"])
def test_lists_run_the_same_queries_in_every_language(
    client, django_assert_max_num_queries, lang, name
):
    for _ in range(12):
        TrilingualReleaseFactory()
    client.get(in_language(lang, name), {"q": "parliaments"})  # warm the kept cards

    with django_assert_max_num_queries(12):
        response = client.get(in_language(lang, name), {"q": "parliaments"})

    assert response.status_code == 200
    assert f'<html lang="{lang}">' in response.content.decode()


def test_a_published_release_public_in_no_language_shows_nowhere(client):
    hidden = ReleaseFactory(title="No version out yet", slug="no-version", published_languages="")
    shown = ReleaseFactory(title="Out in English", slug="out-in-english")

    assert list(Release.objects.published()) == [shown]
    assert not hidden.is_published()
    for lang in ("az", "en", "ru"):
        html = client.get(in_language(lang, "releases:release_index")).content.decode()
        assert "Out in English" in html and "No version out yet" not in html
    assert client.get(f"/en/releases/{_day(hidden)['year']}/").content.count(b"No version") == 0


# Every public page in each language ------------------------------------------------

# Addresses outside the languages: the sitemaps, robots.txt, `/`, old addresses, the
# staff's previews (tests/workflow) and the open data API (one address, ?lang=; tests/api).
NOT_IN_A_LANGUAGE = {
    *("sitemap", "sitemap_section", "robots", "language_home", "old_address"),
    *("healthz", "readyz", "media"),
}


@pytest.mark.parametrize("lang", ["az", "en", "ru"])
def test_every_public_page_answers_in_each_language(client, lang):
    from django.core.management import call_command

    from tests.hostile_corpus import PUBLIC_PAGES

    call_command("loaddata", "fixtures/sample.json", verbosity=0)
    gafarova = Release.objects.get(slug_en__startswith="chair-of-milli-majlis-sahiba")
    names = [
        name
        for name in PUBLIC_PAGES
        if name not in NOT_IN_A_LANGUAGE and not name.startswith(("workflow:", "api:"))
    ]
    assert len(names) == 26
    for name in names:
        parts = dict(PUBLIC_PAGES[name].parts)
        if name == "releases:release_detail":
            parts["slug"] = getattr(gafarova, f"slug_{lang}")
        address = in_language(lang, name, **parts)
        response = client.get(address)
        assert (address, response.status_code) == (address, 200)
        assert address.startswith(f"/{lang}/")
        if response["Content-Type"].startswith("text/html"):
            assert f'<html lang="{lang}">' in response.content.decode()
