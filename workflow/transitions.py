"""The workflow steps: draft → submitted → published (scheduled) → withdrawn → restored.

Each step checks permission and state on the server, in one transaction, and
records a revision and an audit event; whoever should hear of it is emailed once it
has committed (workflow.notifications)."""

from dataclasses import dataclass

import reversion
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from releases.models import (
    Release,
    WorkflowEvent,
)
from workflow import notifications
from workflow.rules import CHANGE_PERMISSION, can_publish

Status = Release.Status


Action = WorkflowEvent.Action


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: tuple
    target: str
    needs_publisher: bool
    comment_required: bool = False
    comment_label: str = ""


TRANSITIONS = {
    t.name: t
    for t in [
        Transition("submit", _("Submit for review"), (Status.DRAFT,), Status.SUBMITTED, False),
        Transition(
            "send_back",
            _("Send back to draft"),
            (Status.SUBMITTED,),
            Status.DRAFT,
            True,
            comment_required=True,
            comment_label=_("what needs changing"),
        ),
        Transition(
            "publish",
            _("Publish"),
            (Status.DRAFT, Status.SUBMITTED),
            Status.PUBLISHED,
            True,
        ),
        Transition("unpublish", _("Cancel scheduling"), (Status.PUBLISHED,), Status.DRAFT, True),
        Transition(
            "withdraw",
            _("Withdraw"),
            (Status.PUBLISHED,),
            Status.WITHDRAWN,
            True,
            comment_required=True,
            comment_label=_("the public reason for withdrawal"),
        ),
        Transition("restore", _("Restore"), (Status.WITHDRAWN,), Status.PUBLISHED, True),
    ]
}


def primary_label(*, name, release):
    """What the form's primary button says it does: the step's label, and for
    "publish" whether the release goes out now or at its (stored) future time."""
    if not name:
        return ""
    if name == "publish":
        if release.pk and release.published_at and release.published_at > timezone.now():
            when = timezone.localtime(release.published_at)
            return gettext("Schedule for %(when)s") % {"when": f"{when:%d.%m.%Y %H:%M}"}
        return gettext("Publish now")
    return str(TRANSITIONS[name].label)


def available_transitions(*, release, user):
    """The transitions ``user`` may apply to ``release`` now, in display order."""
    return [
        t
        for t in TRANSITIONS.values()
        if release.pk and _transition_problem(release=release, user=user, transition=t) is None
    ]


def _transition_problem(*, release, user, transition):
    """Why ``transition`` may not be applied now, as the exception to raise, or None."""
    if transition.needs_publisher and not can_publish(user):
        return PermissionDenied(gettext("Only editors can do this."))
    if not transition.needs_publisher and not (user and user.has_perm(CHANGE_PERMISSION)):
        return PermissionDenied(gettext("You cannot change releases."))
    if release.status not in transition.sources:
        return ValidationError(
            gettext("A release that is “%(status)s” cannot be: %(step)s")
            % {"status": release.get_status_display().lower(), "step": transition.label.lower()}
        )
    # A live release is withdrawn, not unpublished; only a scheduled one is unpublished.
    if transition.name == "unpublish" and release.is_published():
        return ValidationError(gettext("This release is already public: withdraw it instead."))
    if transition.name == "withdraw" and not release.is_published():
        return ValidationError(
            gettext("This release is not public yet: cancel its scheduling instead.")
        )
    return None


def check_transition(*, release, user, name, comment=""):
    """Raise PermissionDenied or ValidationError if ``name`` may not be applied now."""
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise ValidationError(gettext("Unknown workflow step “%(name)s”.") % {"name": name})
    problem = _transition_problem(release=release, user=user, transition=transition)
    if problem is not None:
        raise problem
    if transition.comment_required and not comment.strip():
        raise ValidationError(gettext("Please give %(what)s.") % {"what": transition.comment_label})
    return transition


@transaction.atomic
def release_transition(*, release, user, name, comment="", published_at=None):
    """Apply the workflow step ``name`` to ``release`` after checking it is allowed.

    The release row is locked and re-read first, so the check sees the latest state.
    ``published_at`` (publish only) sets the publication time; a future one schedules.
    """
    release = Release.objects.select_for_update().get(pk=release.pk)
    action = apply_transition(
        release=release, user=user, name=name, comment=comment, published_at=published_at
    )
    release.updated_by = user
    release.full_clean()
    check_versions_published(release)
    with reversion.create_revision():
        release.save()
        reversion.set_user(user)
        reversion.set_comment(revision_comment(name=name, comment=comment))
    WorkflowEvent.objects.record(release=release, user=user, action=action, comment=comment.strip())
    notifications.step_taken(release=release, user=user, action=action, comment=comment.strip())
    return release


def apply_transition(*, release, user, name, comment="", published_at=None):
    """Check the step ``name`` on ``release`` as stored, set the fields it changes (not
    saved) and return the audit action to record.

    For callers that hold the release's row lock and save it themselves: the step
    above, and an edit saved together with its step (``editing.release_save``).
    """
    transition = check_transition(release=release, user=user, name=name, comment=comment)
    if published_at is not None and name == "publish":
        release.published_at = published_at
    release.status = transition.target
    action = {
        "submit": Action.SUBMITTED,
        "send_back": Action.SENT_BACK,
        "publish": Action.PUBLISHED,
        "unpublish": Action.UNPUBLISHED,
        "withdraw": Action.WITHDRAWN,
        "restore": Action.RESTORED,
    }[name]
    now = timezone.now()
    if name == "publish":
        # One go-live for the set: every version written now goes out together; one
        # written later waits for an editor (workflow.versions).
        release.published_languages = " ".join(release.written_languages)
        if release.published_at > now:
            action = Action.SCHEDULED
        elif (
            published_at is None
            and not release.events.filter(action__in=[Action.PUBLISHED, Action.SCHEDULED]).exists()
        ):
            # A first publication goes out now, not at the hour the draft was begun;
            # a future time is a schedule and is kept. Whole seconds, as the edit form
            # shows them, so the next save does not silently change the time.
            release.published_at = now.replace(microsecond=0)
    if name == "unpublish":
        # Not public yet: publishing it again takes the versions written by then.
        release.published_languages = ""
    # Withdrawing and restoring keep the set: a restored release is back as it was.
    if name == "withdraw":
        release.withdrawn_at = now
        release.withdrawal_reason = comment.strip()
    if name == "restore":
        release.withdrawn_at = None
        release.withdrawal_reason = ""
    return action


def check_versions_published(release):
    """Refuse to make public a release none of whose versions is written (checked after
    the model's own rules, which say what is missing more precisely)."""
    if release.status == Status.PUBLISHED and not release.published_languages.split():
        raise ValidationError(
            gettext("No version has both a title and a body yet: write one before publishing.")
        )


def revision_comment(*, name, comment=""):
    """The revision's comment for the step ``name``: its label, and the comment given."""
    # Records are kept in the site's own language, whatever language the admin is shown
    # in, so that the history of a release reads as one.
    with translation.override(settings.LANGUAGE_CODE):
        label = str(TRANSITIONS[name].label)
    return f"{label}{': ' + comment.strip() if comment.strip() else ''}"


def release_submit(*, release, user):
    return release_transition(release=release, user=user, name="submit")


def release_send_back(*, release, user, comment):
    return release_transition(release=release, user=user, name="send_back", comment=comment)


def release_publish(*, release, user, published_at=None):
    return release_transition(release=release, user=user, name="publish", published_at=published_at)


def release_unpublish(*, release, user):
    return release_transition(release=release, user=user, name="unpublish")


def release_withdraw(*, release, user, reason):
    return release_transition(release=release, user=user, name="withdraw", comment=reason)


def release_restore(*, release, user):
    return release_transition(release=release, user=user, name="restore")
