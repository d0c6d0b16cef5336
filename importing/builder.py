"""Building releases, officials and meetings from what the parser and linker found."""

import datetime
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag

from importing.parser import normalise
from people.models import Official, Position
from releases.models import (
    Meeting,
    Release,
    Section,
    TaggedRelease,
    WorkflowEvent,
)

Action = WorkflowEvent.Action
Status = Release.Status

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
            for pk in unique_ids(wanted)
        ]
    )
    return [m if isinstance(m, Meeting) else stored[m] for m in meetings]


def unique_ids(ids):
    return sorted(set(ids))


def section_named(name, memo):
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


def tags_named(names, memo):
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


def link_rows(field, pairs):
    """Insert the (release id, linked id) ``pairs`` of the many-to-many ``field`` at once."""
    descriptor = getattr(Release, field)
    Through = descriptor.through
    source = f"{descriptor.field.m2m_field_name()}_id"
    target = f"{descriptor.field.m2m_reverse_field_name()}_id"
    Through.objects.bulk_create([Through(**{source: a, target: b}) for a, b in pairs])


def add_links(release, links, *, meeting, memo, new=False):
    """Add ``links`` to ``release``; return the names of what was new (never removes any).

    For a release just created there is nothing to compare with: the rows are
    inserted directly, one query per kind of link.
    """
    added = []
    for field in Release.LINK_FIELDS:
        wanted = unique_ids(getattr(links, field))
        if not wanted:
            continue
        manager = getattr(release, field)
        if new:
            link_rows(field, [(release.pk, pk) for pk in wanted])
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
                    for tag in tags_named(missing, memo)
                ]
            )
            added.append("organisations")
    if meeting is not None and release.meeting_id is None:
        added.append("meeting")
    return added


def new_release(parsed, *, section, meeting, publish, user):
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


def import_events(release, parsed, *, publish, user):
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


def clean_new_release(release, parsed, *, taken=None):
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


def free_slugs(items):
    """Give each new release ([(parsed, release)]) a slug no other release has that day.

    As ``clean_new_release``, for many at once: one query finds which of the slugs
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
            clean_new_release(release, parsed, taken=day)
        day.add(release.slug)
