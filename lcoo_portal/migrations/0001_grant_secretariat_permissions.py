"""The Secretariat group's permissions in the admin, as they were decided then (frozen data)."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

SECRETARIAT_APPS = ("members", "meetings", "governance", "notifications", "django_celery_beat")
SECRETARIAT_USER_PERMISSIONS = ("view_user", "add_user", "change_user")


def grant(apps, schema_editor) -> None:
    for label in (*SECRETARIAT_APPS, "auth"):
        # the installed app config says the app has models; the migration's `apps` supplies the models
        create_permissions(global_apps.get_app_config(label), apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    secretariat, _ = Group.objects.get_or_create(name="Secretariat")
    secretariat.permissions.add(*Permission.objects.filter(content_type__app_label__in=SECRETARIAT_APPS))
    secretariat.permissions.add(
        *Permission.objects.filter(content_type__app_label="members", codename__in=SECRETARIAT_USER_PERMISSIONS)
    )


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
