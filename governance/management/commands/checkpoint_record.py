"""Write every motion's head and the register's head to a file kept outside the database."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from governance.anchor import checkpoint_document


class Command(BaseCommand):
    help = (
        "Write every motion's record head and the register's head to FILE (JSON). Keep the file outside the "
        "portal's database and backups; `verify_motion --against FILE` later shows whether any record was rewritten."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")

    def handle(self, *args: str, file: str, **options: object) -> None:
        document = checkpoint_document()
        Path(file).write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
        self.stdout.write(f"{len(document['motions'])} motion heads and the register head written to {file}.")
