"""Back the whole database up under var/backups/ (pg_dump on PostgreSQL, a copy of the SQLite file)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from lcoo_portal.backup import backup_create


class Command(BaseCommand):
    help = "Write a timestamped backup of the database, with a manifest of every table's row count and checksum."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dir", type=Path, default=None, help="Where to write it (default: var/backups/).")

    def handle(self, *args: Any, dir: Path | None, **options: Any) -> None:
        path = backup_create(directory=dir)
        self.stdout.write(f"Backup written: {path}")
