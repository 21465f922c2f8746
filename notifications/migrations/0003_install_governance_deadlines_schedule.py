"""Adds the schedule of the governance deadline scan (votes closing, cure periods ending)."""

from django.db import migrations

NAME = "notifications: votes closing and cure periods ending"


def install(apps, schema_editor) -> None:
    from notifications.schedules import schedules_install

    schedules_install(apps)


def remove(apps, schema_editor) -> None:
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [("notifications", "0002_install_beat_schedules")]

    operations = [migrations.RunPython(install, remove)]
