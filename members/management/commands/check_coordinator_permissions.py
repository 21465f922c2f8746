"""Prove that the guardian permission to edit a company follows the coordinator role, or repair it."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from members.services import coordinator_permission_derive, coordinator_permission_mismatches


class Command(BaseCommand):
    help = (
        "List where the object permission members.change_company and the current coordinator roles disagree "
        "(exit status 1 if they do); --repair derives the permission from the roles again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--repair", action="store_true", help="Grant or revoke the permission to match the roles.")

    def handle(self, *args: Any, repair: bool = False, **options: Any) -> None:
        mismatches = coordinator_permission_mismatches()
        for person, company, problem in mismatches:
            self.stdout.write(f"{company}: {person or 'a group'} {problem}")
            if repair and person is not None:
                coordinator_permission_derive(company=company, user=person)
        if repair:
            mismatches = coordinator_permission_mismatches()  # a group's permission is the admin's to remove
        if mismatches:
            raise CommandError(f"{len(mismatches)} disagreement(s) between roles and permissions.")
        self.stdout.write("The coordinators' permissions follow their roles.")
