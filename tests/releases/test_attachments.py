"""Documents are checked by content and size; photos know their size and have their
renditions made, named after them, once their save has committed."""

import io
import logging
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from imagekit.cachefiles import ImageCacheFile

from releases.models import Photo
from releases.renditions import FORMATS, WIDTHS, photo_of
from safety.documents import validate_document_upload
from tests.factories import PDF, DocumentFactory, PhotoFactory
from tests.images import empty_media_root, image_bytes, upload


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    return empty_media_root(settings, tmp_path)


def office(kind):
    """A minimal Office Open XML file of ``kind`` (its main folder: word/, xl/, ppt/)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{kind}/document.xml", "<doc/>")
    return out.getvalue()


def odt():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<doc/>")
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("speech.pdf", PDF),
        ("statement.docx", office("word")),
        ("figures.xlsx", office("xl")),
        ("slides.pptx", office("ppt")),
        ("speech.odt", odt()),
    ],
)
def test_pdf_and_office_files_are_taken(name, data):
    validate_document_upload(upload(name, data))


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("page.html", b"<html></html>", "document_extension"),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "document_extension"),
        ("fake.pdf", b"<script>alert(1)</script>", "document_content"),
        ("photo.pdf", image_bytes("JPEG"), "document_content"),
        ("zip.docx", office("xl"), "document_content"),
        ("notzip.xlsx", b"PK but not a zip", "document_content"),
        ("wrong.odt", office("word"), "document_content"),
    ],
)
def test_other_files_are_refused_by_their_content(name, data, code):
    with pytest.raises(ValidationError) as refused:
        validate_document_upload(upload(name, data))

    assert refused.value.code == code


def test_a_document_over_the_limit_is_refused(settings):
    settings.NEWSROOM_DOCUMENT_MAX_BYTES = 100

    with pytest.raises(ValidationError) as refused:
        validate_document_upload(upload("long.pdf", PDF + b" " * 200))

    assert refused.value.messages == ["The file is 0.3 KB; documents may be at most 0.0976562 KB."]


@pytest.mark.django_db
def test_a_document_keeps_its_size_and_kind():
    document = DocumentFactory()

    assert (document.size, document.content_type, document.kind_name) == (
        len(PDF),
        "application/pdf",
        "PDF",
    )


@pytest.mark.django_db
def test_a_saved_photo_has_its_renditions_named_after_it():
    photo = PhotoFactory()

    names = [photo.rendition(w, f).name for w in WIDTHS for f in FORMATS]

    assert (photo.width, photo.height) == (1000, 600)
    assert [default_storage.exists(name) for name in names] == [True] * 6
    assert [photo_of(name) for name in names] == [photo.image.name] * 6
    assert [name.rsplit(".", 1)[1] for name in names] == ["webp", "jpg"] * 3


def rendition_names(photo):
    return [photo.rendition(w, f).name for w in WIDTHS for f in FORMATS]


@pytest.mark.django_db
def test_renditions_are_made_after_the_save_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        photo = PhotoFactory()
        names = rendition_names(photo)
        inside = [default_storage.exists(name) for name in names]

    assert inside == [False] * 6
    assert [default_storage.exists(name) for name in names] == [True] * 6


@pytest.mark.django_db
def test_a_photo_saved_in_a_block_rolled_back_gets_no_renditions():
    with pytest.raises(RuntimeError), transaction.atomic():
        photo = PhotoFactory()
        raise RuntimeError("the rest of the save failed")

    assert [default_storage.exists(name) for name in rendition_names(photo)] == [False] * 6


@pytest.mark.django_db
def test_a_caption_changed_makes_no_rendition_again(monkeypatch):
    photo = PhotoFactory()
    made = []
    monkeypatch.setattr(ImageCacheFile, "generate", lambda self, force=False: made.append(self))

    photo.caption = "The delegations"
    photo.save(update_fields=["caption"])

    assert made == []


@pytest.mark.django_db
def test_a_rendition_that_fails_is_logged_and_the_photo_is_saved(monkeypatch, caplog):
    def fail(self, force=False):
        raise OSError("No space left on device")

    monkeypatch.setattr(ImageCacheFile, "_generate", fail)

    with caplog.at_level(logging.ERROR, logger="releases.renditions"), transaction.atomic():
        photo = PhotoFactory()

    assert list(Photo.objects.values_list("pk", flat=True)) == [photo.pk]
    assert [record.getMessage() for record in caplog.records] == [
        f"The {w}-pixel {f} rendition of {photo.image.name} was not made."
        for w in WIDTHS
        for f in FORMATS
    ]
    # Not remembered as made: the next attempt (the media view's) makes it.
    monkeypatch.undo()
    rendition = photo.rendition(800, "webp")
    rendition.generate()
    assert default_storage.exists(rendition.name)
