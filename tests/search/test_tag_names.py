"""A tag's names in each language are in that language's search vector, and giving or
changing one reindexes the tag's releases after the commit (search.derived)."""

import pytest
from django.db import (
    connection,  # noqa: F401  (read by the skipif condition)
    transaction,
)
from django.urls import reverse
from django.utils import translation

from releases.models import TagNames
from releases.tags import tags_named
from tests.factories import SearchReleaseFactory, TagNamesFactory, TrilingualReleaseFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="PostgreSQL search vectors"),
]


def found(client, language, q):
    with translation.override(language):
        address = reverse("releases:search")
    response = client.get(address, {"q": q})
    assert response.status_code == 200
    return [release.pk for release in response.context["results"]]


@pytest.fixture
def tagged():
    """A release public in three languages tagged TurkPA (no names of its own yet), and
    one public in English only with the same tag."""
    tag = tags_named(["TurkPA"])[0]
    release = TrilingualReleaseFactory(tags=[tag])
    SearchReleaseFactory(tags=[tag])
    return tag, release


@pytest.mark.xfail(
    reason="Known defect, being found: once merged with the page cache and the factories' "
    "single transaction, a Russian name given later was not found on PostgreSQL in CI.",
    strict=False,
)
def test_a_russian_name_given_later_is_found_in_russian_only(client, tagged):
    tag, release = tagged
    assert found(client, "ru", "Ассамблея") == []

    with transaction.atomic():
        TagNamesFactory(tag=tag, name_ru="Парламентская ассамблея тюркских государств")

    assert found(client, "ru", "Ассамблея") == [release.pk]
    assert found(client, "az", "Ассамблея") == []


def test_renaming_a_tag_in_russian_reindexes_its_releases(client, tagged):
    tag, release = tagged
    names = TagNamesFactory(tag=tag, name_ru="ТюркПА", name_az="TürkPA")
    assert found(client, "ru", "ТюркПА") == [release.pk]

    with transaction.atomic():
        names.name_ru = "Тюркская ассамблея"
        names.save()

    assert found(client, "ru", "Тюркская") == [release.pk]
    assert found(client, "ru", "ТюркПА") == []
    # The Azerbaijani vector still holds the Azerbaijani name, folded.
    assert found(client, "az", "TurkPA") == [release.pk]


def test_taking_the_names_away_falls_back_to_english(client, tagged):
    tag, release = tagged
    TagNamesFactory(tag=tag, name_ru="ТюркПА")

    with transaction.atomic():
        TagNames.objects.get(tag=tag).delete()

    assert found(client, "ru", "ТюркПА") == []
    assert found(client, "ru", "TurkPA") == [release.pk]


def test_a_name_saved_in_a_transaction_rolled_back_changes_nothing(client, tagged):
    tag, release = tagged
    names = TagNamesFactory(tag=tag, name_ru="ТюркПА")

    with pytest.raises(RuntimeError), transaction.atomic():
        names.name_ru = "Другое имя"
        names.save()
        raise RuntimeError

    assert found(client, "ru", "ТюркПА") == [release.pk]
    assert found(client, "ru", "Другое") == []
