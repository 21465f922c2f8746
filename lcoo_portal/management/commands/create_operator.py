from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import reverse

from lcoo_portal.first_run import first_accounts_create


class Command(BaseCommand):
    help = (
        "First run: create the operator's account (superuser) and the first Secretariat member, print a link "
        "for each to set a password, and what to do next (the second factor first)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--operator-email", required=True)
        parser.add_argument("--operator-name", default="Operator")
        parser.add_argument("--secretariat-email", required=True)
        parser.add_argument("--secretariat-name", default="Secretariat")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            accounts = first_accounts_create(
                operator_email=options["operator_email"],
                operator_name=options["operator_name"],
                secretariat_email=options["secretariat_email"],
                secretariat_name=options["secretariat_name"],
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        (operator, operator_link), (clerk, clerk_link) = accounts["operator"], accounts["secretariat"]
        base = settings.PORTAL_BASE_URL
        mfa = (
            "the portal requires it before anything else opens (PORTAL_REQUIRE_MFA)"
            if settings.PORTAL_REQUIRE_MFA
            else "PORTAL_REQUIRE_MFA is off here: set it up all the same"
        )
        self.stdout.write(
            self.style.SUCCESS(f"Created the operator {operator.email} and the Secretariat member {clerk.email}.")
        )
        self.stdout.write(
            f"""
Next steps:
  1. Each person opens their own link (valid {settings.PASSWORD_RESET_TIMEOUT // 86400} days) and chooses a password:
       operator:    {operator_link}
       Secretariat: {clerk_link}
     Send each link to its person only; do not keep it.
  2. Each signs in at {base}{reverse("account_login")} and sets up a second factor (an authenticator app or
     a passkey) at {base}{reverse("mfa_index")} — {mfa} — and keeps the recovery codes offline.
  3. The operator checks {base}/healthz ("status": "ok" once the worker's first heartbeat arrives) and the
     admin at {base}/admin/ (schedules, people's flags).
  4. The Secretariat creates the member companies and invites their coordinators and board representatives
     from the portal's pages.
  5. Set ADMINS (error mail), SENTRY_DSN and METRICS_TOKEN if not done, and schedule
     `python manage.py backup_database` (README, "Backups")."""
        )
