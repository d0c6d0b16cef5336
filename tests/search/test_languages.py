"""Search and the filtered list in each language, over that language's versions only.

A Russian or Azerbaijani reader finds the Russian or Azerbaijani text, names in their
forms (PostgreSQL: "Гафаровой" finds "Гафарова", "Azerbaycan" "Azərbaycanın"); a
version written but not published is found in no search, whatever the language.
"""

import pytest
from django.db import connection  # noqa: F401  (read by the skipif conditions)
from django.urls import reverse
from django.utils import translation

from releases.models import Release
from tests.factories import (
    OfficialFactory,
    SearchReleaseFactory,
    TrilingualReleaseFactory,
    spelt,
)

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="PostgreSQL full-text search"
)


def address(name, language):
    with translation.override(language):
        return reverse(name)


def get(client, name, language, q):
    """The page ``name`` in ``language``: at its address in that language, asked for in it
    (the language is told by the address where the site has one per language)."""
    response = client.get(address(name, language), {"q": q}, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    assert response.context["LANGUAGE_CODE"] == language
    return response


def found(client, language, q):
    response = get(client, "releases:search", language, q)
    return [release.pk for release in response.context["results"]]


def listed(client, language, q):
    response = get(client, "releases:release_index", language, q)
    return [release.pk for release in response.context["latest"]]


@pytest.fixture
def gafarova():
    """The Russian and Azerbaijani versions about Sahiba Gafarova, and a release whose
    Russian and Azerbaijani versions name her but are drafts (a correction not yet
    published): the English version alone is public."""
    about = TrilingualReleaseFactory(
        title="Sahiba Gafarova meets the Speaker",
        title_az="Sahibə Qafarova Spikerlə görüşüb",
        body_az="Milli Məclisin Sədri Sahibə Qafarovanın Azərbaycanın parlamenti ilə görüşü.",
        title_ru="Сахиба Гафарова встретилась со спикером",
        body_ru="Председатель Милли Меджлиса Сахиба Гафарова встретилась с делегацией.",
    )
    drafts = TrilingualReleaseFactory(
        title="Delegation visits Baku",
        title_az="Sahibə Qafarova nümayəndə heyətini qəbul edib",
        title_ru="Сахиба Гафарова приняла делегацию",
        body_ru="Сахиба Гафарова приняла делегацию парламента.",
        published_languages="en",
    )
    return about, drafts


def test_russian_search_finds_the_russian_version_not_a_draft_one(client, gafarova):
    about, drafts = gafarova

    assert found(client, "ru", "Гафарова") == [about.pk]
    assert found(client, "ru", "приняла делегацию") == []
    # The draft translation's release is public, in English.
    assert found(client, "en", "Delegation visits") == [drafts.pk]


@postgres_only
def test_russian_search_finds_a_declined_name(client, gafarova):
    about, _drafts = gafarova

    assert found(client, "ru", "Гафаровой") == [about.pk]
    assert found(client, "ru", "Сахибы Гафаровой") == [about.pk]


def test_azerbaijani_search_finds_the_azerbaijani_version(client, gafarova):
    about, _drafts = gafarova

    assert found(client, "az", "Qafarova") == [about.pk]
    # Typed without Azerbaijani letters.
    assert found(client, "az", "Qafarovanin") == [about.pk]
    assert found(client, "az", "qəbul") == []


@postgres_only
def test_azerbaijani_search_reads_suffixes_and_folded_letters(client, gafarova):
    about, _drafts = gafarova

    assert found(client, "az", "Azerbaycan parlament") == [about.pk]
    assert found(client, "az", "Sahibe") == [about.pk]


def test_each_language_searches_its_own_text(client, gafarova):
    about, _drafts = gafarova

    assert found(client, "en", "Gafarova") == [about.pk]
    assert found(client, "en", "Гафарова") == []
    assert found(client, "ru", "Gafarova") == []
    assert found(client, "az", "Гафарова") == []


def test_names_are_searched_in_the_language_of_the_page(client):
    official = OfficialFactory(
        slug="maulen-ashimbayev",
        **spelt("Maulen Ashimbayev", "Maulen Aşimbayev", "Маулен Ашимбаев"),
    )
    release = TrilingualReleaseFactory(officials=[official])
    TrilingualReleaseFactory()

    assert found(client, "ru", "Ашимбаев") == [release.pk]
    assert found(client, "az", "Aşimbayev") == [release.pk]
    assert found(client, "en", "Ashimbayev") == [release.pk]
    assert found(client, "ru", "Ashimbayev") == []


def test_an_english_draft_of_a_release_public_in_azerbaijani_is_not_found(client):
    release = TrilingualReleaseFactory(title="Quokka delegation", published_languages="az")

    assert found(client, "en", "Quokka") == []
    assert found(client, "az", "Buraxılış") == [release.pk]


def test_the_filtered_list_narrows_by_words_in_its_language(client, gafarova):
    about, drafts = gafarova
    SearchReleaseFactory(title="Гафарова in an English title")

    assert listed(client, "ru", "Гафарова") == [about.pk]
    assert listed(client, "az", "Qafarova") == [about.pk]
    assert listed(client, "en", "Delegation visits") == [drafts.pk]


def test_publishing_a_translation_makes_it_findable(client, gafarova):
    _about, drafts = gafarova
    assert found(client, "ru", "приняла") == []

    # As a correction publishes it: the row saved, reindexed after the commit.
    drafts.published_languages = "en ru"
    drafts.save()

    assert found(client, "ru", "приняла") == [drafts.pk]
    assert found(client, "az", "qəbul") == []


@postgres_only
def test_a_version_not_published_has_no_vector(gafarova):
    about, drafts = gafarova

    vectors = Release.objects.filter(pk=drafts.pk).values_list(
        "search_vector", "search_vector_az", "search_vector_ru"
    )
    assert [tuple(v is not None for v in row) for row in vectors] == [(True, False, False)]
    about_vectors = Release.objects.filter(pk=about.pk).values_list("search_vector_az", flat=True)
    assert about_vectors[0] == (
        "'azerbaycanin':10C 'gorusu':13C 'gorusub':4A 'ile':12C 'meclisin':6C 'milli':5C "
        "'parlamenti':11C 'qafarova':2A 'qafarovanin':9C 'sahibe':1A,8C 'sedri':7C "
        "'spikerle':3A"
    )
