"""Importing parsed releases: one file at a time, or a batch of them.

Both paths make new releases with ``builder.releases_create``; a release already stored
is brought up to date by ``existing.release_update``.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from importing.builder import releases_create
from importing.existing import release_locked, release_update, version_add
from importing.joining import (
    known_from_links,
    named,
    original_first,
    place,
    stored_releases,
)
from importing.related import file_memo, official_from_proposal
from importing.text import normalise
from releases.models import Release


@dataclass
class ImportResult:
    """What ``release_import`` did (or, on a dry run, would do) with one parsed file."""

    outcome: str  # "created", "joined" (a version added), "updated" or "skipped"
    release: Release
    links: object  # linker.Links
    new_officials: list
    linker: object  # the linker, extended with any officials created
    notes: list = field(default_factory=list)  # for the report: joined, or why not


@transaction.atomic
def release_import(
    *,
    parsed,
    user=None,
    publish=False,
    add_people=False,
    linker=None,
    known=None,
    dry_run=False,
    translation_of=None,
):
    """Create or update the release ``parsed`` (an ``importer.ParsedRelease``) with its links,
    or add it to its release as the version in its language.

    A release with the same title in the text's language (quotes and spacing aside) and
    publication time is updated (new text, links added) or skipped when nothing changed:
    never duplicated. A text is joined to the release ``translation_of`` (a Release) or,
    without it, to the one ``joining.place`` finds; else it makes a new release, its
    language the original. New releases are drafts unless ``publish``; publishing here is
    a system action, recorded in the audit trail like any other. People the text
    introduces are created only with ``add_people``; otherwise they stay proposals in the
    result. ``dry_run`` does everything, then rolls it back. Runs in one transaction: on
    any error nothing is left. ``known`` is the run's memo, a dict its caller keeps from
    file to file: the sections and tags looked up so far, added to once this file commits.
    """
    from importing.linker import Linker

    linker = linker or Linker.from_database()
    # Sections and tags are looked up once per run. What this file finds is kept
    # only if its transaction commits: a rolled-back row must not be reused.
    memo = file_memo(known, kept=not dry_run)
    links, linker, new_officials = _links_and_people(parsed, linker, add_people=add_people)
    target = None
    if translation_of is not None:
        found = stored_releases([translation_of.published_at]).get(translation_of.published_at)
        target = next(k for k in found if k.pk == translation_of.pk)
    candidates = stored_releases([parsed.published_at]).get(parsed.published_at, [])
    where = place(parsed, links, candidates, translation_of=target)
    options = {"memo": memo, "publish": publish, "user": user}
    notes = [where.note] if where.note else []
    if where.kind == "refused":
        raise ValidationError(f"Not imported: {where.note}.")
    if where.kind == "new":
        [[release]] = releases_create([[(parsed, links)]], **options)
        if isinstance(release, ValidationError):
            raise release
        outcome = "created"
    elif where.kind == "join":
        release = release_locked(where.known.pk)
        _, joined = version_add(release, parsed, links, **options)
        notes += joined
        outcome = "joined"
    else:
        release = release_locked(where.known.pk)
        changed = release_update(release, parsed, links, **options)
        outcome = "updated" if changed else "skipped"
    if dry_run:
        transaction.set_rollback(True)
    return ImportResult(outcome, release, links, new_officials, linker, notes)


def _links_and_people(parsed, linker, *, add_people):
    """What the linker finds in ``parsed``: (links, linker, officials created). With
    ``add_people``, the people it introduces with a country are created first, and the
    text is read again knowing them."""
    text = {"title": parsed.title, "lead": parsed.lead, "body": parsed.body}
    language = parsed.language
    links = linker.link(**text, published_on=parsed.published_on, language=language)
    new_officials = []
    if add_people and links.proposals:
        for proposal in links.proposals:
            if proposal.country_id is not None:
                new_officials.append(official_from_proposal(proposal=proposal, language=language))
        if new_officials:
            names = [{language: getattr(o, f"full_name_{language}")} for o in new_officials]
            linker = linker.extended(
                [(o.pk, name, o.country_id) for o, name in zip(new_officials, names, strict=True)]
            )
            links = linker.link(**text, published_on=parsed.published_on, language=language)
    return links, linker, new_officials


@dataclass
class ImportBatch:
    """What ``releases_import`` did with each parsed file, in order."""

    results: list  # ImportResult, or the ValidationError that refused the file
    linker: object  # the linker, extended with any officials created


@transaction.atomic
def releases_import(
    *,
    parsed,
    user=None,
    publish=False,
    add_people=False,
    linker=None,
    known=None,
    translation_of=None,
):
    """Import many parsed files: what ``release_import`` does for each in turn, quicker.

    Each file is still all or nothing: one refused by validation or by the database
    leaves no trace and does not stop the others; its error takes its place in the
    results. New releases with known people, and the versions of them among the files
    (``joining.place``), are written together, a few queries for the lot; a file that
    updates or joins a stored release, or creates officials (``add_people``), goes
    through ``release_import`` on its own, and so does every file with
    ``translation_of``. Runs in one transaction, with a savepoint per file or group.
    """
    from importing.linker import Linker

    linker = linker or Linker.from_database()
    options = {"user": user, "publish": publish, "known": {} if known is None else known}
    run = _Run(results=[None] * len(parsed), options=options)
    if translation_of is not None:
        for index, item in enumerate(parsed):
            run.alone(index, item, linker=linker, translation_of=translation_of)
        return ImportBatch(run.results, linker)
    # What the run knows at each time: the stored releases, then those it makes.
    at = stored_releases({p.published_at for p in parsed})
    for index, item in enumerate(parsed):
        links = linker.link(
            title=item.title,
            lead=item.lead,
            body=item.body,
            published_on=item.published_on,
            language=item.language,
        )
        candidates = at.setdefault(item.published_at, [])
        where = place(item, links, candidates)
        creates_people = add_people and any(p.country_id is not None for p in links.proposals)
        if where.kind == "new" and not creates_people:
            known = known_from_links(item, links)
            known.pending.append((index, item, links))
            candidates.append(known)
            run.group.append(known)
            run.notes[index] = [where.note] if where.note else []
        elif where.kind == "join" and where.known.pending and not creates_people:
            where.known.pending.append((index, item, links))
            where.known.titles[item.language] = normalise(item.title)
            run.notes[index] = [f"joined to {named(where.known)} as its version"]
        else:
            run.flush(linker)
            result = run.alone(index, item, linker=linker, add_people=add_people)
            if isinstance(result, ImportResult):
                linker = result.linker
                _learn(candidates, where, item, result)
    run.flush(linker)
    return ImportBatch(run.results, linker)


def _learn(candidates, where, item, result):
    """Keep what a file imported alone made known, for the run's later files."""
    if result.outcome == "created":
        known = known_from_links(item, result.links)
        known.pk, known.title = result.release.pk, result.release.title
        candidates.append(known)
    elif result.outcome == "joined":
        where.known.titles[item.language] = normalise(item.title)


@dataclass
class _Run:
    """The results of a batch, and its releases waiting to be written together."""

    results: list
    options: dict
    group: list = field(default_factory=list)  # [joining.Known] with pending versions
    notes: dict = field(default_factory=dict)  # {index: notes}

    def alone(self, index, item, **options):
        self.results[index] = _import_alone(item, **self.options, **options)
        return self.results[index]

    def flush(self, linker):
        """Write the releases waiting (``group``) together; should the database refuse a
        row, the group is rolled back and each file imported alone, so that only the
        faulty one fails."""
        group, self.group = self.group, []
        if not group:
            return
        for known in group:
            known.pending[:] = original_first(known.pending)
        try:
            with transaction.atomic():
                made = _create_releases(group, self.options)
        except (ValidationError, DatabaseError):
            for known in group:
                for index, item, _ in sorted(known.pending, key=lambda v: v[0]):
                    self.alone(index, item, linker=linker)
                known.pending.clear()
            return
        for known, outcomes in zip(group, made, strict=True):
            first = True
            for (index, _, links), release in zip(known.pending, outcomes, strict=True):
                if isinstance(release, Release):
                    outcome = "created" if first else "joined"
                    first = False
                    notes = self.notes.get(index, [])
                    release = ImportResult(outcome, release, links, [], linker, notes)
                    known.pk, known.title = release.release.pk, release.release.title
                self.results[index] = release
            known.pending.clear()


def _create_releases(group, options):
    """``releases_create`` for the releases waiting in ``group`` ([joining.Known])."""
    return releases_create(
        [[(p, links) for _, p, links in known.pending] for known in group],
        publish=options["publish"],
        user=options["user"],
        memo=file_memo(options["known"]),
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
