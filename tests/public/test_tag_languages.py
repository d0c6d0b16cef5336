"""A tag's name in the language of the page, else its English name, on every surface:
its page, its feed, the cards, the filters' choices, the JSON-LD, the search."""

import re

import feedparser
import pytest
from django.urls import reverse
from django.utils import translation

from releases.tags import tags_named
from tests.factories import (
    ArchiveReleaseFactory,
    SearchReleaseFactory,
    TagNamesFactory,
    TrilingualReleaseFactory,
)
from tests.public.test_structured_data import json_ld

pytestmark = pytest.mark.django_db

H1 = re.compile(r"<h1>(.*?)</h1>", re.S)
TITLE = re.compile(r"<title>(.*?)</title>", re.S)
CHIPS = re.compile(r'<a class="chip" href="/(?:az|en|ru)/tags/([^/]+)/">([^<]*)</a>')


def page(client, address):
    response = client.get(address)
    assert response.status_code == 200, address
    return response.content.decode()


@pytest.fixture
def turkpa():
    """TurkPA, named in Russian but not in Azerbaijani, on a release public in all three
    languages; and a tag with no names of its own."""
    turkpa, other = tags_named(["TurkPA", "Inter-parliamentary relations"])
    TagNamesFactory(tag=turkpa, name_ru="ТюркПА")
    release = TrilingualReleaseFactory(tags=[turkpa, other])
    return turkpa, release


def test_the_russian_tag_page_names_the_tag_in_russian(client, turkpa):
    html = page(client, "/ru/tags/turkpa/")

    assert H1.search(html)[1] == "Пресс-релизы с тегом «ТюркПА»"
    assert TITLE.search(html)[1].startswith("ТюркПА · ")


def test_a_tag_without_a_name_in_the_language_is_named_in_english(client, turkpa):
    html = page(client, "/az/tags/turkpa/")

    assert H1.search(html)[1] == "“TurkPA” teqli press-relizlər"


def test_cards_name_their_tags_in_the_language_of_the_page(client, turkpa):
    assert CHIPS.findall(page(client, "/ru/tags/turkpa/")) == [
        ("turkpa", "ТюркПА"),
        ("inter-parliamentary-relations", "Inter-parliamentary relations"),
    ]
    assert CHIPS.findall(page(client, "/en/tags/turkpa/")) == [
        ("turkpa", "TurkPA"),
        ("inter-parliamentary-relations", "Inter-parliamentary relations"),
    ]


def test_the_release_page_and_its_json_ld_name_the_tags_in_russian(client, turkpa):
    _tag, release = turkpa
    html = page(client, release.get_absolute_url("ru"))

    assert CHIPS.findall(html) == [
        ("turkpa", "ТюркПА"),
        ("inter-parliamentary-relations", "Inter-parliamentary relations"),
    ]
    [data] = json_ld(html)
    assert data["keywords"] == ["Inter-parliamentary relations", "ТюркПА"]


def test_the_filters_choices_name_the_tag_in_russian(client, turkpa):
    response = client.get("/ru/releases/")

    [tags] = [facet for facet in response.context["facets"] if facet["name"] == "tag"]
    assert [(c["label"], c["count"], c["url"]) for c in tags["choices"]] == [
        ("Inter-parliamentary relations", 1, "?tag=inter-parliamentary-relations"),
        ("ТюркПА", 1, "?tag=turkpa"),
    ]


def test_the_active_tag_filter_is_named_in_russian(client, turkpa):
    response = client.get("/ru/releases/", {"tag": "turkpa"})

    assert [(f["name"], f["value"]) for f in response.context["active_filters"]] == [
        ("tag", "ТюркПА")
    ]


def test_the_recent_topics_widget_names_the_tag_in_russian(client, turkpa):
    ArchiveReleaseFactory(tags=["TurkPA"])

    assert [(tag.slug, tag.num_releases) for tag in client.get("/ru/").context["tags"]] == [
        ("turkpa", 2),
        ("inter-parliamentary-relations", 1),
    ]
    html = page(client, "/ru/")
    assert '<a class="chip" href="/ru/tags/turkpa/">ТюркПА <span class="count">2</span>' in html


def test_the_russian_tag_feed_is_titled_in_russian(client, turkpa):
    response = client.get("/ru/tags/turkpa/feed.atom")

    feed = feedparser.parse(response.content).feed
    assert (feed.title, feed.link) == (
        "Пресс-релизы с тегом «ТюркПА»",
        "http://testserver/ru/tags/turkpa/",
    )


def test_search_in_russian_finds_the_russian_tag_name(client, turkpa):
    _tag, release = turkpa
    SearchReleaseFactory(tags=["TurkPA"])  # public in English only

    with translation.override("ru"):
        address = reverse("releases:search")
    response = client.get(address, {"q": "ТюркПА"})

    assert [r.pk for r in response.context["results"]] == [release.pk]


def test_a_tag_named_only_on_drafts_stays_off_every_page(client):
    secret = tags_named(["Embargoed visit"])[0]
    TagNamesFactory(tag=secret, name_ru="Секретный визит")
    TrilingualReleaseFactory(draft=True, tags=[secret])

    assert client.get("/ru/tags/embargoed-visit/").status_code == 404
    assert "Секретный визит" not in page(client, "/ru/releases/")
    assert "Секретный визит" not in page(client, "/ru/")
