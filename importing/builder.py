"""Building releases from what the parser and linker found.

``releases_create`` is the one way an import makes a release, for one file or a batch
of them: a new release's fields, slug, section, meeting, links, organisation tags and
audit trail are all decided there, and written in a few bulk inserts for the lot.
``add_links`` adds what the linker found to a release already stored.
"""

import datetime
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import slugify

from importing.related import meetings_for, section_named, tags_named, unique_ids
from releases.models import Release, TaggedRelease, WorkflowEvent
from search.derived import releases_changed

Action = WorkflowEvent.Action
Status = Release.Status


def releases_create(items, *, publish, user, memo):
    """Create a release for each ``(parsed, links)`` of ``items``; for each, in order, the
    release created or the ValidationError that refused it.

    New releases are drafts unless ``publish``; publishing here is a system action,
    recorded in the audit trail like any other. No revision: the imported text is the
    first version, and the file stays the record of it. A release that fails validation
    is left out before anything is written; an error of the database is raised, for the
    caller to roll back. ``memo``: the run's sections and tags (``related.file_memo``).
    Queries: a fixed handful for all the releases, plus one per new section or tag and
    per slug already taken that day.
    """
    made = [_valid_release(parsed, publish=publish, user=user) for parsed, _ in items]
    valid = [
        (parsed, links, release)
        for (parsed, links), release in zip(items, made, strict=True)
        if isinstance(release, Release)
    ]
    if valid:
        _place(valid, memo)
        Release.objects.bulk_create([release for *_, release in valid])
        _write_links(valid, memo, publish=publish, user=user)
        # Written in bulk, without signals: name them for reindexing.
        releases_changed([release.pk for *_, release in valid])
    return made


def new_release(parsed, *, publish, user):
    """An unsaved release for the text of ``parsed``: a draft, or published with ``publish``;
    no section or meeting yet."""
    return Release(
        title=parsed.title,
        # A title with no Latin letters or digits still needs an address.
        slug=slugify(parsed.title)[:300] or "release",
        published_at=parsed.published_at,
        lead=parsed.lead,
        body=parsed.body,
        byline=parsed.byline,
        status=Status.PUBLISHED if publish else Status.DRAFT,
        created_by=user,
        updated_by=user,
        # Inserted in bulk, without save(), which counts versions from 1.
        version=1,
    )


def _valid_release(parsed, *, publish, user):
    """``new_release``, validated; or the ValidationError that refused it."""
    release = new_release(parsed, publish=publish, user=user)
    try:
        # Section and meeting are found once the release is known to be valid; the
        # slug's one-per-day rule is kept by ``free_slugs``.
        release.full_clean(exclude=["section", "meeting"], validate_unique=False)
    except ValidationError as error:
        return error
    return release


def _place(valid, memo):
    """Give each release of ``valid`` ([(parsed, links, release)]) its meeting, its
    section and a slug no other release has that day."""
    with_meeting = [(release, links.meeting) for _, links, release in valid if links.meeting]
    meetings = meetings_for(suggestions=[suggestion for _, suggestion in with_meeting])
    for (release, _), meeting in zip(with_meeting, meetings, strict=True):
        release.meeting = meeting
    for parsed, _, release in valid:
        release.section = section_named(parsed.section, memo)
    free_slugs([(parsed, release) for parsed, _, release in valid])


def _write_links(valid, memo, *, publish, user):
    """Insert the links, organisation tags and audit trail of the releases just created."""
    rows = {field: [] for field in Release.LINK_FIELDS}
    tagged, events = [], []
    for parsed, links, release in valid:
        for field, ids in linked_ids(links).items():
            rows[field] += [(release.pk, pk) for pk in ids]
        tagged += [
            TaggedRelease(content_object_id=release.pk, tag_id=tag.pk)
            for tag in tags_named(links.organisations, memo)
        ]
        events += import_events(release, parsed, publish=publish, user=user)
    for field, pairs in rows.items():
        link_rows(field, pairs)
    TaggedRelease.objects.bulk_create(tagged)
    WorkflowEvent.objects.bulk_create(events)


def linked_ids(links):
    """{link field: the ids ``links`` gives it, each once} for every link field."""
    return {field: unique_ids(getattr(links, field)) for field in Release.LINK_FIELDS}


def link_rows(field, pairs):
    """Insert the (release id, linked id) ``pairs`` of the many-to-many ``field`` at once."""
    descriptor = getattr(Release, field)
    Through = descriptor.through
    source = f"{descriptor.field.m2m_field_name()}_id"
    target = f"{descriptor.field.m2m_reverse_field_name()}_id"
    Through.objects.bulk_create([Through(**{source: a, target: b}) for a, b in pairs])


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


def free_slugs(items):
    """Give each new release ([(parsed, release)]) a slug no other release has that day.

    One query finds which of the slugs are taken; only a taken one costs further
    queries. Django's own ``unique_for_date`` check is not used: it extracts the day
    of every stored release in Python on SQLite, which grows with the archive.
    """
    taken = {}
    for slug, at in Release.objects.filter(slug__in={r.slug for _, r in items}).values_list(
        "slug", "published_at"
    ):
        taken.setdefault(timezone.localtime(at).date(), set()).add(slug)
    for parsed, release in items:
        day = taken.setdefault(parsed.published_on, set())
        if release.slug in day:
            _number_slug(release, parsed, taken=day)
        day.add(release.slug)


def _number_slug(release, parsed, *, taken):
    """Add a number to the slug of ``release`` until no release of its day has it.

    ``taken``: slugs of that day not stored yet (other releases being created). An
    indexed query on slug and a time range for each number tried.
    """
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


def add_links(release, links, *, meeting, memo):
    """Add ``links`` to the stored ``release``; return the names of what was new (never
    removes any). ``meeting``, if given, is named when the release has none yet: setting
    it is the caller's."""
    added = []
    for field, wanted in linked_ids(links).items():
        if not wanted:
            continue
        manager = getattr(release, field)
        have = set(manager.values_list("pk", flat=True))
        missing = [pk for pk in wanted if pk not in have]
        if missing:
            manager.add(*missing)
            added.append(field.replace("_", " "))
    if links.organisations:
        have = {name.lower() for name in release.tags.names()}
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
