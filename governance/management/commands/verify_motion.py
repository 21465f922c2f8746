"""Recompute a motion's hash-chained record and compare it with its ballots, its result and its effects."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from governance.anchor import anchors_compare, anchors_read
from governance.models import Motion
from governance.record import Verification, document_verify, motion_export, motion_verify
from governance.register import register_verify, registered_motion_ids


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
        parser.add_argument(
            "--against",
            action="append",
            default=[],
            help="Compare the database with heads kept outside it: a checkpoint_record file, a saved closing mail, "
            "Atom feed or JSON export (may be given several times).",
        )

    def handle(
        self,
        *args: str,
        motion_id: int | None,
        every: bool,
        file: str | None,
        export: str | None,
        against: list[str],
        **options: object,
    ) -> None:
        if against:
            self._against(against)
            if not (every or motion_id or file):
                return
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
            self._every()
            return
        if motion_id is None:
            raise CommandError("Give a motion id, --all, --file or --against.")
        try:
            motion = Motion.objects.get(pk=motion_id)
        except Motion.DoesNotExist as error:
            raise CommandError(f"No motion #{motion_id}.") from error
        if export:
            Path(export).write_text(json.dumps(motion_export(motion), indent=2, ensure_ascii=False), encoding="utf-8")
            self.stdout.write(f"Motion #{motion.pk}'s record written to {export}.")
        if not self._report(f"Motion #{motion.pk}", motion_verify(motion)):
            sys.exit(1)

    def _every(self) -> None:
        """Every motion with a record and every one the register says was decided, then the register itself."""
        registered = registered_motion_ids()
        motions = Motion.objects.exclude(log_head="") | Motion.objects.filter(pk__in=registered)
        failed = [m.pk for m in motions.order_by("pk") if not self._report(f"Motion #{m.pk}", motion_verify(m))]
        problems = register_verify()
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            self.stderr.write(f"The register FAILED verification ({len(problems)} problems).")
        else:
            self.stdout.write(f"The register verified: {len(registered)} decided motions.")
        if failed or problems:
            sys.exit(1)

    def _against(self, paths: list[str]) -> None:
        problems, heads = [], 0
        for path in paths:
            try:
                anchors = anchors_read(Path(path).read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError) as error:
                raise CommandError(f"Cannot read {path}: {error}") from error
            if not anchors.motions and not anchors.register:
                raise CommandError(f"{path} holds no record head (a checkpoint, a closing mail, the feed, an export).")
            heads += len(anchors.motions) + bool(anchors.register)
            problems += [f"{path}: {problem}" for problem in anchors_compare(anchors)]
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            self.stderr.write(f"The database FAILED the comparison with the saved heads ({len(problems)} problems).")
            sys.exit(1)
        self.stdout.write(f"The database still holds every saved head ({heads} compared).")

    def _report(self, what: str, result: Verification) -> bool:
        if result.ok:
            self.stdout.write(f"{what} verified: {result.entries} entries, head {result.head or '—'}.")
            return True
        for problem in result.problems:
            self.stderr.write(problem)
        self.stderr.write(f"{what} FAILED verification ({len(result.problems)} problems).")
        return False
