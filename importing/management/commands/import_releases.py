"""Import plain-text releases from files or folders, linking what they are about."""

import datetime
import sys
from contextlib import nullcontext

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from tqdm import tqdm

from importing import imports
from importing.linker import Linker
from importing.parser import ParseError, parse_file, release_files
from people.models import Country, Official
from releases.models import Release


class Command(BaseCommand):
    help = (
        "Import releases from UTF-8 text files (or folders of .txt files) in the archive "
        "layout, linking officials, countries, organisations and the meeting. Each file is "
        "imported in one transaction; a file already imported (same title and publication "
        "time) is updated or skipped, never duplicated."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="Files or folders to import.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Print what would be created and linked; write nothing.",
        )
        parser.add_argument(
            "--publish", action="store_true", help="Publish imported releases (default: drafts)."
        )
        parser.add_argument(
            "--translation-of",
            metavar="RELEASE",
            help="Import the texts as versions of this release (its id, or its English "
            "address: the slug or the page's path) instead of finding their release.",
        )
        parser.add_argument(
            "--date",
            type=datetime.date.fromisoformat,
            metavar="YYYY-MM-DD",
            help="The date of files that hold none in their first lines (midnight, Baku "
            "time); a file that gives its date keeps it.",
        )
        parser.add_argument(
            "--add-people",
            action="store_true",
            help="Create the officials the texts introduce (name, position, country) "
            "instead of only proposing them.",
        )

    # Files parsed and written together: each file stays all or nothing (a savepoint
    # each), but the releases of a chunk share their queries and their commit.
    chunk_size = 200

    def handle(
        self,
        *args,
        paths,
        dry_run,
        publish,
        add_people,
        translation_of,
        verbosity,
        date=None,
        **options,
    ):
        try:
            files = release_files(paths)
        except ParseError as error:
            raise CommandError(str(error)) from None
        self.counts = {"created": 0, "joined": 0, "updated": 0, "skipped": 0, "failed": 0}
        self.names = _Names()
        self.linker = Linker.from_database()
        # The sections and tags found so far, kept from batch to batch.
        self.known = {}
        self.options = {"publish": publish, "add_people": add_people}
        if translation_of:
            self.options["translation_of"] = release_named(translation_of)
        self.dry_run, self.verbosity, self.date = dry_run, verbosity, date
        self.progress = tqdm(total=len(files), file=sys.stderr, unit="file", disable=None)
        # A dry run does everything in one transaction and rolls it back at the end,
        # so later files see what earlier ones would have created.
        with transaction.atomic() if dry_run else nullcontext():
            for start in range(0, len(files), self.chunk_size):
                self._import_chunk(files[start : start + self.chunk_size])
            if dry_run:
                transaction.set_rollback(True)
        self.progress.close()
        counts = self.counts
        prefix = "Dry run, nothing written. Would have: " if dry_run else ""
        self.stdout.write(
            f"{prefix}{counts['created']} created, {counts['joined']} joined, "
            f"{counts['updated']} updated, "
            f"{counts['skipped']} skipped, {counts['failed']} failed "
            f"({len(files)} file{'s' if len(files) != 1 else ''})."
        )
        if counts["failed"]:
            raise CommandError(f"{counts['failed']} of {len(files)} files failed.")

    def _import_chunk(self, paths):
        parsed = []
        for path in paths:
            try:
                parsed.append(parse_file(path, date=self.date))
            except ParseError as error:
                self._failed(f"FAILED {error}")
        batch = imports.releases_import(
            parsed=parsed, linker=self.linker, known=self.known, **self.options
        )
        self.linker = batch.linker
        for item, result in zip(parsed, batch.results, strict=True):
            if isinstance(result, ValidationError):
                self._failed(f"FAILED {item.source}: {'; '.join(result.messages)}")
                continue
            self.counts[result.outcome] += 1
            for note in result.notes:
                self.stdout.write(f"{item.source}: {note}.")
            if self.dry_run or self.verbosity >= 2:
                self._describe(result, self.names, dry_run=self.dry_run, path=item.source)
            elif result.links.proposals and not self.options["add_people"]:
                for proposal in result.links.proposals:
                    self.stdout.write(
                        f"{item.source}: proposed new official {self.names.proposal(proposal)} "
                        "(not created; use --add-people)"
                    )
        self.progress.update(len(paths))

    def _failed(self, message):
        self.counts["failed"] += 1
        self.progress.write(message, file=self.stderr)

    def _describe(self, result, names, *, dry_run, path):
        links, release = result.links, result.release
        verb = {"created": "create", "joined": "join", "updated": "update", "skipped": "skip"}[
            result.outcome
        ]
        verb = f"would {verb}" if dry_run else result.outcome
        when = f"{release.local_published_at:%d %B %Y %H:%M}"
        lines = [f"{path}: {verb} “{release.title}” ({when})"]
        for label, value in (
            ("officials", names.officials(links.officials)),
            ("officials mentioned", names.officials(links.mentioned_officials)),
            ("countries about", names.countries(links.countries)),
            ("countries mentioned", names.countries(links.mentioned_countries)),
            ("organisations", ", ".join(links.organisations)),
        ):
            if value:
                lines.append(f"  {label}: {value}")
        if links.meeting:
            m = links.meeting
            people = names.officials(m.official_ids).split(", ") + m.proposal_names
            where = names.countries([m.host_country_id]) if m.host_country_id else "no place"
            lines.append(
                f"  meeting: {m.date:%d %B %Y}, {m.kind}, {where}"
                f"{', ' + m.city if m.city else ''}: {', '.join(p for p in people if p)}"
            )
        for official in result.new_officials:
            lines.append(f"  new official: {official.full_name}")
        if not result.new_officials:
            for proposal in links.proposals:
                lines.append(f"  proposed new official: {names.proposal(proposal)}")
        self.stdout.write("\n".join(lines))


def release_named(name):
    """The release ``--translation-of`` names: by id, or by its English address (a slug,
    or a page's path, whose date then narrows it); CommandError when none or several."""
    parts = [part for part in name.strip().split("/") if part]
    if len(parts) == 1 and parts[0].isdigit():
        found = Release.objects.filter(pk=int(parts[0]))
    else:
        found = Release.objects.filter(slug_en=parts[-1] if parts else "")
        numbers = [int(part) for part in parts[:-1] if part.isdigit()]
        if len(numbers) == 3:
            year, month, day = numbers
            found = [r for r in found if r.local_published_at.timetuple()[:3] == (year, month, day)]
    found = list(found)
    if len(found) != 1:
        problem = "no release" if not found else f"{len(found)} releases (give its id)"
        raise CommandError(f"--translation-of {name}: {problem} found.")
    return found[0]


class _Names:
    """Names for ids in the command's output, read once."""

    def __init__(self):
        self._countries = dict(Country.objects.values_list("pk", "name"))
        self._officials = {}

    def countries(self, ids):
        return ", ".join(self._countries.get(pk, "?") for pk in ids)

    def officials(self, ids):
        missing = [pk for pk in ids if pk not in self._officials]
        if missing:
            self._officials.update(
                Official.objects.filter(pk__in=missing).values_list("pk", "full_name")
            )
        return ", ".join(self._officials.get(pk, "(new)") for pk in ids)

    def proposal(self, proposal):
        country = self.countries([proposal.country_id]) if proposal.country_id else "country?"
        return f"{proposal.name} — {'; '.join(proposal.titles)} ({country})"
