"""The default beat schedules of notifications/schedules.py as django-celery-beat rows (reversible)."""

from django.db import migrations


def install(apps, schema_editor) -> None:
    from notifications.schedules import schedules_install

    schedules_install(apps)


def remove(apps, schema_editor) -> None:
    from notifications.schedules import schedules_remove

    schedules_remove(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_outbox_announcements_preferences_lists"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(install, remove)]
