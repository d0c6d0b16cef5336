"""An official's photo: only JPEG, PNG or WebP photos at least 400 pixels wide and within
the limits (the checks themselves: tests/releases/test_uploads.py); a refused upload
changes nothing in the admin's change form."""

import pytest
from django.core.exceptions import ValidationError

from people.models import Official
from tests.factories import OfficialFactory
from tests.images import (
    DAMAGED,
    NOT_AN_IMAGE,
    TOO_NARROW_10,
    empty_media_root,
    extension_message,
    gif_html_polyglot,
    image_bytes,
    stored_files,
    truncated,
    upload,
)

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


@pytest.fixture
def media(settings, tmp_path):
    return empty_media_root(settings, tmp_path)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        pytest.param(
            "dupont.jpg", lambda: image_bytes("JPEG", (10, 10)), TOO_NARROW_10, id="10x10"
        ),
        pytest.param(
            "dupont.eps",
            lambda: image_bytes("PNG"),
            extension_message("dupont.eps", "eps"),
            id="eps",
        ),
        pytest.param(
            "dupont.png",
            gif_html_polyglot,
            "This file is a GIF image; upload a JPEG, PNG or WebP photo.",
            id="gif-html-polyglot",
        ),
        pytest.param("dupont.jpg", lambda: b"Curriculum vitae", NOT_AN_IMAGE, id="text"),
        pytest.param(
            "dupont.jpg",
            lambda: truncated(image_bytes("JPEG", noise=True)),
            DAMAGED,
            id="truncated",
        ),
    ],
)
def test_a_refused_photo_is_explained(media, name, data, message):
    official = OfficialFactory.build(photo=upload(name, data()))

    with pytest.raises(ValidationError) as refused:
        official.full_clean(exclude=["country"])

    assert refused.value.message_dict == {"photo": [message]}
    assert stored_files(media) == []


def test_a_photo_400_pixels_wide_is_accepted(media):
    official = OfficialFactory()
    official.photo = upload("dupont.jpg", image_bytes("JPEG", (400, 500)))

    official.full_clean()
    official.save()

    assert stored_files(media) == [Official.objects.get(pk=official.pk).photo.name]


def test_help_text_says_what_is_enforced(settings):
    help_text = Official._meta.get_field("photo").help_text

    assert help_text == (
        "Official portrait: JPEG, PNG or WebP, at least "
        f"{settings.NEWSROOM_IMAGE_MIN_WIDTH} pixels wide, at most "
        f"{settings.NEWSROOM_IMAGE_MAX_BYTES // MB} MB and "
        f"{settings.NEWSROOM_IMAGE_MAX_PIXELS // 1_000_000} megapixels."
    )


def change_url(official):
    return f"/admin/people/official/{official.pk}/change/"


def form_data(official, **overrides):
    """The official's change form as a browser posts it, with no position rows."""
    data = {
        "full_name_en": official.full_name,
        "slug": official.slug,
        "country": official.country_id,
        "biography": official.biography,
        "positions-TOTAL_FORMS": "0",
        "positions-INITIAL_FORMS": "0",
        "positions-MIN_NUM_FORMS": "0",
        "positions-MAX_NUM_FORMS": "1000",
        "_save": "Save",
    }
    data.update(overrides)
    return data


class TestChangeForm:
    @pytest.mark.parametrize(
        ("name", "data", "message"),
        [
            pytest.param(
                "dupont.jpg", lambda: image_bytes("JPEG", (10, 10)), TOO_NARROW_10, id="10x10"
            ),
            pytest.param("dupont.jpg", lambda: b"Curriculum vitae", NOT_AN_IMAGE, id="text"),
        ],
    )
    def test_a_refused_photo_is_explained_and_changes_nothing(
        self, officer_client, media, name, data, message
    ):
        official = OfficialFactory(full_name="Jean Dupont", biography="Senator.")

        response = officer_client.post(
            change_url(official),
            form_data(official, biography="Senator since 2017.", photo=upload(name, data())),
        )

        assert response.status_code == 200
        assert response.context["adminform"].form.errors == {"photo": [message]}
        assert message in response.content.decode()
        stored = Official.objects.get(pk=official.pk)
        assert (stored.biography, stored.photo.name) == ("Senator.", "")
        assert stored_files(media) == []

    def test_an_accepted_photo_is_saved(self, officer_client, media):
        official = OfficialFactory(full_name="Jean Dupont", biography="Senator.")

        response = officer_client.post(
            change_url(official),
            form_data(
                official,
                biography="Senator since 2017.",
                photo=upload("dupont.png", image_bytes("PNG", (400, 500))),
            ),
        )

        assert response.status_code == 302
        stored = Official.objects.get(pk=official.pk)
        assert stored.biography == "Senator since 2017."
        assert stored_files(media) == [stored.photo.name]
        assert stored.photo.name.startswith("officials/")
