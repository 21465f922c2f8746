from typing import Any

from django.core.management.base import BaseCommand

from notifications.schedules import SCHEDULES, schedules_install


class Command(BaseCommand):
    help = "Create or restore the default beat schedules (notifications/schedules.py); idempotent."

    def handle(self, *args: Any, **options: Any) -> None:
        schedules_install()
        self.stdout.write(f"{len(SCHEDULES)} schedules in place.")
