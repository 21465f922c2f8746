from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.module_loading import import_string

from lcoo_portal.roles import secretariat_grant_permissions

# Each app fills its own part, in dependency order.
DEMO_LOADERS = [
    "members.demo.load",
    "meetings.demo.load",
    "governance.demo.load",
]


class Command(BaseCommand):
    help = "Fill the portal with demo data from the source documents. Idempotent: a second run changes nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off.")

    def handle(self, *args, force: bool = False, **options) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "load_demo refuses to run with DEBUG off (it creates accounts with a known password). Use --force."
            )
        # the Secretariat's permissions come with its migration; restore them where a test flushed them
        secretariat_grant_permissions(apps)
        for path in DEMO_LOADERS:
            import_string(path)()
            self.stdout.write(f"Loaded {path.rsplit('.', 2)[0]} demo data.")
        self.stdout.write(self.style.SUCCESS("Demo data ready. Demo accounts use the password lcoo-demo-2026."))
