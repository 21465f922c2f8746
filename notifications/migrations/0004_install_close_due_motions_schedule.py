"""Adds the schedule that closes governance motions past their deadline (every 5 minutes)."""

from django.db import migrations

NAME = "governance: close motions past their deadline"


def install(apps, schema_editor) -> None:
    from notifications.schedules import schedules_install

    schedules_install(apps)


def remove(apps, schema_editor) -> None:
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [("notifications", "0003_install_governance_deadlines_schedule")]

    operations = [migrations.RunPython(install, remove)]
