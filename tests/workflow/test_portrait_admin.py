"""An official's portrait is chosen from the photo library on the official's own admin
page, and the officials' list shows it from a rendition."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from releases.models import OfficialPortrait, Photo
from tests.factories import OfficialFactory, OfficialPortraitFactory, PhotoFactory, country
from tests.images import empty_media_root

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    return empty_media_root(settings, tmp_path)


def form_data(official, **overrides):
    """The official's change form as a browser posts it, with no position rows."""
    data = {
        "full_name_en": official.full_name,
        "slug": official.slug,
        "country": official.country_id,
        "biography": official.biography,
        "positions-TOTAL_FORMS": "0",
        "positions-INITIAL_FORMS": "0",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        "portrait-TOTAL_FORMS": "0",
        "portrait-INITIAL_FORMS": "0",
        "_save": "Save",
    }
    data.update(overrides)
    return data


def test_a_press_officer_chooses_a_library_photo_as_the_portrait(officer_client):
    official = OfficialFactory(full_name="Jean Dupont", country=country("FR"))
    photo = PhotoFactory(alt_text="Jean Dupont")

    page = officer_client.get(f"/admin/people/official/{official.pk}/change/")
    response = officer_client.post(
        f"/admin/people/official/{official.pk}/change/",
        form_data(official, **{"portrait-TOTAL_FORMS": "1", "portrait-0-photo": photo.pk}),
    )

    assert 'name="portrait-0-photo"' in page.content.decode()
    assert response.status_code == 302
    assert list(OfficialPortrait.objects.values_list("official", "photo")) == [
        (official.pk, photo.pk)
    ]


def test_another_photo_replaces_the_portrait_and_the_library_keeps_the_old_one(
    officer_client,
):
    portrait = OfficialPortraitFactory()
    official, old, new = portrait.official, portrait.photo, PhotoFactory()

    response = officer_client.post(
        f"/admin/people/official/{official.pk}/change/",
        form_data(
            official,
            **{
                "portrait-TOTAL_FORMS": "1",
                "portrait-INITIAL_FORMS": "1",
                "portrait-0-id": portrait.pk,
                "portrait-0-official": official.pk,
                "portrait-0-photo": new.pk,
            },
        ),
    )

    assert response.status_code == 302
    assert list(OfficialPortrait.objects.values_list("official", "photo")) == [
        (official.pk, new.pk)
    ]
    assert Photo.objects.filter(pk=old.pk).exists()


def test_the_list_shows_each_portrait_from_a_rendition_in_the_same_queries(officer_client):
    def listed():
        with CaptureQueriesContext(connection) as queries:
            response = officer_client.get("/admin/people/official/")
        return response, len(queries)

    portraits = [OfficialPortraitFactory() for _ in range(3)]
    OfficialFactory()
    few_response, few = listed()
    portraits += [OfficialPortraitFactory() for _ in range(27)]
    many_response, many = listed()

    content = many_response.content.decode()
    assert [p.photo.r400_jpeg.url in content for p in portraits] == [True] * 30
    assert [f'src="{p.photo.image.url}"' in content for p in portraits] == [False] * 30
    assert few_response.content.decode().count("official-thumbnail") == 3
    assert many == few
