"""Saving an edit of a release: one version check, redirects, change notes, presence."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _

from releases.models import (
    ChangeNote,
    EditPresence,
    Release,
    ReleaseAutosave,
    ReleaseRedirect,
    WorkflowEvent,
)
from workflow import notifications
from workflow.rules import can_delete, can_edit
from workflow.transitions import apply_transition, check_versions_published

Action = WorkflowEvent.Action
Status = Release.Status


class EditConflict(ValidationError):
    """Someone saved the release after this editor opened it."""


def check_version(*, release, expected_version):
    """The stored ``release``, locked; EditConflict if it was saved since ``expected_version``.

    The row's write lock is held until the caller's transaction ends: of two saves of the
    same version, the second waits for the first to commit, then reads the new version
    and is refused. (SQLite takes its lock when the transaction begins, which comes to
    the same.) Call it inside the transaction that writes the release.
    """
    # Who saved it is read only for the refusal, after the lock: a row joined to the
    # locked one may be read as it was before the wait.
    current = Release.objects.select_for_update().filter(pk=release.pk).first()
    if current is None:
        raise EditConflict(
            _("This release was deleted after you opened it; it cannot be saved."), code="conflict"
        )
    if expected_version is None or current.version != expected_version:
        raise EditConflict(
            _(
                "Someone else saved this release after you opened it (%(who)s, %(when)s). "
                "Your text is kept below. Check what changed, then save again to keep yours."
            )
            % {
                "who": current.updated_by or _("unknown"),
                "when": dateformat.format(timezone.localtime(current.updated_at), "d E Y H:i"),
            },
            code="conflict",
        )
    return current


@transaction.atomic
def release_save(
    *,
    release,
    user,
    expected_version=None,
    change_note="",
    is_new=False,
    action=None,
    comment="",
    log=True,
    step="",
    step_comment="",
):
    """Save an edit of ``release`` made by ``user`` (the admin form's save).

    Refuses (EditConflict) if someone saved since ``expected_version``. Keeps
    the workflow fields as stored: only the workflow steps change them, such as
    ``step`` (a name in ``transitions.TRANSITIONS``), applied to the edit in the same
    save, as "Save and publish" does. When a published release's address changes,
    the old address is kept as a permanent redirect. A change note is recorded for
    the public page.
    """
    if not is_new:
        if not can_edit(user, release):
            raise PermissionDenied(_("Only editors can change a published release."))
        stored = check_version(release=release, expected_version=expected_version)
        for field in Release.WORKFLOW_FIELDS:
            setattr(release, field, getattr(stored, field))
        # Each public version's address, kept as a redirect if the edit moves it.
        old_paths = {lang: stored.get_absolute_url(lang) for lang in stored.public_languages}
    else:
        if not (user and user.has_perm("releases.add_release")):
            raise PermissionDenied(_("You cannot add releases."))
        release.status = Status.DRAFT
        release.created_by = user
        stored = None
        if step not in ("", "submit"):
            raise ValidationError(_("Save the draft first; then it can be published."))
    step_action = step and apply_transition(
        release=release, user=user, name=step, comment=step_comment
    )
    release.updated_by = user
    release.full_clean()
    if step_action:
        check_versions_published(release)
    release.save()
    if stored is not None and stored.status in (Status.PUBLISHED, Status.WITHDRAWN):
        for lang, old_path in old_paths.items():
            new_path = release.get_absolute_url(lang)
            if new_path != old_path:
                ReleaseRedirect.objects.filter(old_path=new_path).delete()
                ReleaseRedirect.objects.update_or_create(
                    old_path=old_path, defaults={"release": release}
                )
    if change_note.strip():
        if stored is None or stored.status != Status.PUBLISHED:
            raise ValidationError(_("Change notes are for corrections to published releases."))
        ChangeNote.objects.create(release=release, note=change_note.strip(), created_by=user)
    events = []
    if log:
        edit = action or (Action.CREATED if is_new else Action.EDITED)
        events.append((edit, comment or change_note.strip()))
    if step_action:
        events.append((step_action, step_comment.strip()))
    WorkflowEvent.objects.record_all(release=release, user=user, actions=events)
    # What the form kept of this text on its own is saved now (workflow.autosave).
    kept = Q(release=release) | Q(release=None) if is_new else Q(release=release)
    ReleaseAutosave.objects.filter(kept, user=user).delete()
    if step_action:
        notifications.step_taken(
            release=release, user=user, action=step_action, comment=step_comment.strip()
        )
    return release


def record_presence(*, release, user):
    """Note that ``user`` has ``release``'s form open now (on opening it, and at each
    heartbeat of the open form); return the others whose form said so within
    ``NEWSROOM_PRESENCE["EXPIRES_SECONDS"]``, most recent first."""
    now = timezone.now()
    EditPresence.objects.update_or_create(release=release, user=user, defaults={"opened_at": now})
    since = now - datetime.timedelta(seconds=settings.NEWSROOM_PRESENCE["EXPIRES_SECONDS"])
    return list(
        EditPresence.objects.filter(release=release, opened_at__gte=since)
        .exclude(user=user)
        .select_related("user")
        .order_by("-opened_at")
    )


def presence_end(*, release, user):
    """``user`` closed ``release``'s form: nobody is told they are editing it any more."""
    EditPresence.objects.filter(release=release, user=user).delete()


@transaction.atomic
def release_delete(*, release, user):
    """Delete ``release`` if ``user`` may (``rules.can_delete``, on the stored state)."""
    stored = Release.objects.select_for_update().filter(pk=release.pk).first()
    if stored is None:
        return
    if not can_delete(user, stored):
        raise PermissionDenied(_("What has been beyond a draft is withdrawn, not deleted."))
    stored.delete()
