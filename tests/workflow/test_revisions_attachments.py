"""Revisions keep a release's photos (their places and captions) and documents: restoring
one brings them back, and the comparison shows them changed."""

import posixpath

import pytest
import reversion
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from releases.models import Document, Photo, ReleasePhoto
from tests.factories import DocumentFactory, PhotoFactory, ReleaseFactory, ReleasePhotoFactory
from tests.images import empty_media_root
from workflow import editing
from workflow import revisions as release_revisions

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    return empty_media_root(settings, tmp_path)


def saved(release, user):
    """The release saved as the form saves it: one revision with what it holds now."""
    with reversion.create_revision():
        editing.release_save(release=release, user=user, expected_version=release.version)
        reversion.add_to_revision(release)


def photos_of(release):
    return [
        (link.photo_id, link.photo.caption)
        for link in ReleasePhoto.objects.filter(release=release).select_related("photo")
    ]


def documents_of(release):
    return list(
        Document.objects.filter(release=release).values_list("pk", "title", "language", "file")
    )


@pytest.fixture
def replaced(editor):
    """A release saved with photos A (lead) and C and document A, then with photo B and
    document B instead, and C's caption changed; its two revisions, oldest first."""
    release = ReleaseFactory(draft=True)
    a = PhotoFactory(caption="A: the delegations")
    c = PhotoFactory(caption="C: the talks")
    ReleasePhotoFactory(release=release, photo=a, position=0)
    ReleasePhotoFactory(release=release, photo=c, position=1)
    DocumentFactory(release=release, title="Statement A", language="az")
    saved(release, editor)
    first_photos, first_documents = photos_of(release), documents_of(release)

    release.release_photos.all().delete()
    release.documents.all().delete()
    b = PhotoFactory(caption="B: the signing")
    ReleasePhotoFactory(release=release, photo=b, position=0)
    ReleasePhotoFactory(release=release, photo=c, position=1)
    c.caption = "C: a new caption"
    c.save()
    DocumentFactory(release=release, title="Statement B", language="en")
    saved(release, editor)
    versions = list(reversed(release_revisions.release_versions(release)))
    return release, versions, first_photos, first_documents


def test_restoring_brings_back_the_photos_their_order_captions_and_documents(editor, replaced):
    release, (first, _second), first_photos, first_documents = replaced

    release_revisions.release_restore_revision(release=release, version=first, user=editor)

    assert photos_of(release) == first_photos
    assert first_photos[0][1] == "A: the delegations"
    assert first_photos[1][1] == "C: the talks"
    assert documents_of(release) == first_documents
    assert [title for _pk, title, *_ in first_documents] == ["Statement A"]
    # The photo and document of the later revision stay in the library and storage.
    assert Photo.objects.filter(caption="B: the signing").exists()
    # The restore is a revision of its own, holding what it put back.
    latest = release_revisions.version_content(release_revisions.release_versions(release)[0])
    assert [p["caption_en"] for p in latest["photos"]] == ["A: the delegations", "C: the talks"]
    assert [d["title"] for d in latest["documents"]] == ["Statement A"]


def test_restoring_the_later_revision_again_brings_b_back(editor, replaced):
    release, (first, second), *_ = replaced
    release_revisions.release_restore_revision(release=release, version=first, user=editor)

    release_revisions.release_restore_revision(release=release, version=second, user=editor)

    assert [caption for _pk, caption in photos_of(release)] == [
        "B: the signing",
        "C: a new caption",
    ]
    assert [title for _pk, title, *_ in documents_of(release)] == ["Statement B"]


def test_a_photo_gone_from_the_library_is_left_out_of_the_restore(editor, replaced):
    release, (first, _second), first_photos, _ = replaced
    Photo.objects.filter(pk=first_photos[0][0]).delete()

    release_revisions.release_restore_revision(release=release, version=first, user=editor)

    assert photos_of(release) == [first_photos[1]]


def test_the_comparison_shows_the_photos_and_documents_changed(editor, replaced):
    release, (first, second), first_photos, _ = replaced
    a, c = (Photo.objects.get(pk=pk) for pk, _caption in first_photos)
    b = Photo.objects.get(caption="B: the signing")
    document_b = release.documents.get()
    client = Client()
    client.force_login(editor)

    response = client.get(
        f"/admin/releases/release/{release.pk}/revisions/", {"a": first.pk, "b": second.pk}
    )

    def name(file):
        return posixpath.basename(file.name)

    changed = [
        (row["label"], row["before"], row["after"])
        for row in response.context["comparison"]
        if row["changed"]
    ]
    assert changed == [
        (
            "Photos of the release (the first is the lead photo)",
            f"{name(a.image)} — A: the delegations; {name(c.image)} — C: the talks",
            f"{name(b.image)} — B: the signing; {name(c.image)} — C: a new caption",
        ),
        (
            "Documents",
            "Statement A (az, joint-statement.pdf)",
            f"Statement B (en, {name(document_b.file)})",
        ),
    ]
    assert "B: the signing" in response.content.decode()


def test_the_revisions_page_costs_the_same_queries_for_3_and_12_revisions(editor):
    release = ReleaseFactory(draft=True)
    client = Client()
    client.force_login(editor)

    def page_queries():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/admin/releases/release/{release.pk}/revisions/")
        assert response.status_code == 200
        return len(queries)

    def add_revisions(count):
        for n in range(count):
            ReleasePhotoFactory(release=release, photo=PhotoFactory(), position=n)
            DocumentFactory(release=release)
            release.tags.add(f"Topic {n}")
            saved(release, editor)

    add_revisions(3)
    with_3 = page_queries()
    add_revisions(9)

    assert page_queries() == with_3
