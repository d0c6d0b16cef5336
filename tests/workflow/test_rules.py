"""Who may delete a release: asked by the admin and by the delete service alike."""

import pytest
from django.core.exceptions import PermissionDenied

from releases.models import Release
from tests.factories import ReleaseFactory, UserFactory
from workflow import editing, rules

pytestmark = pytest.mark.django_db

Status = Release.Status


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.PUBLISHED, Status.WITHDRAWN])
def test_only_a_superuser_deletes_what_has_been_beyond_a_draft(editor, press_officer, status):
    release = ReleaseFactory(status=status)
    superuser = UserFactory(username="root", is_superuser=True)

    assert [rules.can_delete(u, release) for u in (press_officer, editor, superuser)] == [
        False,
        False,
        True,
    ]
    with pytest.raises(PermissionDenied):
        editing.release_delete(release=release, user=editor)
    assert list(Release.objects.all()) == [release]

    editing.release_delete(release=release, user=superuser)
    assert list(Release.objects.all()) == []


def test_a_draft_is_deleted_by_whoever_may_delete_releases(editor):
    draft = ReleaseFactory(status=Status.DRAFT)
    nobody = UserFactory(username="reader")

    assert rules.can_delete(nobody, draft) is False
    with pytest.raises(PermissionDenied):
        editing.release_delete(release=draft, user=nobody)
    assert rules.can_delete(editor, draft) is True
    editing.release_delete(release=draft, user=editor)
    assert list(Release.objects.all()) == []
