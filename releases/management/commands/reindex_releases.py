"""Recompute the search vectors of all releases (after loaddata, imports or tag renames)."""

from django.core.management.base import BaseCommand
from django.db import connection

from releases import services


class Command(BaseCommand):
    help = (
        "Recompute every release's search index. Needed after loading data raw "
        "(loaddata, bulk imports) or renaming tags; does nothing on SQLite."
    )

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            self.stdout.write("No search index on this database: search reads the text itself.")
            return
        count = services.releases_reindex()
        self.stdout.write(f"Reindexed {count} release(s).")
