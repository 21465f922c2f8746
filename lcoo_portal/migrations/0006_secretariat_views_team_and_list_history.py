"""The Secretariat also looks at the history of the teams and mailing lists and at the mail schedules'
changes (issue 24), without changing them in the admin (it changes them on the portal's pages). Frozen
here; lcoo_portal/roles.py holds the live list and a test keeps the two equal."""

import importlib

from django.db import migrations

previous = importlib.import_module("lcoo_portal.migrations.0004_secretariat_views_register")
base = importlib.import_module("lcoo_portal.migrations.0003_secretariat_views_new_records")

SECRETARIAT_PERMISSIONS = sorted(
    [
        *previous.SECRETARIAT_PERMISSIONS,
        ("members", "view_historicalteam"),
        ("members", "view_historicalteammembership"),
        ("notifications", "view_historicallistaddress"),
        ("notifications", "view_schedulechange"),
    ]
)


def grant(apps, schema_editor) -> None:
    base._set(apps, SECRETARIAT_PERMISSIONS)


def revoke(apps, schema_editor) -> None:
    base._set(apps, previous.SECRETARIAT_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("lcoo_portal", "0005_heartbeat"),
        ("members", "0013_team_history_invitation_cancel_resend"),
        ("notifications", "0006_list_address_history_schedule_changes"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
