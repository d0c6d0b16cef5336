"""Preview links: signed, expiring addresses that show one unpublished release."""

import datetime

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from releases.models import (
    PreviewLink,
    Release,
    WorkflowEvent,
)
from workflow.rules import can_revoke_preview_link, preview_link_problem

Action = WorkflowEvent.Action

PREVIEW_SALT = "releases.preview-link"


@transaction.atomic
def preview_link_create(*, release, user, days=None):
    """Create a preview link for ``release`` that expires after ``days`` (default setting).

    Refused (PermissionDenied, ValidationError) as ``preview_link_problem`` says, on
    the release as stored now (its row is locked and re-read first).
    """
    release = Release.objects.select_for_update().get(pk=release.pk)
    problem = preview_link_problem(user=user, release=release)
    if problem is not None:
        raise problem
    days = days or settings.NEWSROOM_PREVIEW_DAYS
    now = timezone.now()
    link = PreviewLink(
        release=release,
        created_by=user,
        created_at=now,
        expires_at=now + datetime.timedelta(days=days),
    )
    link.full_clean()
    link.save()
    WorkflowEvent.objects.record(
        release=release, user=user, action=Action.PREVIEW_LINK, comment=f"Valid for {days} days"
    )
    return link


@transaction.atomic
def preview_link_revoke(*, link, user):
    """Stop ``link`` working at once, if ``can_revoke_preview_link`` allows it.

    Refused with PermissionDenied, or ValidationError when the link has already
    stopped working (revoked or expired): then nothing changes and nothing is logged.
    """
    link = PreviewLink.objects.select_for_update().get(pk=link.pk)
    if not can_revoke_preview_link(user, link):
        raise PermissionDenied(
            _("Only the person who created this link or an editor can revoke it.")
        )
    if not link.is_valid():
        raise ValidationError(_("This preview link has already stopped working."))
    link.revoked = True
    link.full_clean()
    link.save(update_fields=["revoked"])
    made = timezone.localtime(link.created_at)
    WorkflowEvent.objects.record(
        release=link.release,
        user=user,
        action=Action.PREVIEW_LINK_REVOKED,
        comment=f"Link created by {link.created_by or 'unknown'} on {made:%d %B %Y %H:%M}",
    )
    return link


def preview_token(link):
    return signing.dumps(link.pk, salt=PREVIEW_SALT)


def preview_link_from_token(token):
    """The valid PreviewLink for ``token``, or None (bad signature, expired, revoked)."""
    try:
        pk = signing.loads(token, salt=PREVIEW_SALT)
    except signing.BadSignature:
        return None
    # Only ``preview_token`` signs with this salt, and it signs an id: anything else
    # is refused rather than handed to the database.
    if type(pk) is not int:
        return None
    link = PreviewLink.objects.select_related("release").filter(pk=pk).first()
    if link is None or not link.is_valid():
        return None
    return link
