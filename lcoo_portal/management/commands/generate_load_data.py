import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from lcoo_portal.loaddata import generate


class Command(BaseCommand):
    help = (
        "Fill the database with archive-scale load data for the benchmarks (scale 1: 200 companies, 2,000 people, "
        "5,000 meetings, 50,000 agenda items, 20,000 action items, 1,000 decided motions). Idempotent per scale."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", type=int, default=1, help="Multiply every count by this (default 1).")

    def handle(self, *args: Any, scale: int = 1, **options: Any) -> None:
        started = time.perf_counter()

        def note(text: str) -> None:
            self.stdout.write(f"[{time.perf_counter() - started:6.1f} s] {text}")
            self.stdout.flush()

        if generate(scale, note=note):
            self.stdout.write(
                self.style.SUCCESS(f"Scale {scale} load data written in {time.perf_counter() - started:.1f} s.")
            )
