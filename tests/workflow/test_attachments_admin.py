"""Who may change a release's photos and documents and the library's photos and
contacts; the release form's inlines save them."""

import pytest

from releases.models import Release
from tests.factories import (
    PhotoFactory,
    PressContactFactory,
    ReleaseFactory,
    ReleasePhotoFactory,
    UserFactory,
)
from tests.images import empty_media_root
from tests.workflow.admin_helpers import change_url, form_data_for
from workflow import rules

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    return empty_media_root(settings, tmp_path)


@pytest.mark.parametrize(
    ("state", "officer_may", "editor_may"),
    [("draft", True, True), ("published", False, True), ("withdrawn", False, True)],
)
def test_a_releases_photos_and_documents_follow_its_text(
    press_officer, editor, state, officer_may, editor_may
):
    release = ReleaseFactory(status=state)

    assert rules.can_change_attachments(press_officer, release) is officer_may
    assert rules.can_change_attachments(editor, release) is editor_may
    assert rules.can_change_attachments(UserFactory(is_staff=True), release) is False


def test_a_library_photo_on_a_published_release_is_changed_by_editors_only(press_officer, editor):
    shown = PhotoFactory()
    ReleasePhotoFactory(photo=shown)
    on_a_draft = PhotoFactory()
    ReleasePhotoFactory(photo=on_a_draft, release=ReleaseFactory(draft=True))
    permission = "releases.change_photo"

    assert rules.can_change_library_item(press_officer, shown, permission=permission) is False
    assert rules.can_change_library_item(editor, shown, permission=permission) is True
    assert rules.can_change_library_item(press_officer, on_a_draft, permission=permission)
    contact = PressContactFactory()
    ReleaseFactory(press_contact=contact)
    assert not rules.can_change_library_item(
        press_officer, contact, permission="releases.change_presscontact"
    )


def test_the_officer_cannot_recaption_a_public_photo_in_the_admin(officer_client):
    photo = PhotoFactory(caption="As published")
    ReleasePhotoFactory(photo=photo)

    response = officer_client.post(
        f"/admin/releases/photo/{photo.pk}/change/", {"caption_en": "Changed"}
    )

    assert response.status_code == 403
    photo.refresh_from_db()
    assert photo.caption_en == "As published"


def test_the_release_form_places_library_photos_in_order(officer_client):
    release = ReleaseFactory(draft=True)
    first, second = PhotoFactory(), PhotoFactory()
    data = form_data_for(release, body_format="markdown", press_contact=PressContactFactory().pk)
    data.update(
        {
            "release_photos-TOTAL_FORMS": "2",
            "release_photos-0-photo": str(second.pk),
            "release_photos-0-position": "2",
            "release_photos-1-photo": str(first.pk),
            "release_photos-1-position": "1",
        }
    )

    response = officer_client.post(change_url(release), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    stored = Release.objects.get(pk=release.pk)
    assert stored.photo_list == [first, second]
    assert (stored.lead_photo, stored.gallery) == (first, [second])
    assert stored.body_format == "markdown"
