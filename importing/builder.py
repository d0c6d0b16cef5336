"""Building releases from what the parser and linker found.

``releases_create`` is the one way an import makes a release, for one file or a batch
of them: a new release's fields, slug, section, meeting, links, organisation tags and
audit trail are all decided there, and written in a few bulk inserts for the lot.
``add_links`` adds what the linker found to a release already stored.
"""

import datetime
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from importing.joining import LANGUAGE_NAMES
from importing.related import meetings_for, section_named, tags_named, unique_ids
from releases.models import Release, TaggedRelease, WorkflowEvent
from releases.models.versions import LANGUAGES, column
from search.derived import releases_changed

Action = WorkflowEvent.Action
Status = Release.Status


def releases_create(items, *, publish, user, memo):
    """Create a release for each item of ``items``, the versions of one release
    ([(parsed, links)], the original first); for each item, a list with each version's
    outcome: the release created or the ValidationError that refused that file.

    New releases are drafts unless ``publish``, which publishes every version written;
    publishing here is a system action, recorded in the audit trail like any other. No
    revision: the imported text is the first version, and the file stays the record of
    it. A version that fails validation is left out before anything is written; an
    error of the database is raised, for the caller to roll back. The links are those
    every version's text gives, together. ``memo``: the run's sections and tags
    (``related.file_memo``). Queries: a fixed handful for all the releases, plus one per
    new section or tag and per address already taken that day.
    """
    made, valid = [], []
    for versions in items:
        checked = [_valid_version(parsed) for parsed, _ in versions]
        kept = [v for v, error in zip(versions, checked, strict=True) if error is None]
        release = None
        if kept:
            release = new_release(kept[0][0], publish=publish, user=user)
            for parsed, _ in kept[1:]:
                version_fill(release, parsed)
            if publish:
                release.published_languages = " ".join(release.written_languages)
            valid.append((kept, release))
        made.append([release if error is None else error for error in checked])
    if valid:
        _place(valid, memo)
        Release.objects.bulk_create([release for _, release in valid])
        _write_links(valid, memo, publish=publish, user=user)
        # Written in bulk, without signals: name them for reindexing.
        releases_changed([release.pk for _, release in valid])
    return made


def version_slug(parsed):
    """The address of a version: its title made a slug, its letters kept outside English."""
    slug = slugify(parsed.title, allow_unicode=parsed.language != "en")
    # A title with no letters or digits (of the address's alphabet) still needs one.
    return slug[:300] or "release"


def version_fill(release, parsed):
    """Write ``parsed`` into its language's columns of ``release`` (not saved)."""
    lang = parsed.language
    for field, value in (
        ("title", parsed.title),
        ("slug", version_slug(parsed)),
        ("lead", parsed.lead),
        ("body", parsed.body),
    ):
        setattr(release, column(field, lang), value)


def new_release(parsed, *, publish, user):
    """An unsaved release for the text of ``parsed``, its original: a draft, or published
    with ``publish``; no section or meeting yet."""
    release = Release(
        primary_language=parsed.language,
        published_languages=parsed.language if publish else "",
        published_at=parsed.published_at,
        byline=parsed.byline,
        status=Status.PUBLISHED if publish else Status.DRAFT,
        created_by=user,
        updated_by=user,
        # Inserted in bulk, without save(), which counts versions from 1.
        version=1,
    )
    version_fill(release, parsed)
    return release


def _valid_version(parsed):
    """None if ``parsed`` makes a valid release on its own, else the ValidationError."""
    release = new_release(parsed, publish=False, user=None)
    try:
        # Section and meeting are found once the release is known to be valid; the
        # address's one-per-day rule is kept by ``free_slugs``.
        release.full_clean(exclude=["section", "meeting"], validate_unique=False)
    except ValidationError as error:
        return error
    return None


def _place(valid, memo):
    """Give each release of ``valid`` ([(versions, release)]) its meeting (the first a
    version reports, the original's first), its section (the original's, else the first
    a version names) and addresses no other release has that day."""
    with_meeting = []
    for versions, release in valid:
        suggestion = next((links.meeting for _, links in versions if links.meeting), None)
        if suggestion is not None:
            with_meeting.append((release, suggestion))
    meetings = meetings_for(suggestions=[suggestion for _, suggestion in with_meeting])
    for (release, _), meeting in zip(with_meeting, meetings, strict=True):
        release.meeting = meeting
    for versions, release in valid:
        named = next((parsed for parsed, _ in versions if parsed.section), None)
        release.section = named and section_named(named.section, memo, language=named.language)
    free_slugs([release for _, release in valid])


def _write_links(valid, memo, *, publish, user):
    """Insert the links, organisation tags and audit trail of the releases just created."""
    rows = {field: [] for field in Release.LINK_FIELDS}
    tagged, events = [], []
    for versions, release in valid:
        for field, ids in linked_ids(*(links for _, links in versions)).items():
            rows[field] += [(release.pk, pk) for pk in ids]
        names = {}
        for _, links in versions:
            names.update((name.lower(), name) for name in links.organisations if name)
        tagged += [
            TaggedRelease(content_object_id=release.pk, tag_id=tag.pk)
            for tag in tags_named(list(names.values()), memo)
        ]
        events += import_events(release, [p for p, _ in versions], publish=publish, user=user)
    for field, pairs in rows.items():
        link_rows(field, pairs)
    TaggedRelease.objects.bulk_create(tagged)
    WorkflowEvent.objects.bulk_create(events)


def linked_ids(*found):
    """{link field: the ids the ``found`` links give it, each once} for every link field.

    Officials and countries found in any version are linked; one found as what a version
    is about is not also linked as mentioned."""
    ids = {
        field: set(unique_ids(pk for links in found for pk in getattr(links, field)))
        for field in Release.LINK_FIELDS
    }
    ids["mentioned_officials"] -= ids["officials"]
    ids["mentioned_countries"] -= ids["countries"]
    return {field: sorted(values) for field, values in ids.items()}


def link_rows(field, pairs):
    """Insert the (release id, linked id) ``pairs`` of the many-to-many ``field`` at once."""
    descriptor = getattr(Release, field)
    Through = descriptor.through
    source = f"{descriptor.field.m2m_field_name()}_id"
    target = f"{descriptor.field.m2m_reverse_field_name()}_id"
    Through.objects.bulk_create([Through(**{source: a, target: b}) for a, b in pairs])


def import_events(release, versions, *, publish, user):
    """The audit trail of an imported release: created from its files (``versions``, the
    parsed texts, the original first), and published."""
    events = [(Action.CREATED, f"Imported from {Path(versions[0].source).name}")]
    for parsed in versions[1:]:
        events.append((Action.EDITED, version_comment(parsed)))
    if publish:
        scheduled = release.published_at > timezone.now()
        events.append((Action.SCHEDULED if scheduled else Action.PUBLISHED, "Published on import"))
    return [
        WorkflowEvent(
            release=release, release_title=release.title, user=user, action=action, comment=comment
        )
        for action, comment in events
    ]


def version_comment(parsed):
    return f"{LANGUAGE_NAMES[parsed.language]} version imported from {Path(parsed.source).name}"


def free_slugs(releases):
    """Give each new release's versions addresses no other release has that day in their
    language.

    One query finds which of the addresses are taken; only a taken one costs further
    queries. Django's own ``unique_for_date`` check is not used: it reads one column,
    and extracts the day of every stored release in Python on SQLite.
    """
    wanted = {lang: set() for lang in LANGUAGES}
    for release in releases:
        for lang in LANGUAGES:
            if slug := getattr(release, column("slug", lang)):
                wanted[lang].add(slug)
    same = Q()
    for lang, slugs in wanted.items():
        if slugs:
            same |= Q(**{f"{column('slug', lang)}__in": slugs})
    taken = {}
    if same:
        slugs = [column("slug", lang) for lang in LANGUAGES]
        for at, *row in Release.objects.filter(same).values_list("published_at", *slugs):
            day = timezone.localtime(at).date()
            for lang, slug in zip(LANGUAGES, row, strict=True):
                taken.setdefault((day, lang), set()).add(slug)
    for release in releases:
        for lang in LANGUAGES:
            if getattr(release, column("slug", lang)):
                day = taken.setdefault((release.local_published_at.date(), lang), set())
                slug_free(release, lang, taken=day)


def slug_free(release, lang, *, taken, first_checked=True):
    """Add a number to the address of ``release`` in ``lang`` until no release of its day
    has it; the address is then added to ``taken`` (the day's addresses in ``lang`` of
    releases not stored yet, or already known to be taken). An indexed query on the
    address and a time range for each number tried (past the first, when
    ``first_checked``: ``taken`` holds the stored ones)."""
    field = column("slug", lang)
    start = release.local_published_at.replace(hour=0, minute=0, second=0, microsecond=0)
    same_day = Release.objects.filter(
        published_at__gte=start, published_at__lt=start + datetime.timedelta(days=1)
    ).exclude(pk=release.pk)
    base, n = getattr(release, field), 1
    slug = base
    stored = lambda: (n > 1 or not first_checked) and same_day.filter(**{field: slug}).exists()  # noqa: E731
    while slug in taken or stored():
        n += 1
        slug = f"{base[: 300 - len(str(n)) - 1]}-{n}"
    setattr(release, field, slug)
    taken.add(slug)


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
