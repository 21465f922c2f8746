from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from governance import demo as governance_demo
from lcoo_portal.roles import secretariat_grant_permissions
from meetings import demo as meetings_demo
from members import demo as members_demo


class Command(BaseCommand):
    help = "Fill the portal with demo data from the source documents. Idempotent: a second run changes nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off.")

    def handle(self, *args: Any, force: bool = False, **options: Any) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "load_demo refuses to run with DEBUG off (it creates accounts with a known password). Use --force."
            )
        # the Secretariat's permissions come with its migration; restore them where a test flushed them
        secretariat_grant_permissions(apps)
        # each app fills its own part, in dependency order
        for app, demo in (("members", members_demo), ("meetings", meetings_demo), ("governance", governance_demo)):
            demo.load()
            self.stdout.write(f"Loaded {app} demo data.")
        self.stdout.write(self.style.SUCCESS("Demo data ready. Demo accounts use the password lcoo-demo-2026."))
