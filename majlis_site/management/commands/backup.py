from django.core.management.base import BaseCommand, CommandError

from majlis_site import backups


class Command(BaseCommand):
    help = (
        "Back up the database and the media files into a new folder "
        "(README, Backups). Restore with the restore command."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", help="a new or empty folder")

    def handle(self, *args, directory, **options):
        try:
            manifest = backups.backup(directory)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        if options["verbosity"]:
            self.stdout.write(
                f"Backed up the {manifest['database']} database and "
                f"{len(manifest['media'])} media files into {directory}."
            )
