"""A release's image: only JPEG, PNG or WebP photos within the limits; a refused upload
changes nothing, in the services and in the admin's change form."""

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from releases.models import Release, WorkflowEvent
from tests.factories import ReleaseFactory
from tests.images import (
    ALLOWED,
    DAMAGED,
    NOT_AN_IMAGE,
    TOO_NARROW_10,
    empty_media_root,
    extension_message,
    gif_html_polyglot,
    image_bytes,
    mpo_bytes,
    truncated,
    upload,
)
from tests.images import stored_files as files_in
from tests.workflow.admin_helpers import change_url, form_data_for
from workflow import editing

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


def save_with_image(release, editor, image, **changes):
    """What the admin's change form does with ``image`` and the ``changes``."""
    release = Release.objects.get(pk=release.pk)
    version = release.version
    for field, value in changes.items():
        setattr(release, field, value)
    release.image = image
    return editing.release_save(release=release, user=editor, expected_version=version)


@pytest.mark.parametrize(("name", "data", "message"), REFUSED)
def test_a_refused_image_changes_nothing(editor, media, name, data, message):
    release = ReleaseFactory(draft=True, title="Talks in Astana")
    before = Release.objects.get(pk=release.pk)
    events = WorkflowEvent.objects.count()

    with pytest.raises(ValidationError) as refused:
        save_with_image(release, editor, upload(name, data()), title="Talks in Baku")

    assert refused.value.message_dict == {"image": [message]}
    stored = Release.objects.get(pk=release.pk)
    assert (stored.title, stored.image.name, stored.version) == (
        "Talks in Astana",
        "",
        before.version,
    )
    assert WorkflowEvent.objects.count() == events
    assert files_in(media) == []


@pytest.mark.parametrize(
    ("limit", "size", "message"),
    [
        (1 * MB, 3 * MB // 2, "The file is 1.5 MB; photos may be at most 1 MB."),
        (100 * 1024, 150 * 1024, "The file is 150.0 KB; photos may be at most 100 KB."),
    ],
)
def test_the_file_size_limit_is_a_setting(settings, editor, media, limit, size, message):
    settings.NEWSROOM_IMAGE_MAX_BYTES = limit
    release = ReleaseFactory(draft=True)

    with pytest.raises(ValidationError) as refused:
        save_with_image(release, editor, upload("talks.jpg", padded(image_bytes("JPEG"), size)))

    assert refused.value.message_dict == {"image": [message]}
    assert files_in(media) == []


def test_the_pixel_limit_is_a_setting(settings, editor, media):
    settings.NEWSROOM_IMAGE_MAX_PIXELS = 2_000_000
    release = ReleaseFactory(draft=True)

    with pytest.raises(ValidationError) as refused:
        save_with_image(release, editor, upload("talks.png", image_bytes("PNG", (2000, 1001))))

    assert refused.value.message_dict == {
        "image": [
            "The photo is 2,000 × 1,001 pixels (2.1 megapixels); "
            "photos may be at most 2 megapixels."
        ]
    }


def test_an_image_pillow_itself_refuses_as_too_large(monkeypatch, editor, media):
    # Pillow refuses to open more than twice its limit: here 2 megapixels, not 178.9.
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1_000_000)
    release = ReleaseFactory(draft=True)

    with pytest.raises(ValidationError) as refused:
        save_with_image(release, editor, upload("talks.png", image_bytes("PNG", (2000, 1001))))

    assert refused.value.message_dict == {
        "image": ["The photo has far too many pixels; photos may be at most 40 megapixels."]
    }
    assert files_in(media) == []


@pytest.mark.parametrize(
    ("name", "data"),
    [
        pytest.param("talks.jpg", lambda: image_bytes("JPEG"), id="jpg"),
        pytest.param("talks.jpeg", lambda: image_bytes("JPEG"), id="jpeg"),
        pytest.param("TALKS.JPG", lambda: image_bytes("JPEG"), id="upper-case-name"),
        pytest.param("talks.png", lambda: PNG, id="png"),
        pytest.param("talks.webp", lambda: image_bytes("WEBP"), id="webp"),
        pytest.param("talks.jpg", mpo_bytes, id="camera-mpo-jpeg"),
        pytest.param(
            "talks.png", lambda: image_bytes("PNG", (8000, 5000), mode="1"), id="40-megapixels"
        ),
        pytest.param(
            "talks.jpg", lambda: padded(image_bytes("JPEG", noise=True), 10 * MB), id="10-mb"
        ),
    ],
)
def test_accepts_jpeg_png_and_webp_photos_within_the_limits(editor, media, name, data):
    content = data()
    release = ReleaseFactory(draft=True)

    saved = save_with_image(release, editor, upload(name, content), title="Talks in Baku")

    stored = Release.objects.get(pk=saved.pk)
    assert stored.title == "Talks in Baku"
    assert files_in(media) == [stored.image.name]
    assert stored.image.name.startswith("releases/")
    assert (media / stored.image.name).read_bytes() == content


def test_an_image_stored_before_the_limits_does_not_block_an_edit(editor, settings, tmp_path):
    empty_media_root(settings, tmp_path)
    release = ReleaseFactory(
        draft=True, image=upload("old.gif", image_bytes("GIF", (10, 10), mode="P"))
    )
    old_name = release.image.name

    release = Release.objects.get(pk=release.pk)
    version = release.version
    release.title = "Talks in Baku"
    editing.release_save(release=release, user=editor, expected_version=version)

    stored = Release.objects.get(pk=release.pk)
    assert (stored.title, stored.image.name) == ("Talks in Baku", old_name)


def test_help_text_says_what_is_enforced(settings):
    help_text = Release._meta.get_field("image").help_text

    assert help_text == (
        "Optional photograph: JPEG, PNG or WebP, at least "
        f"{settings.NEWSROOM_IMAGE_MIN_WIDTH} pixels wide, at most "
        f"{settings.NEWSROOM_IMAGE_MAX_BYTES // MB} MB and "
        f"{settings.NEWSROOM_IMAGE_MAX_PIXELS // 1_000_000} megapixels."
    )


class TestChangeForm:
    @pytest.mark.parametrize(
        ("name", "data", "message"),
        [
            # Refused by the model's validation ...
            pytest.param(
                "talks.jpg", lambda: image_bytes("JPEG", (10, 10)), TOO_NARROW_10, id="10x10"
            ),
            pytest.param("talks.eps", lambda: PNG, extension_message("talks.eps", "eps"), id="eps"),
            # ... which Django's own image field would pre-empt with messages of its own.
            pytest.param("talks.jpg", lambda: b"Minutes of the meeting.", NOT_AN_IMAGE, id="text"),
            pytest.param(
                "talks.txt",
                lambda: b"Minutes of the meeting.",
                extension_message("talks.txt", "txt"),
                id="txt",
            ),
        ],
    )
    def test_a_refused_image_is_explained_and_changes_nothing(
        self, editor_client, media, name, data, message
    ):
        release = ReleaseFactory(draft=True, title="Talks in Astana")
        before = Release.objects.get(pk=release.pk)
        events = WorkflowEvent.objects.count()

        response = editor_client.post(
            change_url(release),
            form_data_for(release, title="Talks in Baku", image=upload(name, data())),
        )

        assert response.status_code == 200
        assert response.context["adminform"].form.errors == {"image": [message]}
        assert message in response.content.decode()
        stored = Release.objects.get(pk=release.pk)
        assert (stored.title, stored.image.name, stored.version) == (
            "Talks in Astana",
            "",
            before.version,
        )
        assert WorkflowEvent.objects.count() == events
        assert files_in(media) == []

    def test_an_accepted_image_is_saved(self, editor_client, media):
        release = ReleaseFactory(draft=True, title="Talks in Astana")

        response = editor_client.post(
            change_url(release),
            form_data_for(
                release, title="Talks in Baku", image=upload("talks.webp", image_bytes("WEBP"))
            ),
        )

        assert response.status_code == 302
        stored = Release.objects.get(pk=release.pk)
        assert stored.title == "Talks in Baku"
        assert files_in(media) == [stored.image.name]

    def test_the_file_chooser_offers_the_accepted_kinds(self, editor_client):
        release = ReleaseFactory(draft=True)

        page = editor_client.get(change_url(release)).content.decode()

        assert 'accept=".jpg,.jpeg,.png,.webp,image/jpeg,image/png,image/webp"' in page
