"""Workflows that change releases. Each checks permission on the server.

Functions take keyword-only arguments, validate with ``full_clean()`` and run
in one transaction, so a refused or failing call changes nothing.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from .models import Release

PUBLISH_PERMISSION = "releases.publish_release"


def can_publish(user):
    return bool(user and user.is_active and user.has_perm(PUBLISH_PERMISSION))


def _require_publisher(user):
    if not can_publish(user):
        raise PermissionDenied("Only editors can publish or unpublish releases.")


@transaction.atomic
def release_publish(*, release, user, published_at=None):
    """Publish ``release`` (at ``published_at`` if given; a future time schedules it)."""
    _require_publisher(user)
    release.status = Release.Status.PUBLISHED
    if published_at is not None:
        release.published_at = published_at
    release.updated_by = user
    release.full_clean()
    release.save()
    return release


@transaction.atomic
def release_unpublish(*, release, user):
    """Take ``release`` off the public site by returning it to draft."""
    _require_publisher(user)
    release.status = Release.Status.DRAFT
    release.updated_by = user
    release.full_clean()
    release.save()
    return release
