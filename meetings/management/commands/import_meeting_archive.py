"""Import a folder of meeting-bot logs as held meetings with draft minutes (meetings.services.archive):
`manage.py import_meeting_archive FOLDER --kind general --as secretariat@example.org [--dry-run]`.
It prints what each log becomes, then imports the new ones; run again, it skips what it imported."""

from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from meetings.models import Kind
from meetings.services.archive import archive_import, archive_preview
from members.models import User


class Command(BaseCommand):
    help = "Import a folder of meeting-bot logs (.log.txt) as held meetings with draft minutes."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path)
        parser.add_argument("--kind", required=True, choices=Kind.values)
        parser.add_argument("--as", dest="actor", required=True, help="The e-mail of the Secretariat member acting.")
        parser.add_argument("--dry-run", action="store_true", help="Say what would be imported; change nothing.")

    def handle(self, *args: object, folder: Path, kind: str, actor: str, dry_run: bool, **options: object) -> None:
        by = User.objects.filter(email__iexact=actor).first()
        if by is None:
            raise CommandError(f"No account has the address {actor}.")
        paths = sorted(folder.glob("*.log.txt"))
        if not paths:
            raise CommandError(f"{folder} holds no .log.txt file.")
        files = [(path.name, path.read_text(encoding="utf-8-sig")) for path in paths]
        try:
            logs = archive_preview(files=files, by=by) if dry_run else archive_import(files=files, kind=kind, by=by)
        except (PermissionDenied, ValidationError) as error:
            raise CommandError(" ".join(getattr(error, "messages", [str(error)]))) from error
        for log in logs:
            what = {"new": "would be imported", "created": f"imported as {log.meeting}", "imported": "skipped"}
            self.stdout.write(
                f"{log.filename}: {what.get(log.state, 'refused')}{f' ({log.reason})' if log.reason else ''}"
            )
        created = sum(1 for log in logs if log.state == "created")
        self.stdout.write(
            f"{created} meeting(s) imported; {len(logs) - created} not." if not dry_run else "Nothing changed."
        )
