"""Count the scheduled releases whose time has come in the filter counts (run from cron)."""

from django.core.management.base import BaseCommand

from search import recount


class Command(BaseCommand):
    help = (
        "Add the scheduled releases whose time has come to the counts of the release "
        "list's filters. Pages are right without it; run it every few minutes so that "
        "they need not add those releases themselves."
    )

    def handle(self, *args, **options):
        count = recount.releases_count_due()
        self.stdout.write(f"Counted {count} release(s) whose time has come.")
