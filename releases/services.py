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
from pathlib import Path

import reversion
from django.apps import apps as global_apps
from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import SearchVector
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, connection, transaction
from django.db.models import F, Func, OuterRef, TextField, Value
from django.db.models.functions import Concat
from django.utils import timezone
from django.utils.text import slugify
from reversion.models import Version
from taggit.models import Tag

from people.models import Official, Position

from . import search
from .importer import normalise
from .models import (
    ChangeNote,
    CountedRelease,
    EditPresence,
    FacetCount,
    Meeting,
    PreviewLink,
    Release,
    ReleaseRedirect,
    Section,
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
    """Why ``transition`` may not be applied now, as the exception to raise, or None."""
    if transition.needs_publisher and not can_publish(user):
        return PermissionDenied("Only editors can do this.")
    if not transition.needs_publisher and not (user and user.has_perm(CHANGE_PERMISSION)):
        return PermissionDenied("You cannot change releases.")
    if release.status not in transition.sources:
        return ValidationError(
            f"A release that is “{release.get_status_display().lower()}” cannot be: "
            + transition.label.lower()
        )
    # A live release is withdrawn, not unpublished; only a scheduled one is unpublished.
    if transition.name == "unpublish" and release.is_published():
        return ValidationError("This release is already public: withdraw it instead.")
    if transition.name == "withdraw" and not release.is_published():
        return ValidationError("This release is not public yet: cancel its scheduling instead.")
    return None


def check_transition(*, release, user, name, comment=""):
    """Raise PermissionDenied or ValidationError if ``name`` may not be applied now."""
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise ValidationError(f"Unknown workflow step “{name}”.")
    problem = _transition_problem(release=release, user=user, transition=transition)
    if problem is not None:
        raise problem
    if transition.comment_required and not comment.strip():
        raise ValidationError(f"Please give {transition.comment_label}.")
    return transition


def _log(*, release, user, action, comment=""):
    return WorkflowEvent.objects.create(
        release=release, release_title=release.title, user=user, action=action, comment=comment
    )


@transaction.atomic
def release_transition(*, release, user, name, comment="", published_at=None):
    """Apply the workflow step ``name`` to ``release`` after checking it is allowed.

    The release row is locked and re-read first, so the check sees the latest state.
    ``published_at`` (publish only) sets the publication time; a future one schedules.
    """
    release = Release.objects.select_for_update().get(pk=release.pk)
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
    # Publishing, withdrawing and restoring change what the filters count.
    releases_recount(releases=Release.objects.filter(pk=release.pk))
    return release


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


def check_version(*, release, expected_version):
    """The stored ``release``; EditConflict if it was saved since ``expected_version``.

    The check is a conditional update (``WHERE pk = … AND version = …``), which also takes
    the row's write lock until the caller's transaction ends: of two saves of the same
    version, the second waits for the first to commit, then sees the new version and is
    refused. Call it inside the transaction that writes the release.
    """
    claimed = expected_version is not None and (
        Release.objects.filter(pk=release.pk, version=expected_version).update(version=F("version"))
    )
    current = Release.objects.select_related("updated_by").filter(pk=release.pk).first()
    if current is None:
        raise EditConflict(
            "This release was deleted after you opened it; it cannot be saved.", code="conflict"
        )
    if not claimed:
        raise EditConflict(
            "Someone else saved this release after you opened it "
            f"({current.updated_by or 'unknown'}, "
            f"{timezone.localtime(current.updated_at):%d %B %Y %H:%M}). "
            "Your text is kept below. Check what changed, then save again to keep yours.",
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
CONTENT_M2M = ("officials", "countries", "mentioned_officials", "mentioned_countries")


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
        for name in CONTENT_M2M:
            getattr(stored, name).set(content[name])
        stored.tags.set(content["tags"])
        release_index(release=stored)
        reversion.set_user(user)
        reversion.set_comment(f"Restored the revision of {when:%d %B %Y %H:%M}")
    return stored


# Preview links ---------------------------------------------------------------
#
# The one rule of what a preview link shows, asked by the link's page and by
# whoever creates a link: the release itself only while it is not public yet
# (draft, submitted for review, scheduled for later). Once it is public the link
# leads to its public address; once withdrawn it shows only the public notice.


class PreviewShows:
    TEXT = "text"  # the release, marked as not published
    PUBLIC = "public"  # a redirect to its public address
    WITHDRAWN = "withdrawn"  # the public withdrawal notice, never the text


PREVIEW_REFUSALS = {
    PreviewShows.PUBLIC: "This release is public: share its address instead.",
    PreviewShows.WITHDRAWN: "This release is withdrawn: it can no longer be previewed.",
}


def preview_shows(release):
    """What a preview link for ``release`` shows now (a ``PreviewShows`` value)."""
    if release.status == Status.WITHDRAWN:
        return PreviewShows.WITHDRAWN
    if release.is_published():
        return PreviewShows.PUBLIC
    return PreviewShows.TEXT


def preview_link_problem(*, user, release):
    """Why ``user`` may not create a preview link for ``release`` now, as the exception
    to raise, or None. A link is only made while it would show the release's text."""
    if not (user and user.is_active and user.has_perm("releases.add_previewlink")):
        return PermissionDenied("You cannot create preview links.")
    refusal = PREVIEW_REFUSALS.get(preview_shows(release))
    if refusal:
        return ValidationError(refusal)
    return None


def can_create_preview_link(user, release):
    return preview_link_problem(user=user, release=release) is None


def can_revoke_preview_link(user, link):
    """Whether ``user`` may revoke ``link``, in any state: its creator or an editor."""
    if not (user and user.is_active and user.has_perm("releases.change_previewlink")):
        return False
    return link.created_by_id == user.pk or can_publish(user)


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
    _log(release=release, user=user, action=Action.PREVIEW_LINK, comment=f"Valid for {days} days")
    return link


@transaction.atomic
def preview_link_revoke(*, link, user):
    """Stop ``link`` working at once, if ``can_revoke_preview_link`` allows it.

    Refused with PermissionDenied, or ValidationError when the link has already
    stopped working (revoked or expired): then nothing changes and nothing is logged.
    """
    link = PreviewLink.objects.select_for_update().get(pk=link.pk)
    if not can_revoke_preview_link(user, link):
        raise PermissionDenied("Only the person who created this link or an editor can revoke it.")
    if not link.is_valid():
        raise ValidationError("This preview link has already stopped working.")
    link.revoked = True
    link.full_clean()
    link.save(update_fields=["revoked"])
    made = timezone.localtime(link.created_at)
    _log(
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


# Importing and linking ---------------------------------------------------------


@dataclass
class ImportResult:
    """What ``release_import`` did (or, on a dry run, would do) with one parsed file."""

    outcome: str  # "created", "updated" or "skipped"
    release: Release
    links: object  # linker.Links
    new_officials: list
    linker: object  # the linker, extended with any officials created


def _unique_slug(model, base, **same):
    """``base`` or ``base-2``, ``base-3``… so that no ``model`` row with ``same`` has it."""
    max_length = model._meta.get_field("slug").max_length
    base = (base or "item")[:max_length]
    slug, n = base, 1
    while model.objects.filter(slug=slug, **same).exists():
        n += 1
        slug = f"{base[: max_length - len(str(n)) - 1]}-{n}"
    return slug


def official_from_proposal(*, proposal):
    """Create the official (and positions) a linker proposal describes.

    Refused (ValidationError) when the text did not say which country they serve.
    """
    if proposal.country_id is None:
        raise ValidationError(f"The text does not say which country {proposal.name} serves.")
    official = Official(
        full_name=proposal.name,
        slug=_unique_slug(Official, slugify(proposal.name)),
        country_id=proposal.country_id,
    )
    official.full_clean()
    official.save()
    for title in proposal.titles:
        position = Position(official=official, title=title[:300])
        position.full_clean()
        position.save()
    return official


def meeting_for(*, suggestion):
    """The meeting a linker suggestion describes: an existing one with the same date and
    participants, else a new one."""
    return meetings_for(suggestions=[suggestion])[0]


def meetings_for(*, suggestions):
    """The meeting for each linker suggestion, in order, in a fixed number of queries.

    An existing meeting with the same date and participants is reused, the newest
    if there are several; suggestions naming the same participants on the same day
    share one new meeting. A suggestion with no known participants always gets a
    new one: there is nothing to recognise it by.
    """
    known = {}  # meeting id -> (date, participant ids), newest meeting first
    dates = {s.date for s in suggestions}
    for pk, date, participant in Meeting.objects.filter(date__in=dates).values_list(
        "pk", "date", "participants"
    ):
        known.setdefault(pk, (date, set()))[1].add(participant)
    by_key = {}
    for pk, (date, participants) in known.items():
        by_key.setdefault((date, frozenset(participants)), pk)
    meetings, new = [], []
    for suggestion in suggestions:
        wanted = frozenset(suggestion.official_ids)
        key = (suggestion.date, wanted) if wanted else None
        if key in by_key:
            meetings.append(by_key[key])  # a stored meeting's id, or one new in this call
            continue
        meeting = Meeting(
            date=suggestion.date,
            host_country_id=suggestion.host_country_id,
            city=suggestion.city[:100],
            kind=suggestion.kind,
        )
        # The host country comes from the country list just read: no need to look it up.
        meeting.full_clean(exclude=["host_country"])
        new.append((meeting, wanted))
        meetings.append(meeting)
        if key is not None:
            by_key[key] = meeting
    stored = [m for m in meetings if not isinstance(m, Meeting)]
    stored = Meeting.objects.in_bulk(stored) if stored else {}
    Meeting.objects.bulk_create([meeting for meeting, _ in new])
    Through = Meeting.participants.through
    Through.objects.bulk_create(
        [
            Through(meeting_id=meeting.pk, official_id=pk)
            for meeting, wanted in new
            for pk in _unique_ids(wanted)
        ]
    )
    return [m if isinstance(m, Meeting) else stored[m] for m in meetings]


def _unique_ids(ids):
    return sorted(set(ids))


def _section_named(name, memo):
    """The section called ``name`` (quotes and spacing aside), created if missing.

    ``memo`` is ``(known, found)``: lookups kept from earlier files of the run,
    and those made by this file, kept only once its transaction commits.
    """
    if not name:
        return None
    known, found = memo
    key = ("section", normalise(name))
    if key in found or key in known:
        return found.get(key) or known[key]
    section = next((s for s in Section.objects.all() if normalise(s.name) == key[1]), None)
    if section is None:
        section = Section(name=name, slug=_unique_slug(Section, slugify(name)))
        section.full_clean()
        section.save()
    found[key] = section
    return section


def _tags_named(names, memo):
    """Tags for ``names`` (case-insensitive, like the rest of the site), created if missing."""
    known, found = memo
    tags = []
    for name in names:
        key = ("tag", name.lower())
        tag = found.get(key) or known.get(key)
        if tag is None:
            tag = Tag.objects.filter(name__iexact=name).first()
            if tag is None:
                tag = Tag.objects.create(name=name, slug=_unique_slug(Tag, slugify(name)))
            found[key] = tag
        tags.append(tag)
    return tags


LINK_FIELDS = ("officials", "mentioned_officials", "countries", "mentioned_countries")


def _link_rows(field, pairs):
    """Insert the (release id, linked id) ``pairs`` of the many-to-many ``field`` at once."""
    descriptor = getattr(Release, field)
    Through = descriptor.through
    source = f"{descriptor.field.m2m_field_name()}_id"
    target = f"{descriptor.field.m2m_reverse_field_name()}_id"
    Through.objects.bulk_create([Through(**{source: a, target: b}) for a, b in pairs])


def _add_links(release, links, *, meeting, memo, new=False):
    """Add ``links`` to ``release``; return the names of what was new (never removes any).

    For a release just created there is nothing to compare with: the rows are
    inserted directly, one query per kind of link.
    """
    added = []
    for field in LINK_FIELDS:
        wanted = _unique_ids(getattr(links, field))
        if not wanted:
            continue
        manager = getattr(release, field)
        if new:
            _link_rows(field, [(release.pk, pk) for pk in wanted])
            added.append(field.replace("_", " "))
            continue
        have = set(manager.values_list("pk", flat=True))
        missing = [pk for pk in wanted if pk not in have]
        if missing:
            manager.add(*missing)
            added.append(field.replace("_", " "))
    if links.organisations:
        have = set() if new else {name.lower() for name in release.tags.names()}
        missing = [name for name in links.organisations if name.lower() not in have]
        if missing:
            TaggedRelease.objects.bulk_create(
                [
                    TaggedRelease(content_object_id=release.pk, tag_id=tag.pk)
                    for tag in _tags_named(missing, memo)
                ]
            )
            added.append("organisations")
    if meeting is not None and release.meeting_id is None:
        added.append("meeting")
    return added


def _new_release(parsed, *, section, meeting, publish, user):
    """An unsaved release for the text of ``parsed``: a draft, or published with ``publish``."""
    return Release(
        title=parsed.title,
        # A title with no Latin letters or digits still needs an address.
        slug=slugify(parsed.title)[:300] or "release",
        section=section,
        published_at=parsed.published_at,
        lead=parsed.lead,
        body=parsed.body,
        byline=parsed.byline,
        meeting=meeting,
        status=Status.PUBLISHED if publish else Status.DRAFT,
        created_by=user,
        updated_by=user,
    )


def _import_events(release, parsed, *, publish, user):
    """The audit trail of an imported release: created from its file, and published."""
    events = [(Action.CREATED, f"Imported from {Path(parsed.source).name}")]
    if publish:
        scheduled = release.published_at > timezone.now()
        events.append((Action.SCHEDULED if scheduled else Action.PUBLISHED, "Published on import"))
    return [
        WorkflowEvent(
            release=release, release_title=release.title, user=user, action=action, comment=comment
        )
        for action, comment in events
    ]


def _clean_new_release(release, parsed, *, taken=None):
    """``full_clean`` a new release; a slug taken that day gets a number added.

    The slug's one-per-day rule is checked here with an indexed query on slug
    and a time range: Django's own ``unique_for_date`` check extracts the day
    of every stored release in Python on SQLite, which grows with the archive.
    ``taken``: slugs of that day not stored yet (other releases of a batch).
    """
    taken = taken or set()
    # Section and meeting were just read or created in this transaction.
    release.full_clean(exclude=["section", "meeting"], validate_unique=False)
    day = datetime.datetime.combine(
        parsed.published_on, datetime.time(), parsed.published_at.tzinfo
    )
    same_day = Release.objects.filter(
        published_at__gte=day, published_at__lt=day + datetime.timedelta(days=1)
    )
    base, n = release.slug, 1
    while release.slug in taken or same_day.filter(slug=release.slug).exists():
        n += 1
        release.slug = f"{base[: 300 - len(str(n)) - 1]}-{n}"


@transaction.atomic
def release_import(
    *, parsed, user=None, publish=False, add_people=False, linker=None, dry_run=False
):
    """Create or update the release ``parsed`` (an ``importer.ParsedRelease``) with its links.

    A release with the same title (quotes and spacing aside) and publication
    time is updated (new text, links added) or skipped when nothing changed:
    never duplicated. New releases are drafts unless ``publish``; publishing
    here is a system action, recorded in the audit trail like any other.
    People the text introduces are created only with ``add_people``; otherwise
    they stay proposals in the result. ``dry_run`` does everything, then rolls
    it back. Runs in one transaction: on any error nothing is left.
    """
    from .linker import Linker

    linker = linker or Linker.from_database()
    # Sections and tags are looked up once per run. What this file finds is kept
    # only if its transaction commits: a rolled-back row must not be reused.
    memo = (linker.memo, {})
    if not dry_run:
        transaction.on_commit(lambda: linker.memo.update(memo[1]))
    text = {"title": parsed.title, "lead": parsed.lead, "body": parsed.body}
    links = linker.link(**text, published_on=parsed.published_on)
    new_officials = []
    if add_people and links.proposals:
        for proposal in links.proposals:
            if proposal.country_id is not None:
                new_officials.append(official_from_proposal(proposal=proposal))
        if new_officials:
            linker = linker.extended([(o.pk, o.full_name, o.country_id) for o in new_officials])
            links = linker.link(**text, published_on=parsed.published_on)

    wanted_title = normalise(parsed.title)
    existing = next(
        (
            r
            for r in Release.objects.select_for_update().filter(published_at=parsed.published_at)
            if normalise(r.title) == wanted_title
        ),
        None,
    )
    section = _section_named(parsed.section, memo)
    meeting = None
    if links.meeting and (existing is None or existing.meeting_id is None):
        meeting = meeting_for(suggestion=links.meeting)
    source = Path(parsed.source).name

    if existing is None:
        release = _new_release(parsed, section=section, meeting=meeting, publish=publish, user=user)
        _clean_new_release(release, parsed)
        # No revision: the imported text is the first version, and the file stays
        # the record of it; the audit trail notes the import.
        release.save()
        _add_links(release, links, meeting=meeting, new=True, memo=memo)
        events = _import_events(release, parsed, publish=publish, user=user)
        WorkflowEvent.objects.bulk_create(events)
        outcome = "created"
    else:
        release = existing
        changed = []
        for name, value in (
            ("body", parsed.body),
            ("lead", parsed.lead),
            ("byline", parsed.byline),
            ("section", section),
        ):
            if getattr(release, name) != value:
                setattr(release, name, value)
                changed.append(name)
        published_now = publish and release.status in (Status.DRAFT, Status.SUBMITTED)
        if published_now:
            release.status = Status.PUBLISHED
            changed.append("status")
        with reversion.create_revision():
            changed += _add_links(release, links, meeting=meeting, memo=memo)
            if meeting is not None and release.meeting_id is None:
                release.meeting = meeting
            if changed:
                release.updated_by = user
                release.full_clean()
                release.save()
                reversion.set_user(user)
                reversion.set_comment(f"Updated from {source}")
        if changed:
            _log(
                release=release,
                user=user,
                action=Action.EDITED,
                comment=f"Updated from {source}: {', '.join(changed)}",
            )
            if published_now:
                _log(
                    release=release,
                    user=user,
                    action=Action.PUBLISHED,
                    comment="Published on import",
                )
        outcome = "updated" if changed else "skipped"
    if outcome != "skipped" and not dry_run:
        release_index(release=release)
    if dry_run:
        transaction.set_rollback(True)
    return ImportResult(outcome, release, links, new_officials, linker)


@dataclass
class ImportBatch:
    """What ``releases_import`` did with each parsed file, in order."""

    results: list  # ImportResult, or the ValidationError that refused the file
    linker: object  # the linker, extended with any officials created


@transaction.atomic
def releases_import(*, parsed, user=None, publish=False, add_people=False, linker=None):
    """Import many parsed files: what ``release_import`` does for each in turn, quicker.

    Each file is still all or nothing: one refused by validation or by the database
    leaves no trace and does not stop the others; its error takes its place in the
    results. Files that create a release with known people are written together,
    a few queries for the lot; a file that updates a stored release, or creates
    officials (``add_people``), goes through ``release_import`` on its own. Runs in
    one transaction, with a savepoint per file or group of files.
    """
    from .linker import Linker

    linker = linker or Linker.from_database()
    results = [None] * len(parsed)
    same_times = Release.objects.filter(published_at__in={p.published_at for p in parsed})
    stored = {(at, normalise(t)) for at, t in same_times.values_list("published_at", "title")}
    group = []
    for index, item in enumerate(parsed):
        key = (item.published_at, normalise(item.title))
        links = linker.link(
            title=item.title, lead=item.lead, body=item.body, published_on=item.published_on
        )
        creates_people = add_people and any(p.country_id is not None for p in links.proposals)
        if key in stored or creates_people:
            _import_group(group, results, user=user, publish=publish, linker=linker)
            group = []
            results[index] = _import_alone(
                item, user=user, publish=publish, add_people=add_people, linker=linker
            )
            if isinstance(results[index], ImportResult):
                linker = results[index].linker
        else:
            group.append((index, item, links))
        stored.add(key)
    _import_group(group, results, user=user, publish=publish, linker=linker)
    return ImportBatch(results, linker)


def _import_alone(parsed, **options):
    """``release_import`` in a savepoint: its result, or the ValidationError that refused it."""
    try:
        with transaction.atomic():
            return release_import(parsed=parsed, **options)
    except ValidationError as error:
        return error
    except DatabaseError as error:
        return ValidationError(f"The database refused it: {error}")


def _import_group(group, results, *, user, publish, linker):
    """Create the new releases of ``group`` ([(index, parsed, links)]) together.

    Should the database refuse any row, the group is rolled back and each file is
    imported alone, so that only the faulty one fails.
    """
    if not group:
        return
    try:
        with transaction.atomic():
            created = _create_releases(group, user=user, publish=publish, linker=linker)
    except (ValidationError, DatabaseError):
        for index, parsed, _ in group:
            results[index] = _import_alone(parsed, user=user, publish=publish, linker=linker)
        return
    for index, result in created.items():
        results[index] = result


def _create_releases(group, *, user, publish, linker):
    """Write the new releases of ``group`` and their links; {index: result or error}.

    A release that fails validation is left out before anything is written.
    Queries: a fixed handful for the group, plus one per new section, tag or
    slug already taken that day.
    """
    memo = (linker.memo, {})
    transaction.on_commit(lambda: linker.memo.update(memo[1]))
    outcome, valid = {}, []
    for index, parsed, links in group:
        release = _new_release(parsed, section=None, meeting=None, publish=publish, user=user)
        try:
            release.full_clean(exclude=["section", "meeting"], validate_unique=False)
        except ValidationError as error:
            outcome[index] = error
            continue
        valid.append((index, parsed, links, release))
    if not valid:
        return outcome

    with_meeting = [(release, links.meeting) for _, _, links, release in valid if links.meeting]
    meetings = meetings_for(suggestions=[suggestion for _, suggestion in with_meeting])
    for (release, _), meeting in zip(with_meeting, meetings, strict=True):
        release.meeting = meeting
    for _, parsed, _, release in valid:
        release.section = _section_named(parsed.section, memo)
        # bulk_create does not call save(), which counts versions from 1.
        release.version = 1
    _free_slugs([(parsed, release) for _, parsed, _, release in valid])
    Release.objects.bulk_create([release for *_, release in valid])

    rows = {field: [] for field in LINK_FIELDS}
    tagged, events = [], []
    for _, parsed, links, release in valid:
        for field in LINK_FIELDS:
            rows[field] += [(release.pk, pk) for pk in _unique_ids(getattr(links, field))]
        tagged += [
            TaggedRelease(content_object_id=release.pk, tag_id=tag.pk)
            for tag in _tags_named(links.organisations, memo)
        ]
        events += _import_events(release, parsed, publish=publish, user=user)
    for field, pairs in rows.items():
        _link_rows(field, pairs)
    TaggedRelease.objects.bulk_create(tagged)
    WorkflowEvent.objects.bulk_create(events)
    releases_reindex(releases=Release.objects.filter(pk__in=[r.pk for *_, r in valid]))
    for index, _, links, release in valid:
        outcome[index] = ImportResult("created", release, links, [], linker)
    return outcome


def _free_slugs(items):
    """Give each new release ([(parsed, release)]) a slug no other release has that day.

    As ``_clean_new_release``, for many at once: one query finds which of the slugs
    are taken; only a taken one costs further queries.
    """
    taken = {}
    for slug, at in Release.objects.filter(slug__in={r.slug for _, r in items}).values_list(
        "slug", "published_at"
    ):
        taken.setdefault(timezone.localtime(at).date(), set()).add(slug)
    for parsed, release in items:
        day = taken.setdefault(parsed.published_on, set())
        if release.slug in day:
            _clean_new_release(release, parsed, taken=day)
        day.add(release.slug)


@transaction.atomic
def release_link_apply(
    *,
    release,
    user,
    officials=(),
    mentioned_officials=(),
    countries=(),
    mentioned_countries=(),
    organisations=(),
    meeting=None,
    proposals=(),
):
    """Add the suggested links a person accepted to ``release`` (``can_edit`` applies).

    ``proposals`` (linker proposals) become officials first, which needs the
    right to add officials; those created are linked as officials, and as
    meeting participants when ``meeting`` (a linker suggestion) names them.
    Links are only added, never removed.
    """
    from .linker import Links

    release = Release.objects.select_for_update().get(pk=release.pk)
    if not can_edit(user, release):
        raise PermissionDenied("You cannot change this release.")
    if proposals and not user.has_perm("people.add_official"):
        raise PermissionDenied("You cannot add officials.")
    created = {p.name: official_from_proposal(proposal=p) for p in proposals}
    official_ids = list(officials) + [o.pk for o in created.values()]
    found_meeting = None
    if meeting is not None:
        meeting.official_ids = list(meeting.official_ids) + [
            created[name].pk for name in meeting.proposal_names if name in created
        ]
        found_meeting = meeting_for(suggestion=meeting)
    links = Links(
        officials=official_ids,
        mentioned_officials=list(mentioned_officials),
        countries=list(countries),
        mentioned_countries=list(mentioned_countries),
        organisations=list(organisations),
    )
    with reversion.create_revision():
        added = _add_links(release, links, meeting=found_meeting, memo=({}, {}))
        if found_meeting is not None and release.meeting_id is None:
            release.meeting = found_meeting
        if created:
            added.append("new officials " + ", ".join(created))
        release.updated_by = user
        release.full_clean()
        release.save()
        reversion.set_user(user)
        reversion.set_comment("Linked: " + (", ".join(added) or "nothing new"))
    _log(
        release=release,
        user=user,
        action=Action.EDITED,
        comment="Suggested links accepted: " + (", ".join(added) or "nothing new"),
    )
    release_index(release=release)
    return release


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
    """Recompute what is derived from ``release`` as saved now: search vector, filter counts."""
    releases_reindex(releases=Release.objects.filter(pk=release.pk))


def releases_reindex(*, releases=None):
    """Recompute the search vectors and the filter counts of ``releases`` (default: all).

    Returns the number of search vectors updated (0 on SQLite, which has none).
    Never changes ``version`` or ``updated_at``: reindexing is not an edit.
    """
    releases_recount(releases=releases)
    if connection.vendor != "postgresql":
        return 0
    releases = Release.objects.all() if releases is None else releases
    return releases.update(search_vector=search_vector_expression())


# Filter counts ---------------------------------------------------------------
#
# The contract: FacetCount counts every published release whose time had come
# when it was last counted, under its Baku year and the officials, countries,
# tags and section it is about; CountedRelease says how each published release
# is counted, and holds a scheduled one (due_at) until its time has come.
# releases_recount() brings both up to date for the releases it is given and the
# scheduled ones now due, and runs wherever the search vector is recomputed
# (release_index, releases_reindex) and after every workflow step; readers add
# the due ones not counted yet themselves. Deleting a release uncounts it first
# (release_delete). `manage.py reindex_releases` counts everything again.

COUNT_BATCH = 1000


def _batches(items, size):
    items = list(items)
    return [items[start : start + size] for start in range(0, len(items), size)]


def _counted_as(rows, apps, now):
    """{release id: ("YEAR kind:id …", due_at)} for ``rows`` of (id, status, published_at,
    section_id): ("", None) for a release that is not published; ``due_at`` is its time
    if that has not come by ``now``, else None."""
    Release = apps.get_model("releases", "Release")
    TaggedRelease = apps.get_model("releases", "TaggedRelease")
    # Only published releases are counted: only their links are read.
    ids = [pk for pk, status, *_ in rows if status == Status.PUBLISHED]
    keys = {pk: set() for pk in ids}
    for kind, queryset in (
        ("official", Release._meta.get_field("officials").remote_field.through.objects),
        ("country", Release._meta.get_field("countries").remote_field.through.objects),
    ):
        for pk, other in queryset.filter(release_id__in=ids).values_list(
            "release_id", f"{kind}_id"
        ):
            keys[pk].add(FacetCount.key(kind, other))
    tagged = TaggedRelease.objects.filter(content_object_id__in=ids)
    for pk, tag in tagged.values_list("content_object_id", "tag_id"):
        keys[pk].add(FacetCount.key("tag", tag))
    counted = {}
    for pk, status, published_at, section_id in rows:
        if status != Status.PUBLISHED:
            counted[pk] = ("", None)
            continue
        if section_id is not None:
            keys[pk].add(FacetCount.key("section", section_id))
        year = timezone.localtime(published_at).year
        due_at = published_at if published_at > now else None
        counted[pk] = (" ".join([str(year), *sorted(keys[pk])]), due_at)
    return counted


def _in_counts(counted_as, due_at):
    """What FacetCount holds of a release stored as (``counted_as``, ``due_at``)."""
    return counted_as if due_at is None else ""


def _count_change(delta, counted_as, change):
    """Add ``change`` to ``delta`` for each FacetCount row counting ``counted_as``."""
    for row in FacetCount.rows_for(counted_as):
        delta[row] = delta.get(row, 0) + change


def _apply_counts(delta, apps):
    """Add ``delta`` ({FacetCount row: change}) to the counts.

    One statement per 500 rows that adds to each stored count or stores a new one
    (INSERT … ON CONFLICT, the same on PostgreSQL and SQLite): Django's bulk_create
    can only overwrite a count, and reading the counts first would let two
    transactions add to the same count at once and lose one of the changes.
    """
    Counts = apps.get_model("releases", "FacetCount")
    rows = [(*row, change) for row, change in delta.items() if change]
    quote = connection.ops.quote_name
    table = quote(Counts._meta.db_table)
    columns = ", ".join(map(quote, ["year", "first", "second_kind", "second_id", "releases"]))
    unique = ", ".join(map(quote, ["first", "second_kind", "year", "second_id"]))
    releases = quote("releases")
    with connection.cursor() as cursor:
        for batch in _batches(rows, 500):
            values = ", ".join(["(%s, %s, %s, %s, %s)"] * len(batch))
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {values} "
                f"ON CONFLICT ({unique}) DO UPDATE "
                f"SET {releases} = {table}.{releases} + excluded.{releases}",
                [value for row in batch for value in row],
            )


@transaction.atomic
def releases_recount(*, releases=None, apps=global_apps):
    """Bring the filter counts up to date for ``releases`` (a queryset; default: all of them,
    counted again from nothing) and for the scheduled releases whose time has come.
    Returns how many releases are counted differently now.

    Safe to call any number of times, at once too: a release counted as it should be
    changes nothing, and each one's row is locked while it is counted again.
    """
    Release = apps.get_model("releases", "Release")
    Counted = apps.get_model("releases", "CountedRelease")
    now = timezone.now()
    if releases is None:
        apps.get_model("releases", "FacetCount").objects.all().delete()
        Counted.objects.all().delete()
        releases = Release.objects.filter(status=Status.PUBLISHED)
    ids = set(releases.order_by().values_list("pk", flat=True))
    ids.update(Counted.objects.filter(due_at__lte=now).values_list("release_id", flat=True))
    changed, delta = 0, {}
    for batch in _batches(sorted(ids), COUNT_BATCH):
        stored = {
            pk: (counted_as, due_at)
            for pk, counted_as, due_at in Counted.objects.select_for_update()
            .filter(release_id__in=batch)
            .order_by("pk")
            .values_list("release_id", "counted_as", "due_at")
        }
        rows = Release.objects.filter(pk__in=batch).values_list(
            "pk", "status", "published_at", "section_id"
        )
        kept, gone = [], []
        for pk, (counted_as, due_at) in _counted_as(list(rows), apps, now).items():
            before = stored.get(pk, ("", None))
            if (counted_as, due_at) == before:
                continue
            _count_change(delta, _in_counts(*before), -1)
            _count_change(delta, _in_counts(counted_as, due_at), +1)
            if counted_as:
                kept.append(Counted(release_id=pk, counted_as=counted_as, due_at=due_at))
            else:
                gone.append(pk)
        Counted.objects.bulk_create(
            kept,
            batch_size=500,
            update_conflicts=True,
            unique_fields=["release"],
            update_fields=["counted_as", "due_at"],
        )
        Counted.objects.filter(release_id__in=gone).delete()
        changed += len(kept) + len(gone)
    # Once for all: many releases add to the same rows.
    _apply_counts(delta, apps)
    return changed


def releases_count_due():
    """Count the scheduled releases whose time has come; returns how many there were.

    Run every few minutes (``manage.py count_due_releases``): until then each page
    with filter counts reads those releases itself, a little more work per release.
    """
    return releases_recount(releases=Release.objects.none())


@transaction.atomic
def release_delete(*, release):
    """Delete ``release`` (the admin has checked the right to), uncounting it first."""
    Release.objects.select_for_update().filter(pk=release.pk).exists()
    stored = CountedRelease.objects.select_for_update().filter(release_id=release.pk).first()
    delta = {}
    _count_change(delta, _in_counts(stored.counted_as, stored.due_at) if stored else "", -1)
    _apply_counts(delta, global_apps)
    Release.objects.filter(pk=release.pk).delete()
