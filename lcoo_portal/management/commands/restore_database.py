"""Replace the database's contents by a backup written by backup_database, once the backup matches its
manifest (checked before anything changes), then check every table again."""

import subprocess
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from lcoo_portal.backup import BackupRejected, backup_restore


class Command(BaseCommand):
    help = (
        "Restore the database from a backup (make restore FILE=var/backups/…). Everything written since the "
        "backup is lost: stop the portal and its worker first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive")

    def handle(self, *args: Any, file: Path, interactive: bool, **options: Any) -> None:
        if not file.is_file():
            raise CommandError(f"No backup at {file}.")
        if interactive:
            name = connection.settings_dict["NAME"]
            answer = input(f"Replace everything in the database {name} by the backup {file}? Type 'yes' to go on: ")
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled; nothing changed.")
        try:
            differing = backup_restore(path=file)
        except BackupRejected as error:
            raise CommandError(f"Not restored: {error} The database is unchanged.") from error
        except subprocess.CalledProcessError as error:
            raise CommandError(f"Not restored: {error.cmd[0]} failed; the database is unchanged.") from error
        if differing:
            raise CommandError(f"Restored, but these tables differ from the backup's manifest: {', '.join(differing)}")
        self.stdout.write(f"Restored from {file}; every table matches the backup's manifest.")
