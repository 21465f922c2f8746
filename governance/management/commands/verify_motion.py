"""Recompute a motion's hash-chained record and compare it with its ballots, its result and its effects."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from governance.models import Motion
from governance.record import Verification, document_verify, motion_export, motion_verify


class Command(BaseCommand):
    help = (
        "Verify a motion's record: recompute every hash and the result from the ballots, and compare them with "
        "the database (or with an exported JSON document, offline, with --file)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("motion_id", type=int, nargs="?")
        parser.add_argument("--all", action="store_true", dest="every", help="Verify every motion that has a record.")
        parser.add_argument("--file", help="Verify an exported record (JSON) without the database.")
        parser.add_argument("--export", help="Write the motion's record as one JSON document to this file.")

    def handle(
        self, *args: str, motion_id: int | None, every: bool, file: str | None, export: str | None, **options: object
    ) -> None:
        if file:
            try:
                document = json.loads(Path(file).read_text(encoding="utf-8"))
            except (OSError, ValueError) as error:
                raise CommandError(f"Cannot read {file}: {error}") from error
            try:
                result = document_verify(document)
            except (KeyError, TypeError, AttributeError) as error:
                raise CommandError(f"{file} is not a motion's record: {error!r} is missing or malformed.") from error
            if not self._report(f"The record in {file} (motion #{document.get('motion')})", result):
                sys.exit(1)
            return
        if every:
            failed = [
                m.pk
                for m in Motion.objects.exclude(log_head="")
                if not self._report(f"Motion #{m.pk}", motion_verify(m))
            ]
            if failed:
                sys.exit(1)
            return
        if motion_id is None:
            raise CommandError("Give a motion id, --all or --file.")
        try:
            motion = Motion.objects.get(pk=motion_id)
        except Motion.DoesNotExist as error:
            raise CommandError(f"No motion #{motion_id}.") from error
        if export:
            Path(export).write_text(json.dumps(motion_export(motion), indent=2, ensure_ascii=False), encoding="utf-8")
            self.stdout.write(f"Motion #{motion.pk}'s record written to {export}.")
        if not self._report(f"Motion #{motion.pk}", motion_verify(motion)):
            sys.exit(1)

    def _report(self, what: str, result: Verification) -> bool:
        if result.ok:
            self.stdout.write(f"{what} verified: {result.entries} entries, head {result.head or '—'}.")
            return True
        for problem in result.problems:
            self.stderr.write(problem)
        self.stderr.write(f"{what} FAILED verification ({len(result.problems)} problems).")
        return False
