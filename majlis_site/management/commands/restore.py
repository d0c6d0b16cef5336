from django.core.management.base import BaseCommand, CommandError

from majlis_site import backups


class Command(BaseCommand):
    help = (
        "Restore a backup made by the backup command into an empty database and an "
        "empty media storage (README, Backups)."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", help="a folder written by the backup command")

    def handle(self, *args, directory, **options):
        try:
            manifest = backups.restore(directory)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        if options["verbosity"]:
            self.stdout.write(
                f"Restored the {manifest['database']} database and "
                f"{len(manifest['media'])} media files from {directory}."
            )
