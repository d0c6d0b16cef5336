"""Uploaded media: served to everyone only while a public page shows them.

Upload names are guessable (``photos/<year>/<month>/<the file's name>``), so the
photo of a draft, a scheduled or a withdrawn release, or of an official named only in
drafts, must answer exactly as a missing file does; staff see them all.
"""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from releases.models import Release
from releases.renditions import FORMATS, WIDTHS
from tests.factories import (
    OfficialFactory,
    OfficialPortraitFactory,
    PhotoFactory,
    ReleaseFactory,
    ReleasePhotoFactory,
    UserFactory,
)
from tests.images import empty_media_root, image_bytes

pytestmark = pytest.mark.django_db

JPEG = image_bytes("JPEG")
PNG = image_bytes("PNG")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    return empty_media_root(settings, tmp_path)


def with_image(release, name="talks.jpg", data=JPEG):
    """``release`` with a library photo of ``name`` as its lead photo: the photo."""
    photo = PhotoFactory(image=ContentFile(data, name=name))
    ReleasePhotoFactory(release=release, photo=photo)
    return photo


def body(response):
    """The file's bytes; closing the response closes the file, as a server does."""
    try:
        return b"".join(response.streaming_content)
    finally:
        response.close()


def test_the_image_of_a_published_release_is_served_to_everyone(client):
    photo = with_image(ReleaseFactory())

    response = client.get(photo.image.url)

    assert photo.image.url == f"/media/{photo.image.name}"
    assert response.status_code == 200
    assert body(response) == JPEG
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "public, max-age=600"
    assert response["X-Content-Type-Options"] == "nosniff"


HIDDEN = {
    "draft": {"status": Release.Status.DRAFT},
    "submitted": {"status": Release.Status.SUBMITTED},
    "scheduled": {"scheduled": True},
    "withdrawn": {"status": Release.Status.WITHDRAWN, "withdrawn_at": timezone.now},
    "published in no language": {"published_languages": ""},
}


@pytest.mark.parametrize("state", HIDDEN)
def test_the_image_of_a_release_not_public_is_not_served(client, state):
    kwargs = {k: (v() if callable(v) else v) for k, v in HIDDEN[state].items()}
    release = ReleaseFactory(**kwargs)
    hidden = with_image(release, "visit-before-announced.jpg")
    public = with_image(ReleaseFactory(), "public.png", PNG)

    assert not Release.objects.published().filter(pk=release.pk).exists()
    response = client.get(hidden.image.url)
    missing = client.get("/media/photos/2020/01/no-such-file.jpg")

    assert response.status_code == 404
    assert response.content == missing.content
    assert b"JFIF" not in response.content
    # The public one beside it still is.
    assert body(client.get(public.image.url)) == PNG


def test_staff_see_the_image_of_a_draft_and_nobody_caches_it(client):
    draft = with_image(ReleaseFactory(draft=True))
    client.force_login(UserFactory(groups=["Press officer"]))

    response = client.get(draft.image.url)

    assert response.status_code == 200
    assert body(response) == JPEG
    assert response["Cache-Control"] == "private, no-store"


def test_a_replaced_image_left_in_storage_is_not_served(client):
    photo = with_image(ReleaseFactory(), "first.jpg")
    old_url = photo.image.url
    photo.image.save("second.png", ContentFile(PNG), save=True)

    assert client.get(old_url).status_code == 404
    assert body(client.get(photo.image.url)) == PNG


def test_the_image_of_a_release_published_later_appears_at_its_time(client):
    release = ReleaseFactory(scheduled=True)
    photo = with_image(release)
    assert client.get(photo.image.url).status_code == 404

    Release.objects.filter(pk=release.pk).update(
        published_at=timezone.now() - datetime.timedelta(minutes=1)
    )

    assert body(client.get(photo.image.url)) == JPEG


def test_an_officials_portrait_is_served_only_while_the_public_site_lists_them(client):
    official = OfficialFactory()
    photo = OfficialPortraitFactory(
        official=official, photo__image=ContentFile(JPEG, name="speaker.jpg")
    ).photo
    draft = ReleaseFactory(draft=True, officials=[official])
    addresses = [photo.image.url, *(photo.rendition(w, f).url for w in WIDTHS for f in FORMATS)]

    assert [client.get(url).status_code for url in addresses] == [404] * 7

    ReleaseFactory(officials=[official])
    assert draft.status == Release.Status.DRAFT
    answers = [client.get(url) for url in addresses]
    # Read to their ends: the test client then closes them as a server does.
    assert [body(answer)[:2] for answer in answers] == [JPEG[:2], *[b"RI", b"\xff\xd8"] * 3]
    assert [answer.status_code for answer in answers] == [200] * 7


@pytest.mark.parametrize(
    "path",
    [
        "/media/../manage.py",
        "/media/releases/../../manage.py",
        "/media/%2e%2e/manage.py",
        "/media/releases/%2e%2e/%2e%2e/manage.py",
        "/media//etc/passwd",
        "/media/releases\\..\\..\\manage.py",
        "/media/./releases/x.jpg",
        "/media/releases/x.jpg%00.png",
    ],
)
def test_a_path_out_of_the_media_is_refused_even_to_staff(client, path):
    client.force_login(UserFactory(is_superuser=True))

    response = client.get(path)

    assert response.status_code == 404
    assert b"import" not in response.content


def test_media_answer_only_reads(client):
    photo = with_image(ReleaseFactory())

    assert client.post(photo.image.url).status_code == 405
    head = client.head(photo.image.url)
    head.close()
    assert head.status_code == 200
    assert head["Content-Length"] == str(len(JPEG))
