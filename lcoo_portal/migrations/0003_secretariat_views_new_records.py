"""The Secretariat also looks at the records added since 0002 (consensus stances, the plan's rows, errata,
company invitations), still without changing them. Frozen here; lcoo_portal/roles.py holds the live list
and a test keeps the two equal."""

import importlib

from django.db import migrations

previous = importlib.import_module("lcoo_portal.migrations.0002_secretariat_clerk_permissions")

SECRETARIAT_PERMISSIONS = sorted(
    [
        *previous.SECRETARIAT_PERMISSIONS,
        ("governance", "view_consensusstance"),
        ("governance", "view_historicalplantask"),
        ("governance", "view_plantask"),
        ("meetings", "view_erratum"),
        ("members", "view_companyinvitation"),
    ]
)


def _set(apps, wanted) -> None:
    secretariat, permissions = previous._permissions(apps)
    secretariat.permissions.set([p for p in permissions if (p.content_type.app_label, p.codename) in set(wanted)])


def grant(apps, schema_editor) -> None:
    _set(apps, SECRETARIAT_PERMISSIONS)


def revoke(apps, schema_editor) -> None:
    _set(apps, previous.SECRETARIAT_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("lcoo_portal", "0002_secretariat_clerk_permissions"),
        ("governance", "0003_add_plan_task"),
        ("governance", "0003_add_stances_and_objection_withdrawal"),
        ("meetings", "0002_add_erratum"),
        ("members", "0004_company_invitation"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
