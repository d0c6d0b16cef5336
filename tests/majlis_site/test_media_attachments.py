"""Renditions and documents follow their release as its photos do; a preview page's
signed addresses open a draft's files, each only its own, for a few hours."""

import re
import time

import pytest
from django.core.files.storage import default_storage

from releases import signed_media
from releases.renditions import FORMATS, WIDTHS
from tests.factories import (
    PDF,
    DocumentFactory,
    PhotoFactory,
    ReleaseFactory,
    ReleasePhotoFactory,
    UserFactory,
)
from tests.images import empty_media_root
from workflow.previews import preview_link_create, preview_token

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    return empty_media_root(settings, tmp_path)


def body(response):
    """The file's bytes; read to its end, the test client closes the file (closing it
    once more would end the test's database connection)."""
    return b"".join(response.streaming_content)


def status(client, url):
    """The status of the answer to ``url``, its file closed."""
    response = client.get(url)
    if response.streaming:
        body(response)  # read to its end: the test client then closes it as a server does
    return response.status_code


def photo_on(release):
    photo = PhotoFactory()
    ReleasePhotoFactory(release=release, photo=photo)
    return photo


def test_the_renditions_of_a_public_releases_photo_are_served_in_their_format(client):
    photo = photo_on(ReleaseFactory())

    answers = {(w, f): client.get(photo.rendition(w, f).url) for w in WIDTHS for f in FORMATS}
    for answer in answers.values():
        body(answer)

    assert {key: a.status_code for key, a in answers.items()} == dict.fromkeys(answers, 200)
    assert {a["Content-Type"] for (_, f), a in answers.items() if f == "webp"} == {"image/webp"}
    assert {a["Content-Type"] for (_, f), a in answers.items() if f == "jpeg"} == {"image/jpeg"}
    assert body(client.get(photo.r400_webp.url))[:4] == b"RIFF"


def test_a_photo_in_the_library_that_no_public_release_shows_is_not_served(client):
    photo = PhotoFactory()

    assert status(client, photo.image.url) == 404
    assert status(client, photo.r400_webp.url) == 404


def test_a_missing_rendition_of_a_public_photo_is_made_when_asked_for(client):
    photo = photo_on(ReleaseFactory())
    rendition = photo.rendition(800, "webp")
    default_storage.delete(rendition.name)

    response = client.get(rendition.url)

    assert response.status_code == 200
    assert body(response)[:4] == b"RIFF"
    assert default_storage.exists(rendition.name)


def test_a_public_releases_document_is_downloaded_as_an_attachment(client):
    document = DocumentFactory()

    response = client.get(document.file.url)

    assert body(response) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="joint-statement.pdf"'


def test_a_drafts_document_is_not_served_but_staff_get_it(client):
    document = DocumentFactory(release=ReleaseFactory(draft=True))

    assert status(client, document.file.url) == 404
    client.force_login(UserFactory(groups=["Press officer"]))
    assert body(client.get(document.file.url)) == PDF


def test_a_signed_address_opens_its_one_file_for_a_few_hours(client, monkeypatch, settings):
    draft = ReleaseFactory(draft=True)
    photo = photo_on(draft)
    document = DocumentFactory(release=draft)
    signed = signed_media.signed_url(photo.r800_webp)
    token = signed.split("?signature=")[1]

    assert signed.startswith(f"{photo.r800_webp.url}?signature=")
    assert status(client, signed) == 200
    # The same signature on another file of the same draft opens nothing.
    assert status(client, f"{document.file.url}?signature={token}") == 404
    assert status(client, f"{photo.r800_webp.url}?signature={token[:-2]}xx") == 404
    later = time.time() + settings.NEWSROOM_PREVIEW_MEDIA_SECONDS + 60
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    assert status(client, signed) == 404


def test_a_signed_file_is_never_kept_by_caches(client):
    photo = photo_on(ReleaseFactory(draft=True))

    response = client.get(signed_media.signed_url(photo.image))
    body(response)

    assert response["Cache-Control"] == "private, no-store"


def test_a_preview_link_shows_the_drafts_photo_and_document_to_a_reader(client, editor):
    draft = ReleaseFactory(draft=True)
    photo = photo_on(draft)
    document = DocumentFactory(release=draft, title="The joint statement")
    link = preview_link_create(release=draft, user=editor)

    page = client.get(f"/preview/{preview_token(link)}/").content.decode()
    addresses = re.findall(r'(?:src|srcset|href)="([^"]+)"', page)
    media = [a.split(" ")[0] for a in addresses for a in a.split(", ") if "/media/" in a]

    assert len(media) == 1 + 2 * 3 + 1  # the img's src, its two srcsets, the document
    assert {a.split("?")[0] for a in media} >= {photo.r800_jpeg.url, document.file.url}
    assert [status(client, a.replace("&amp;", "&")) for a in media] == [200] * 8
    assert status(client, photo.r800_jpeg.url) == 404
