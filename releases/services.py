"""Workflows that change releases. Each checks permission on the server.

Functions take keyword-only arguments, validate with ``full_clean()`` and run
in one transaction, so a refused or failing call changes nothing. Each records
a revision (django-reversion) and an audit event.

States: draft → submitted for review → published (scheduled while its time
is in the future) → withdrawn → (restored) published. Press officers write and
submit; editors (``releases.publish_release``) publish, send back, unpublish a
scheduled release, withdraw and restore.
"""

import datetime
from dataclasses import dataclass

import reversion
from django.apps import apps as global_apps
from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import SearchVector
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Func, OuterRef, TextField, Value
from django.db.models.functions import Concat
from django.utils import timezone
from reversion.models import Version
from taggit.models import Tag

from . import search
from .models import (
    ChangeNote,
    EditPresence,
    PreviewLink,
    Release,
    ReleaseRedirect,
    TaggedRelease,
    WorkflowEvent,
)

PUBLISH_PERMISSION = "releases.publish_release"
CHANGE_PERMISSION = "releases.change_release"
PREVIEW_SALT = "releases.preview-link"
Status = Release.Status
Action = WorkflowEvent.Action


class EditConflict(ValidationError):
    """Someone saved the release after this editor opened it."""


def can_publish(user):
    return bool(user and user.is_active and user.has_perm(PUBLISH_PERMISSION))


def can_edit(user, release):
    """Whether ``user`` may change ``release``'s text: live content needs an editor."""
    if not (user and user.is_active and user.has_perm(CHANGE_PERMISSION)):
        return False
    if release.status in (Status.PUBLISHED, Status.WITHDRAWN):
        return can_publish(user)
    return True


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
        Transition("submit", "Submit for review", (Status.DRAFT,), Status.SUBMITTED, False),
        Transition(
            "send_back",
            "Send back to draft",
            (Status.SUBMITTED,),
            Status.DRAFT,
            True,
            comment_required=True,
            comment_label="what needs changing",
        ),
        Transition("publish", "Publish", (Status.DRAFT, Status.SUBMITTED), Status.PUBLISHED, True),
        Transition("unpublish", "Cancel scheduling", (Status.PUBLISHED,), Status.DRAFT, True),
        Transition(
            "withdraw",
            "Withdraw",
            (Status.PUBLISHED,),
            Status.WITHDRAWN,
            True,
            comment_required=True,
            comment_label="the public reason for withdrawal",
        ),
        Transition("restore", "Restore", (Status.WITHDRAWN,), Status.PUBLISHED, True),
    ]
}


def available_transitions(*, release, user):
    """The transitions ``user`` may apply to ``release`` now, in display order."""
    return [
        t
        for t in TRANSITIONS.values()
        if release.pk and _transition_problem(release=release, user=user, transition=t) is None
    ]


def _transition_problem(*, release, user, transition):
    if transition.needs_publisher and not can_publish(user):
        return "Only editors can do this."
    if not transition.needs_publisher and not (user and user.has_perm(CHANGE_PERMISSION)):
        return "You cannot change releases."
    if release.status not in transition.sources:
        return f"A release that is “{release.get_status_display().lower()}” cannot be: " + (
            transition.label.lower()
        )
    # A live release is withdrawn, not unpublished; only a scheduled one is unpublished.
    if transition.name == "unpublish" and release.is_published():
        return "This release is already public: withdraw it instead."
    if transition.name == "withdraw" and not release.is_published():
        return "This release is not public yet: cancel its scheduling instead."
    return None


def check_transition(*, release, user, name, comment=""):
    """Raise PermissionDenied or ValidationError if ``name`` may not be applied now."""
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise ValidationError(f"Unknown workflow step “{name}”.")
    problem = _transition_problem(release=release, user=user, transition=transition)
    if problem == "Only editors can do this." or problem == "You cannot change releases.":
        raise PermissionDenied(problem)
    if problem:
        raise ValidationError(problem)
    if transition.comment_required and not comment.strip():
        raise ValidationError(f"Please give {transition.comment_label}.")
    return transition


def _log(*, release, user, action, comment=""):
    return WorkflowEvent.objects.create(
        release=release, release_title=release.title, user=user, action=action, comment=comment
    )


@transaction.atomic
def release_transition(*, release, user, name, comment=""):
    """Apply the workflow step ``name`` to ``release`` after checking it is allowed.

    The release row is locked and re-read first, so the check sees the latest state.
    """
    release = Release.objects.select_for_update().get(pk=release.pk)
    transition = check_transition(release=release, user=user, name=name, comment=comment)
    release.status = transition.target
    action = {
        "submit": Action.SUBMITTED,
        "send_back": Action.SENT_BACK,
        "publish": Action.PUBLISHED,
        "unpublish": Action.UNPUBLISHED,
        "withdraw": Action.WITHDRAWN,
        "restore": Action.RESTORED,
    }[name]
    if name == "publish" and release.published_at > timezone.now():
        action = Action.SCHEDULED
    if name == "withdraw":
        release.withdrawn_at = timezone.now()
        release.withdrawal_reason = comment.strip()
    if name == "restore":
        release.withdrawn_at = None
        release.withdrawal_reason = ""
    release.updated_by = user
    release.full_clean()
    with reversion.create_revision():
        release.save()
        reversion.set_user(user)
        reversion.set_comment(f"{transition.label}{': ' + comment.strip() if comment else ''}")
    _log(release=release, user=user, action=action, comment=comment.strip())
    return release


def release_submit(*, release, user):
    return release_transition(release=release, user=user, name="submit")


def release_send_back(*, release, user, comment):
    return release_transition(release=release, user=user, name="send_back", comment=comment)


def release_publish(*, release, user):
    return release_transition(release=release, user=user, name="publish")


def release_unpublish(*, release, user):
    return release_transition(release=release, user=user, name="unpublish")


def release_withdraw(*, release, user, reason):
    return release_transition(release=release, user=user, name="withdraw", comment=reason)


def release_restore(*, release, user):
    return release_transition(release=release, user=user, name="restore")


def check_version(*, release, expected_version):
    """Raise EditConflict if the stored release is newer than ``expected_version``."""
    current = Release.objects.select_for_update().filter(pk=release.pk).first()
    if current is not None and current.version != expected_version:
        raise EditConflict(
            "Someone else saved this release after you opened it. Your text is kept below; "
            "check what changed, then save again to keep your version.",
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
):
    """Save an edit of ``release`` made by ``user`` (the admin form's save).

    Refuses (EditConflict) if someone saved since ``expected_version``. Keeps
    the workflow fields as stored: only the workflow steps above change them.
    When a published release's address changes, the old address is kept as a
    permanent redirect. A change note is recorded for the public page.
    """
    if not is_new:
        if not can_edit(user, release):
            raise PermissionDenied("Only editors can change a published release.")
        stored = check_version(release=release, expected_version=expected_version)
        for field in Release.WORKFLOW_FIELDS:
            setattr(release, field, getattr(stored, field))
        old_path = stored.get_absolute_url()
    else:
        if not (user and user.has_perm("releases.add_release")):
            raise PermissionDenied("You cannot add releases.")
        release.status = Status.DRAFT
        release.created_by = user
        stored = None
    release.updated_by = user
    release.full_clean()
    release.save()
    if stored is not None and stored.status in (Status.PUBLISHED, Status.WITHDRAWN):
        new_path = release.get_absolute_url()
        if new_path != old_path:
            ReleaseRedirect.objects.filter(old_path=new_path).delete()
            ReleaseRedirect.objects.update_or_create(
                old_path=old_path, defaults={"release": release}
            )
    if change_note.strip():
        if stored is None or stored.status != Status.PUBLISHED:
            raise ValidationError("Change notes are for corrections to published releases.")
        ChangeNote.objects.create(release=release, note=change_note.strip(), created_by=user)
    if log:
        _log(
            release=release,
            user=user,
            action=action or (Action.CREATED if is_new else Action.EDITED),
            comment=comment or change_note.strip(),
        )
    release_index(release=release)
    return release


def record_presence(*, release, user):
    """Note that ``user`` opened ``release``; return others who did within the window."""
    now = timezone.now()
    EditPresence.objects.update_or_create(release=release, user=user, defaults={"opened_at": now})
    since = now - datetime.timedelta(hours=settings.NEWSROOM_PRESENCE_HOURS)
    return list(
        EditPresence.objects.filter(release=release, opened_at__gte=since)
        .exclude(user=user)
        .select_related("user")
        .order_by("-opened_at")
    )


# Revisions -------------------------------------------------------------------

CONTENT_FIELDS = (
    "title",
    "slug",
    "section_id",
    "published_at",
    "lead",
    "body",
    "byline",
    "meeting_id",
    "image",
    "image_caption",
)
CONTENT_M2M = ("officials", "countries")


def release_versions(release):
    """The release's revisions, newest first, with their revision (user, date, comment)."""
    return (
        Version.objects.get_for_object(release)
        .select_related("revision", "revision__user")
        .order_by("-revision__date_created", "-pk")
    )


def version_content(version):
    """The content of ``version`` as {field: value}, tags included as a sorted name list."""
    data = version.field_dict
    content = {name: data.get(name) for name in CONTENT_FIELDS}
    for name in CONTENT_M2M:
        content[name] = sorted(data.get(name) or [])
    tag_ids = [
        v.field_dict.get("tag_id")
        for v in version.revision.version_set.all()
        if v.content_type.model_class() is TaggedRelease
        and str(v.field_dict.get("content_object_id")) == str(version.object_id)
    ]
    content["tags"] = sorted(Tag.objects.filter(pk__in=tag_ids).values_list("name", flat=True))
    return content


@transaction.atomic
def release_restore_revision(*, release, version, user):
    """Put ``version``'s content back into ``release`` as a new revision.

    Only content is restored: the release keeps its current status, so an old
    revision can never publish or unpublish anything.
    """
    if str(version.object_id) != str(release.pk):
        raise ValidationError("That revision belongs to another release.")
    stored = Release.objects.select_for_update().get(pk=release.pk)
    if not can_edit(user, stored):
        raise PermissionDenied("Only editors can change a published release.")
    content = version_content(version)
    for name in CONTENT_FIELDS:
        setattr(stored, name, content[name])
    when = timezone.localtime(version.revision.date_created)
    with reversion.create_revision():
        release_save(
            release=stored,
            user=user,
            expected_version=stored.version,
            action=Action.REVERTED,
            comment=f"Revision of {when:%d %B %Y %H:%M}",
        )
        stored.officials.set(content["officials"])
        stored.countries.set(content["countries"])
        stored.tags.set(content["tags"])
        release_index(release=stored)
        reversion.set_user(user)
        reversion.set_comment(f"Restored the revision of {when:%d %B %Y %H:%M}")
    return stored


# Preview links ---------------------------------------------------------------


@transaction.atomic
def preview_link_create(*, release, user, days=None):
    """Create a preview link for ``release`` that expires after ``days`` (default setting)."""
    if not (user and user.has_perm("releases.add_previewlink")):
        raise PermissionDenied("You cannot create preview links.")
    days = days or settings.NEWSROOM_PREVIEW_DAYS
    link = PreviewLink(
        release=release,
        created_by=user,
        expires_at=timezone.now() + datetime.timedelta(days=days),
    )
    link.full_clean()
    link.save()
    _log(release=release, user=user, action=Action.PREVIEW_LINK, comment=f"Valid for {days} days")
    return link


def preview_token(link):
    return signing.dumps(link.pk, salt=PREVIEW_SALT)


def preview_link_from_token(token):
    """The valid PreviewLink for ``token``, or None (bad signature, expired, revoked)."""
    try:
        pk = signing.loads(token, salt=PREVIEW_SALT)
    except signing.BadSignature:
        return None
    link = PreviewLink.objects.select_related("release").filter(pk=pk).first()
    if link is None or not link.is_valid():
        return None
    return link


# Search index ----------------------------------------------------------------
#
# The contract: a release's search vector is recomputed by release_index() after
# every change to what it is made of. release_save() calls it for the release's
# own text; whoever then saves the release's officials, countries or tags (the
# admin's save_related, release_restore_revision) calls it again afterwards.
# Edits of an official, a position or a country reindex that one's releases
# (people/admin.py). Data loaded raw (loaddata, bulk imports) and renamed tags
# need `manage.py reindex_releases`. Status changes do not touch the vector:
# what is public is decided by Release.objects.published() when searching.


def _joined(queryset):
    """The strings of a one-column ``queryset`` as one text, space-separated."""
    return Func(
        ArraySubquery(queryset), Value(" "), function="array_to_string", output_field=TextField()
    )


def search_vector_expression(apps=global_apps):
    """A release's search vector as an SQL expression over its own row (PostgreSQL).

    Title weighs most (A), then the lead (B), the body (C), and the names of its
    officials and their positions, countries and tags (D). ``apps`` lets a
    migration use its historical models.
    """
    Official = apps.get_model("people", "Official")
    Position = apps.get_model("people", "Position")
    Country = apps.get_model("people", "Country")
    Tag = apps.get_model("taggit", "Tag")
    release = OuterRef("pk")
    officials = Official.objects.filter(releases=release).values("full_name")
    positions = (
        Position.objects.filter(official__releases=release)
        .annotate(text=Concat("title", Value(" "), "organisation", output_field=TextField()))
        .values("text")
    )
    countries = (
        Country.objects.filter(releases=release)
        .annotate(
            text=Concat(
                "name",
                Value(" "),
                "official_name",
                Value(" "),
                "other_names",
                output_field=TextField(),
            )
        )
        .values("text")
    )
    tags = Tag.objects.filter(releases_taggedrelease_items__content_object=release).values("name")
    return (
        SearchVector("title", weight="A", config=search.CONFIG)
        + SearchVector("lead", weight="B", config=search.CONFIG)
        + SearchVector("body", weight="C", config=search.CONFIG)
        + SearchVector(
            _joined(officials),
            _joined(positions),
            _joined(countries),
            _joined(tags),
            weight="D",
            config=search.CONFIG,
        )
    )


def release_index(*, release):
    """Recompute ``release``'s search vector from what is saved now, in one UPDATE.

    Does nothing on databases without full-text search (SQLite).
    """
    releases_reindex(releases=Release.objects.filter(pk=release.pk))


def releases_reindex(*, releases=None):
    """Recompute the search vectors of ``releases`` (default: all) in one UPDATE.

    Returns the number of releases updated (0 on SQLite, which has no vectors).
    Never changes ``version`` or ``updated_at``: reindexing is not an edit.
    """
    if connection.vendor != "postgresql":
        return 0
    releases = Release.objects.all() if releases is None else releases
    return releases.update(search_vector=search_vector_expression())
