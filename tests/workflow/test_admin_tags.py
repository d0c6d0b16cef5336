"""Tags in the staff admin: an editor gives a tag its Azerbaijani and Russian names
where the tag is edited; the public pages show them."""

import pytest

from releases.models import TagNames
from releases.tags import tags_named
from tests.factories import TagNamesFactory, TrilingualReleaseFactory

pytestmark = pytest.mark.django_db


def change_url(tag):
    return f"/admin/taggit/tag/{tag.pk}/change/"


def form_data(tag, names=None, **fields):
    """The tag's change form as posted, with its one inline form of names."""
    return {
        "name": tag.name,
        "slug": tag.slug,
        "names-TOTAL_FORMS": "1",
        "names-INITIAL_FORMS": "1" if names else "0",
        "names-MIN_NUM_FORMS": "0",
        "names-MAX_NUM_FORMS": "1",
        "names-0-id": names.pk if names else "",
        "names-0-tag": tag.pk,
        "names-0-name_az": "",
        "names-0-name_ru": "",
        **{f"names-0-{k}": v for k, v in fields.items()},
        "_save": "Save",
    }


def test_an_editor_names_a_tag_in_azerbaijani_and_russian(editor_client, client):
    tag = tags_named(["TurkPA"])[0]
    TrilingualReleaseFactory(tags=[tag])

    response = editor_client.post(
        change_url(tag), form_data(tag, name_az="TürkPA", name_ru="ТюркПА")
    )

    assert response.status_code == 302
    assert list(TagNames.objects.values_list("tag", "name_az", "name_ru")) == [
        (tag.pk, "TürkPA", "ТюркПА")
    ]
    assert "Пресс-релизы с тегом «ТюркПА»" in client.get("/ru/tags/turkpa/").content.decode()


def test_an_editor_renames_a_tag_in_russian(editor_client):
    tag = tags_named(["TurkPA"])[0]
    names = TagNamesFactory(tag=tag, name_ru="ТюркПА")

    response = editor_client.post(
        change_url(tag), form_data(tag, names, name_ru="Тюркская ассамблея")
    )

    assert response.status_code == 302
    names.refresh_from_db()
    assert (names.name_az, names.name_ru) == ("", "Тюркская ассамблея")


def test_the_tag_list_shows_which_names_are_missing(editor_client):
    turkpa, osce = tags_named(["TurkPA", "OSCE PA"])
    TagNamesFactory(tag=turkpa, name_ru="ТюркПА")

    response = editor_client.get("/admin/taggit/tag/")

    assert [tag.name for tag in response.context["cl"].result_list] == ["OSCE PA", "TurkPA"]
    html = response.content.decode()
    assert '<td class="field-name_ru">ТюркПА</td>' in html
    assert html.count('<td class="field-name_az">—</td>') == 2


def test_a_press_officer_sees_the_names_but_cannot_change_them(officer_client):
    tag = tags_named(["TurkPA"])[0]
    TagNamesFactory(tag=tag, name_ru="ТюркПА")

    response = officer_client.post(change_url(tag), form_data(tag, name_ru="Другое"))

    assert response.status_code == 403
    assert TagNames.objects.get(tag=tag).name_ru == "ТюркПА"
