from django.db import migrations

from lcoo_portal.roles import secretariat_grant_permissions


def grant(apps, schema_editor) -> None:
    secretariat_grant_permissions(apps)


def revoke(apps, schema_editor) -> None:
    secretariat = apps.get_model("auth", "Group").objects.filter(name="Secretariat").first()
    if secretariat is not None:
        secretariat.permissions.clear()


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0002_create_role_groups"),
        ("meetings", "0001_initial"),
        ("governance", "0002_ballot_receipt_hash"),
        ("notifications", "0005_meeting_kind_subscriptions"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
