"""A library photo: only JPEG, PNG or WebP photos within the limits; a refused upload
changes nothing, in the services and in the photo library's form."""

import pytest
from django.core.exceptions import ValidationError

from releases.models import Photo
from tests.factories import PhotoFactory
from tests.images import (
    ALLOWED,
    DAMAGED,
    NOT_AN_IMAGE,
    TOO_NARROW_10,
    empty_media_root,
    extension_message,
    gif_html_polyglot,
    image_bytes,
    truncated,
    upload,
)
from tests.images import stored_files as files_in

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
PNG = image_bytes("PNG")


def corrupt_png():
    data = bytearray(image_bytes("PNG", noise=True))
    data[len(data) // 2] ^= 0xFF  # one byte of the picture data: its checksum no longer fits
    return bytes(data)


def padded(data, size):
    """``data`` followed by zeros to ``size`` bytes, as photo editors leave them."""
    return data + b"\0" * (size - len(data))


REFUSED = [
    pytest.param("talks.eps", lambda: PNG, extension_message("talks.eps", "eps"), id="eps"),
    pytest.param("talks.ps", lambda: PNG, extension_message("talks.ps", "ps"), id="ps"),
    pytest.param("talks.pdf", lambda: PNG, extension_message("talks.pdf", "pdf"), id="pdf"),
    pytest.param(
        "talks.gif", gif_html_polyglot, extension_message("talks.gif", "gif"), id="gif-name"
    ),
    pytest.param(
        "talks.html", gif_html_polyglot, extension_message("talks.html", "html"), id="html-name"
    ),
    pytest.param(
        "talks",
        lambda: PNG,
        f"“talks” has no ending such as .jpg; {ALLOWED} "
        "(a file ending in .jpg, .jpeg, .png or .webp).",
        id="no-extension",
    ),
    pytest.param(
        "talks.png",
        gif_html_polyglot,
        f"This file is a GIF image; {ALLOWED}.",
        id="gif-html-polyglot",
    ),
    pytest.param(
        "talks.png",
        lambda: image_bytes("BMP"),
        f"This file is a BMP image; {ALLOWED}.",
        id="bmp-content",
    ),
    pytest.param(
        "talks.jpg",
        lambda: image_bytes("TIFF"),
        f"This file is a TIFF image; {ALLOWED}.",
        id="tiff-content",
    ),
    pytest.param(
        "talks.jpg",
        lambda: b"Minutes of the meeting of 28 March 2022.\n",
        NOT_AN_IMAGE,
        id="text",
    ),
    pytest.param(
        "talks.png", lambda: b"GIF89a<script>alert(1)</script>", NOT_AN_IMAGE, id="gif-header"
    ),
    pytest.param(
        "talks.jpg", lambda: image_bytes("JPEG", (10, 10)), TOO_NARROW_10, id="10x10-jpeg"
    ),
    pytest.param(
        "talks.png",
        lambda: image_bytes("PNG", (399, 600)),
        "The photo is 399 × 600 pixels; it must be at least 400 pixels wide.",
        id="399-wide",
    ),
    pytest.param(
        "talks.png",
        lambda: image_bytes("PNG", (8000, 6000), mode="1"),
        "The photo is 8,000 × 6,000 pixels (48.0 megapixels); photos may be at most 40 megapixels.",
        id="48-megapixels",
    ),
    pytest.param(
        # Over Pillow's own warning limit (89.5 megapixels), under its refusal (178.9).
        "talks.png",
        lambda: image_bytes("PNG", (12000, 12000), mode="1"),
        "The photo is 12,000 × 12,000 pixels (144.0 megapixels); "
        "photos may be at most 40 megapixels.",
        id="144-megapixels",
    ),
    pytest.param(
        "talks.jpg",
        lambda: padded(image_bytes("JPEG"), 10 * MB + 1),
        "The file is 10.1 MB; photos may be at most 10 MB.",
        id="over-10-mb",
    ),
    pytest.param(
        "talks.jpg",
        lambda: truncated(image_bytes("JPEG", noise=True)),
        DAMAGED,
        id="truncated-jpeg",
    ),
    pytest.param(
        "talks.png",
        lambda: truncated(image_bytes("PNG", noise=True)),
        DAMAGED,
        id="truncated-png",
    ),
    pytest.param("talks.png", lambda: PNG[:-12], DAMAGED, id="png-without-its-end"),
    pytest.param("talks.png", corrupt_png, DAMAGED, id="corrupt-png"),
    pytest.param(
        "talks.webp",
        lambda: truncated(image_bytes("WEBP", noise=True)),
        DAMAGED,
        id="truncated-webp",
    ),
]


@pytest.fixture
def media(settings, tmp_path):
    return empty_media_root(settings, tmp_path)


PHOTO_ADD_URL = "/admin/releases/photo/add/"


def save_photo(image, **fields):
    """What the photo library's form and the services do with an upload."""
    photo = Photo(image=image, **fields)
    photo.full_clean()
    photo.save()
    return photo


@pytest.mark.parametrize(("name", "data", "message"), REFUSED)
def test_a_refused_image_changes_nothing(media, name, data, message):
    with pytest.raises(ValidationError) as refused:
        save_photo(upload(name, data()), caption="Talks in Baku")

    assert refused.value.message_dict == {"image": [message]}
    assert list(Photo.objects.all()) == []
    assert files_in(media) == []


@pytest.mark.parametrize(
    ("limit", "size", "message"),
    [
        (1 * MB, 3 * MB // 2, "The file is 1.5 MB; photos may be at most 1 MB."),
        (100 * 1024, 150 * 1024, "The file is 150.0 KB; photos may be at most 100 KB."),
    ],
)
def test_the_file_size_limit_is_a_setting(settings, media, limit, size, message):
    settings.NEWSROOM_IMAGE_MAX_BYTES = limit

    with pytest.raises(ValidationError) as refused:
        save_photo(upload("talks.jpg", padded(image_bytes("JPEG"), size)))

    assert refused.value.message_dict == {"image": [message]}


def test_the_pixel_limit_is_a_setting(settings, media):
    settings.NEWSROOM_IMAGE_MAX_PIXELS = 2_000_000

    with pytest.raises(ValidationError) as refused:
        save_photo(upload("talks.png", image_bytes("PNG", (2000, 1001))))

    assert refused.value.message_dict == {
        "image": [
            "The photo is 2,000 × 1,001 pixels (2.1 megapixels); "
            "photos may be at most 2 megapixels."
        ]
    }


@pytest.mark.parametrize(
    ("name", "data"),
    [
        pytest.param("talks.jpg", lambda: image_bytes("JPEG"), id="jpg"),
        pytest.param("talks.jpeg", lambda: image_bytes("JPEG"), id="jpeg"),
        pytest.param("TALKS.JPG", lambda: image_bytes("JPEG"), id="upper-case-name"),
        pytest.param("talks.png", lambda: PNG, id="png"),
        pytest.param("talks.webp", lambda: image_bytes("WEBP"), id="webp"),
    ],
)
def test_accepts_jpeg_png_and_webp_photos_within_the_limits(media, name, data):
    content = data()

    photo = save_photo(upload(name, content))

    stored = Photo.objects.get(pk=photo.pk)
    assert stored.image.name.startswith("photos/")
    assert (media / stored.image.name).read_bytes() == content
    # The photo and its six renditions, under its own name.
    assert len(files_in(media)) == 7
    assert {name for name in files_in(media) if not name.startswith("renditions/")} == {
        stored.image.name
    }


def test_an_image_stored_before_the_limits_does_not_block_an_edit(media):
    photo = PhotoFactory(image=upload("old.gif", image_bytes("GIF", (10, 10), mode="P")))

    photo = Photo.objects.get(pk=photo.pk)
    photo.caption = "Talks in Baku"
    photo.full_clean()
    photo.save()

    assert Photo.objects.get(pk=photo.pk).caption == "Talks in Baku"


class TestPhotoForm:
    @pytest.mark.parametrize(
        ("name", "data", "message"),
        [
            pytest.param(
                "talks.jpg", lambda: image_bytes("JPEG", (10, 10)), TOO_NARROW_10, id="10x10"
            ),
            pytest.param("talks.eps", lambda: PNG, extension_message("talks.eps", "eps"), id="eps"),
            pytest.param("talks.jpg", lambda: b"Minutes of the meeting.", NOT_AN_IMAGE, id="text"),
        ],
    )
    def test_a_refused_image_is_explained_and_changes_nothing(
        self, editor_client, media, name, data, message
    ):
        response = editor_client.post(
            PHOTO_ADD_URL, {"image": upload(name, data()), "caption_en": "Talks"}
        )

        assert response.status_code == 200
        assert response.context["adminform"].form.errors == {"image": [message]}
        assert list(Photo.objects.all()) == []
        assert files_in(media) == []

    def test_an_accepted_image_is_saved(self, officer_client, media):
        response = officer_client.post(
            PHOTO_ADD_URL,
            {"image": upload("talks.webp", image_bytes("WEBP")), "caption_en": "Talks"},
        )

        assert response.status_code == 302
        [photo] = Photo.objects.all()
        assert (photo.caption_en, photo.width, photo.height) == ("Talks", 400, 300)

    def test_the_file_chooser_offers_the_accepted_kinds(self, editor_client):
        page = editor_client.get(PHOTO_ADD_URL).content.decode()

        assert 'accept=".jpg,.jpeg,.png,.webp,image/jpeg,image/png,image/webp"' in page
