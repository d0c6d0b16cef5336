"""Email to the staff after a workflow step: editors hear that a release awaits review,
its author that it was sent back, published, scheduled or withdrawn.

Sent once the step has committed, never before and never if it was undone; a mail
server that fails is logged and changes nothing of the step. Each person may turn the
emails off (``DeskSettings``), and reads them in their language.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.urls import reverse
from django.utils import dateformat, timezone, translation
from django.utils.translation import gettext as _

from releases.models import WorkflowEvent
from workflow import rules

logger = logging.getLogger(__name__)

Action = WorkflowEvent.Action

TO_EDITORS = frozenset({Action.SUBMITTED})
TO_AUTHOR = frozenset({Action.SENT_BACK, Action.PUBLISHED, Action.SCHEDULED, Action.WITHDRAWN})


def step_taken(*, release, user, action, comment=""):
    """Tell whoever should hear of ``action`` (a ``WorkflowEvent.Action``) by ``user`` on
    ``release`` (as saved by the step), once the current transaction commits."""
    if action not in TO_EDITORS | TO_AUTHOR:
        return
    who = (user.get_full_name() or user.get_username()) if user else ""
    actor_id = getattr(user, "pk", None)
    transaction.on_commit(
        lambda: send_step_emails(
            release=release, who=who, actor_id=actor_id, action=action, comment=comment
        )
    )


def send_step_emails(*, release, who, actor_id, action, comment=""):
    """Send the emails of one step; whatever fails is logged, never raised."""
    try:
        emails = [
            step_email(release=release, who=who, action=action, comment=comment, to=person)
            for person in recipients(release=release, action=action, actor_id=actor_id)
        ]
        if emails:
            get_connection().send_messages(emails)
    except Exception:
        logger.exception("The emails of step %s of release %s were not sent", action, release.pk)


def recipients(*, release, action, actor_id):
    """Who hears of ``action`` on ``release``: with an address, emails turned on, and
    not the person who took the step."""
    if action in TO_EDITORS:
        people = rules.publishers()
    elif release.created_by_id:
        people = get_user_model().objects.filter(pk=release.created_by_id, is_active=True)
    else:
        return []
    return list(
        people.exclude(email="")
        .exclude(pk=actor_id)
        .exclude(desk_settings__email_notifications=False)
        .select_related("desk_settings")
        .order_by("pk")
    )


def language_of(person):
    settings_row = getattr(person, "desk_settings", None)
    return (settings_row and settings_row.language) or settings.LANGUAGE_CODE


def step_email(*, release, who, action, comment, to):
    """The email telling ``to`` of ``action``, in their language."""
    with translation.override(language_of(to)):
        subject, text = step_text(release=release, who=who, action=action, comment=comment)
        link = settings.NEWSROOM_SITE_URL + reverse(
            "admin:releases_release_change", args=[release.pk]
        )
        settings_link = settings.NEWSROOM_SITE_URL + reverse(
            "admin:releases_desksettings_changelist"
        )
        body = "\n\n".join(
            [
                text,
                _("Open it: %(link)s") % {"link": link},
                "-- ",
                _("To stop these emails, untick “email me”: %(link)s") % {"link": settings_link},
            ]
        )
    return EmailMessage(subject=subject, body=body, to=[to.email])


def step_text(*, release, who, action, comment):
    """(subject, first paragraph) of the email of ``action`` by ``who``, in the active
    language."""
    names = {"title": release.title, "who": who or _("Someone"), "comment": comment}
    if action == Action.SUBMITTED:
        return (
            _("Awaiting review: “%(title)s”") % names,
            _("%(who)s submitted “%(title)s” for review.") % names,
        )
    if action == Action.SENT_BACK:
        return (
            _("Sent back to you: “%(title)s”") % names,
            _("%(who)s sent “%(title)s” back to draft. What needs changing:\n\n%(comment)s")
            % names,
        )
    if action == Action.SCHEDULED:
        names["when"] = dateformat.format(timezone.localtime(release.published_at), "j E Y, H:i")
        return (
            _("Scheduled: “%(title)s”") % names,
            _("%(who)s scheduled “%(title)s” for %(when)s, Baku time.") % names,
        )
    if action == Action.PUBLISHED:
        return (
            _("Published: “%(title)s”") % names,
            _("%(who)s published “%(title)s”.") % names,
        )
    return (
        _("Withdrawn: “%(title)s”") % names,
        _("%(who)s withdrew “%(title)s”. The reason shown to the public:\n\n%(comment)s") % names,
    )
