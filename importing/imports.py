"""Importing parsed releases: one file at a time, or a batch of them.

Both paths make new releases with ``builder.releases_create``; a release already stored
is brought up to date by ``existing.release_update``.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from importing.builder import releases_create
from importing.existing import release_update, stored_release
from importing.related import file_memo, official_from_proposal
from importing.text import normalise
from releases.models import Release


@dataclass
class ImportResult:
    """What ``release_import`` did (or, on a dry run, would do) with one parsed file."""

    outcome: str  # "created", "updated" or "skipped"
    release: Release
    links: object  # linker.Links
    new_officials: list
    linker: object  # the linker, extended with any officials created


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
    memo = file_memo(known, kept=not dry_run)
    links, linker, new_officials = _links_and_people(parsed, linker, add_people=add_people)
    release = stored_release(parsed)
    if release is None:
        [release] = releases_create([(parsed, links)], publish=publish, user=user, memo=memo)
        if isinstance(release, ValidationError):
            raise release
        outcome = "created"
    else:
        changed = release_update(release, parsed, links, memo=memo, publish=publish, user=user)
        outcome = "updated" if changed else "skipped"
    if dry_run:
        transaction.set_rollback(True)
    return ImportResult(outcome, release, links, new_officials, linker)


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
            title=item.title,
            lead=item.lead,
            body=item.body,
            published_on=item.published_on,
            language=item.language,
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
    """Write the new releases of ``group`` with ``releases_create``, as ``release_import``
    does for one; {index: result, or the ValidationError that refused the file}."""
    made = releases_create(
        [(parsed, links) for _, parsed, links in group],
        publish=publish,
        user=user,
        memo=file_memo(known),
    )
    outcome = {}
    for (index, _, links), release in zip(group, made, strict=True):
        if isinstance(release, Release):
            release = ImportResult("created", release, links, [], linker)
        outcome[index] = release
    return outcome
