"""Publishing and unpublishing: editors may, press officers may not, and a refused or
invalid call leaves the database as it was."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from releases.models import Release
from tests.factories import ReleaseFactory, UserFactory, baku
from workflow.rules import can_publish
from workflow.transitions import release_publish, release_unpublish

pytestmark = pytest.mark.django_db


def test_who_can_publish(editor, press_officer):
    inactive_editor = UserFactory(username="gone", groups=["Editor"], is_active=False)
    superuser = UserFactory(username="root", is_superuser=True)

    assert can_publish(editor) is True
    assert can_publish(superuser) is True
    assert can_publish(press_officer) is False
    assert can_publish(inactive_editor) is False
    assert can_publish(AnonymousUser()) is False
    assert can_publish(None) is False


class TestPublish:
    def test_editor_publishes_a_draft_now(self, editor, now):
        # Begun in the afternoon, published in the evening: it goes out in the evening.
        release = ReleaseFactory(draft=True, published_at=baku(2022, 3, 28, 15, 0))

        release_publish(release=release, user=editor)

        release.refresh_from_db()
        assert release.status == Release.Status.PUBLISHED
        assert release.published_at == now
        assert release.updated_by == editor
        assert list(Release.objects.published()) == [release]

    def test_explicit_past_time_is_kept(self, editor, now):
        release = ReleaseFactory(draft=True, published_at=baku(2022, 3, 28, 15, 0))

        release_publish(release=release, user=editor, published_at=baku(2022, 3, 28, 18, 10))

        release.refresh_from_db()
        assert release.status == Release.Status.PUBLISHED
        assert release.published_at == baku(2022, 3, 28, 18, 10)
        assert list(Release.objects.published()) == [release]

    def test_republishing_after_cancelled_scheduling_keeps_the_time(self, editor, now):
        release = ReleaseFactory(draft=True, published_at=baku(2022, 3, 28, 15, 0))
        release_publish(release=release, user=editor, published_at=baku(2022, 3, 28, 21, 0))
        release_unpublish(release=release, user=editor)
        Release.objects.filter(pk=release.pk).update(published_at=baku(2022, 3, 28, 19, 0))

        release_publish(release=release, user=editor)

        # Not a first publication any more: the time the editor set stays.
        release.refresh_from_db()
        assert release.status == Release.Status.PUBLISHED
        assert release.published_at == baku(2022, 3, 28, 19, 0)

    def test_editor_schedules_with_a_future_time(self, editor, now):
        release = ReleaseFactory(draft=True, published_at=baku(2022, 3, 28, 10, 0))

        release_publish(release=release, user=editor, published_at=baku(2022, 3, 29, 9, 0))

        release.refresh_from_db()
        assert release.status == Release.Status.PUBLISHED
        assert release.published_at == baku(2022, 3, 29, 9, 0)
        assert release.is_scheduled is True
        assert list(Release.objects.published()) == []

    def test_press_officer_is_refused_and_nothing_changes(self, press_officer):
        release = ReleaseFactory(draft=True, published_at=baku(2022, 3, 28, 18, 10))

        with pytest.raises(PermissionDenied):
            release_publish(
                release=release, user=press_officer, published_at=baku(2022, 3, 1, 9, 0)
            )

        stored = Release.objects.get(pk=release.pk)
        assert stored.status == Release.Status.DRAFT
        assert stored.published_at == baku(2022, 3, 28, 18, 10)
        assert stored.updated_by is None
        release.refresh_from_db()
        assert release.status == Release.Status.DRAFT
        assert list(Release.objects.published()) == []

    @pytest.mark.parametrize("who", ["inactive editor", "anonymous"])
    def test_inactive_or_anonymous_users_are_refused(self, who):
        user = (
            UserFactory(username="gone", groups=["Editor"], is_active=False)
            if who == "inactive editor"
            else AnonymousUser()
        )
        release = ReleaseFactory(draft=True)

        with pytest.raises(PermissionDenied):
            release_publish(release=release, user=user)

        release.refresh_from_db()
        assert release.status == Release.Status.DRAFT

    def test_invalid_release_is_not_published(self, editor):
        release = ReleaseFactory(draft=True, body="Text.")
        Release.objects.filter(pk=release.pk).update(body="")
        release.refresh_from_db()

        with pytest.raises(ValidationError) as error:
            release_publish(release=release, user=editor)

        assert list(error.value.message_dict) == ["body"]
        stored = Release.objects.get(pk=release.pk)
        assert stored.status == Release.Status.DRAFT
        assert stored.updated_by is None

    def test_draft_saved_after_midnight_baku_time_can_be_published(self, editor):
        # Yesterday's release has the same slug; that is allowed, the addresses
        # differ (.../03/27/budget/ and .../03/28/budget/). Read back from the
        # database, the draft's time is 27 March 21:30 UTC.
        ReleaseFactory(slug="budget", published_at=baku(2022, 3, 27, 12, 0))
        draft = ReleaseFactory.build(
            draft=True, slug="budget", published_at=baku(2022, 3, 28, 1, 30)
        )
        draft.full_clean()
        draft.save()
        draft = Release.objects.get(pk=draft.pk)

        # Published at its own time, given as the database gives it back (UTC).
        release_publish(release=draft, user=editor, published_at=draft.published_at)

        draft.refresh_from_db()
        assert draft.status == Release.Status.PUBLISHED
        assert draft.get_absolute_url() == "/en/releases/2022/03/28/budget/"

    def test_publishing_at_a_utc_time_cannot_give_two_releases_one_address(self, editor):
        first = ReleaseFactory(slug="budget", published_at=baku(2022, 3, 28, 10, 0))
        draft = ReleaseFactory(draft=True, slug="budget", published_at=baku(2022, 4, 2, 10, 0))
        # 01:30 on 28 March in Baku, given in UTC as timezone.now() would give it.
        when = datetime.datetime(2022, 3, 27, 21, 30, tzinfo=datetime.UTC)

        with pytest.raises(ValidationError):
            release_publish(release=draft, user=editor, published_at=when)

        draft.refresh_from_db()
        assert draft.status == Release.Status.DRAFT
        assert draft.published_at == baku(2022, 4, 2, 10, 0)
        assert first.get_absolute_url() == "/en/releases/2022/03/28/budget/"


class TestUnpublish:
    def test_editor_cancels_a_scheduled_release(self, editor, now):
        release = ReleaseFactory(published_at=baku(2022, 3, 28, 21, 0))
        assert release.is_scheduled

        release_unpublish(release=release, user=editor)

        release.refresh_from_db()
        assert release.status == Release.Status.DRAFT
        assert release.published_at == baku(2022, 3, 28, 21, 0)
        assert release.updated_by == editor
        assert list(Release.objects.published()) == []

    def test_a_live_release_is_withdrawn_not_unpublished(self, editor, now):
        release = ReleaseFactory(published_at=baku(2022, 3, 28, 18, 10))
        version = Release.objects.get(pk=release.pk).version

        with pytest.raises(ValidationError) as error:
            release_unpublish(release=release, user=editor)

        assert error.value.messages == ["This release is already public: withdraw it instead."]
        stored = Release.objects.get(pk=release.pk)
        assert stored.status == Release.Status.PUBLISHED
        assert stored.version == version
        assert stored.updated_by is None
        assert list(Release.objects.published()) == [release]

    def test_press_officer_is_refused_and_nothing_changes(self, press_officer):
        release = ReleaseFactory(published_at=baku(2022, 3, 28, 18, 10))

        with pytest.raises(PermissionDenied):
            release_unpublish(release=release, user=press_officer)

        stored = Release.objects.get(pk=release.pk)
        assert stored.status == Release.Status.PUBLISHED
        assert stored.updated_by is None
        release.refresh_from_db()
        assert release.status == Release.Status.PUBLISHED
        assert list(Release.objects.published()) == [release]
