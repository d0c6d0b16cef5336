"""Recompute what is derived from every release (after loaddata, raw imports or tag renames)."""

from django.core.management.base import BaseCommand
from django.db import connection

from search import freshness, vector


class Command(BaseCommand):
    help = (
        "Recompute every release's search index (PostgreSQL) and count the published "
        "releases again for the filters of the release list. Needed after loading data "
        "raw (loaddata, bulk inserts) or renaming tags."
    )

    def handle(self, *args, **options):
        count = vector.releases_reindex()
        # Data loaded raw sent no signal: pages kept from before it are made again.
        freshness.content_changed()
        if connection.vendor != "postgresql":
            self.stdout.write(
                "Counted the releases for the filters. No search index on this database: "
                "search reads the text itself."
            )
            return
        self.stdout.write(f"Reindexed {count} release(s) and counted them for the filters.")
