from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.module_loading import import_string

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
        for path in DEMO_LOADERS:
            import_string(path)()
            self.stdout.write(f"Loaded {path.rsplit('.', 2)[0]} demo data.")
        self.stdout.write(self.style.SUCCESS("Demo data ready. Demo accounts use the password lcoo-demo-2026."))
