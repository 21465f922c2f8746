"""Recompute a motion's hash-chained record and compare it with its ballots and its tally."""

import sys

from django.core.management.base import BaseCommand, CommandError

from governance.models import Motion
from governance.record import motion_verify


class Command(BaseCommand):
    help = "Verify a motion's record: recompute every hash and check the ballots and the tally against it."

    def add_arguments(self, parser) -> None:
        parser.add_argument("motion_id", type=int)

    def handle(self, *args, motion_id: int, **options) -> None:
        try:
            motion = Motion.objects.get(pk=motion_id)
        except Motion.DoesNotExist as error:
            raise CommandError(f"No motion #{motion_id}.") from error
        result = motion_verify(motion)
        if result.ok:
            self.stdout.write(f"Motion #{motion.pk} verified: {result.entries} entries, head {result.head or '—'}.")
            return
        for problem in result.problems:
            self.stderr.write(problem)
        self.stderr.write(f"Motion #{motion.pk} FAILED verification ({len(result.problems)} problems).")
        sys.exit(1)
