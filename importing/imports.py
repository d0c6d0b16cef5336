"""Importing parsed releases: one file at a time, or a batch of them."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from importing.builder import (
    ImportResult,
    add_links,
    clean_new_release,
    free_slugs,
    import_events,
    link_rows,
    meeting_for,
    meetings_for,
    new_release,
    official_from_proposal,
    section_named,
    tags_named,
    unique_ids,
)
from importing.existing import release_update, stored_release
from importing.parser import normalise
from releases.models import (
    Release,
    TaggedRelease,
    WorkflowEvent,
)
from search.derived import releases_changed

Action = WorkflowEvent.Action
Status = Release.Status


@transaction.atomic
def release_import(
    *, parsed, user=None, publish=False, add_people=False, linker=None, known=None, dry_run=False
):
    """Create or update the release ``parsed`` (an ``importer.ParsedRelease``) with its links.

    A release with the same title (quotes and spacing aside) and publication
    time is updated (new text, links added) or skipped when nothing changed:
    never duplicated. New releases are drafts unless ``publish``; publishing
    here is a system action, recorded in the audit trail like any other.
    People the text introduces are created only with ``add_people``; otherwise
    they stay proposals in the result. ``dry_run`` does everything, then rolls
    it back. Runs in one transaction: on any error nothing is left. ``known`` is the
    run's memo, a dict its caller keeps from file to file: the sections and tags
    looked up so far, added to once this file commits.
    """
    from importing.linker import Linker

    refuse_other_languages(parsed)
    linker = linker or Linker.from_database()
    # Sections and tags are looked up once per run. What this file finds is kept
    # only if its transaction commits: a rolled-back row must not be reused.
    memo = ({} if known is None else known, {})
    if not dry_run:
        transaction.on_commit(lambda: memo[0].update(memo[1]))
    links, linker, new_officials = _links_and_people(parsed, linker, add_people=add_people)
    existing = stored_release(parsed)
    section = section_named(parsed.section, memo)
    meeting = None
    if links.meeting and (existing is None or existing.meeting_id is None):
        meeting = meeting_for(suggestion=links.meeting)
    if existing is None:
        release = new_release(parsed, section=section, meeting=meeting, publish=publish, user=user)
        clean_new_release(release, parsed)
        # No revision: the imported text is the first version, and the file stays
        # the record of it; the audit trail notes the import.
        release.save()
        add_links(release, links, meeting=meeting, new=True, memo=memo)
        WorkflowEvent.objects.bulk_create(
            import_events(release, parsed, publish=publish, user=user)
        )
        outcome = "created"
    else:
        release = existing
        changed = release_update(
            release,
            parsed,
            links,
            section=section,
            meeting=meeting,
            memo=memo,
            publish=publish,
            user=user,
        )
        outcome = "updated" if changed else "skipped"
    if dry_run:
        transaction.set_rollback(True)
    return ImportResult(outcome, release, links, new_officials, linker)


def _links_and_people(parsed, linker, *, add_people):
    """What the linker finds in ``parsed``: (links, linker, officials created). With
    ``add_people``, the people it introduces with a country are created first, and the
    text is read again knowing them."""
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
    return links, linker, new_officials


@dataclass
class ImportBatch:
    """What ``releases_import`` did with each parsed file, in order."""

    results: list  # ImportResult, or the ValidationError that refused the file
    linker: object  # the linker, extended with any officials created


@transaction.atomic
def releases_import(*, parsed, user=None, publish=False, add_people=False, linker=None, known=None):
    """Import many parsed files: what ``release_import`` does for each in turn, quicker.

    Each file is still all or nothing: one refused by validation or by the database
    leaves no trace and does not stop the others; its error takes its place in the
    results. Files that create a release with known people are written together,
    a few queries for the lot; a file that updates a stored release, or creates
    officials (``add_people``), goes through ``release_import`` on its own. Runs in
    one transaction, with a savepoint per file or group of files.
    """
    from importing.linker import Linker

    linker = linker or Linker.from_database()
    known = {} if known is None else known
    results = [None] * len(parsed)
    same_times = Release.objects.filter(published_at__in={p.published_at for p in parsed})
    stored = {(at, normalise(t)) for at, t in same_times.values_list("published_at", "title")}
    group = []
    for index, item in enumerate(parsed):
        if item.language != "en":
            results[index] = _import_alone(item, user=user, publish=publish, linker=linker)
            continue
        key = (item.published_at, normalise(item.title))
        links = linker.link(
            title=item.title, lead=item.lead, body=item.body, published_on=item.published_on
        )
        creates_people = add_people and any(p.country_id is not None for p in links.proposals)
        if key in stored or creates_people:
            _import_group(group, results, user=user, publish=publish, linker=linker, known=known)
            group = []
            results[index] = _import_alone(
                item,
                user=user,
                publish=publish,
                add_people=add_people,
                linker=linker,
                known=known,
            )
            if isinstance(results[index], ImportResult):
                linker = results[index].linker
        else:
            group.append((index, item, links))
        stored.add(key)
    _import_group(group, results, user=user, publish=publish, linker=linker, known=known)
    return ImportBatch(results, linker)


def refuse_other_languages(parsed):
    """ValidationError for a release read in Azerbaijani or Russian: a release holds one
    text until its versions in the three languages are kept together."""
    if parsed.language != "en":
        name = {"az": "Azerbaijani", "ru": "Russian"}[parsed.language]
        raise ValidationError(
            f"This release is in {name}; only English releases can be imported for now, "
            "so it was not imported."
        )


def _import_alone(parsed, **options):
    """``release_import`` in a savepoint: its result, or the ValidationError that refused it."""
    try:
        with transaction.atomic():
            return release_import(parsed=parsed, **options)
    except ValidationError as error:
        return error
    except DatabaseError as error:
        return ValidationError(f"The database refused it: {error}")


def _import_group(group, results, *, user, publish, linker, known):
    """Create the new releases of ``group`` ([(index, parsed, links)]) together.

    Should the database refuse any row, the group is rolled back and each file is
    imported alone, so that only the faulty one fails.
    """
    if not group:
        return
    try:
        with transaction.atomic():
            created = _create_releases(
                group, user=user, publish=publish, linker=linker, known=known
            )
    except (ValidationError, DatabaseError):
        for index, parsed, _ in group:
            results[index] = _import_alone(
                parsed, user=user, publish=publish, linker=linker, known=known
            )
        return
    for index, result in created.items():
        results[index] = result


def _create_releases(group, *, user, publish, linker, known):
    """Write the new releases of ``group`` and their links; {index: result or error}.

    A release that fails validation is left out before anything is written.
    Queries: a fixed handful for the group, plus one per new section, tag or
    slug already taken that day.
    """
    memo = (known, {})
    transaction.on_commit(lambda: known.update(memo[1]))
    outcome, valid = {}, []
    for index, parsed, links in group:
        release = new_release(parsed, section=None, meeting=None, publish=publish, user=user)
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
        release.section = section_named(parsed.section, memo)
        # bulk_create does not call save(), which counts versions from 1.
        release.version = 1
    free_slugs([(parsed, release) for _, parsed, _, release in valid])
    Release.objects.bulk_create([release for *_, release in valid])

    rows = {field: [] for field in Release.LINK_FIELDS}
    tagged, events = [], []
    for _, parsed, links, release in valid:
        for field in Release.LINK_FIELDS:
            rows[field] += [(release.pk, pk) for pk in unique_ids(getattr(links, field))]
        tagged += [
            TaggedRelease(content_object_id=release.pk, tag_id=tag.pk)
            for tag in tags_named(links.organisations, memo)
        ]
        events += import_events(release, parsed, publish=publish, user=user)
    for field, pairs in rows.items():
        link_rows(field, pairs)
    TaggedRelease.objects.bulk_create(tagged)
    WorkflowEvent.objects.bulk_create(events)
    # Written in bulk, without signals: name them for reindexing.
    releases_changed([release.pk for *_, release in valid])
    for index, _, links, release in valid:
        outcome[index] = ImportResult("created", release, links, [], linker)
    return outcome
