"""The Secretariat also looks at the register (governance.RegisterEntry), without changing it. Frozen here;
lcoo_portal/roles.py holds the live list and a test keeps the two equal."""

import importlib

from django.db import migrations

previous = importlib.import_module("lcoo_portal.migrations.0003_secretariat_views_new_records")

SECRETARIAT_PERMISSIONS = sorted([*previous.SECRETARIAT_PERMISSIONS, ("governance", "view_registerentry")])


def grant(apps, schema_editor) -> None:
    previous._set(apps, SECRETARIAT_PERMISSIONS)


def revoke(apps, schema_editor) -> None:
    previous._set(apps, previous.SECRETARIAT_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("lcoo_portal", "0003_secretariat_views_new_records"),
        ("governance", "0008_add_register_entry"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
