"""Adds the schedule of the governance deadline scan (votes closing, cure periods ending); frozen data."""

from django.db import migrations

SCHEDULES = [
    {
        "name": "notifications: votes closing and cure periods ending",
        "task": "notifications.tasks.scan_governance_deadlines",
        "crontab": {"minute": "20", "hour": "*", "day_of_month": "*", "month_of_year": "*", "day_of_week": "*"},
    },
]


def install(apps, schema_editor) -> None:
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    for entry in SCHEDULES:
        defaults = {"task": entry["task"], "enabled": True, "interval": None, "crontab": None}
        if "interval" in entry:
            defaults["interval"], _ = IntervalSchedule.objects.get_or_create(**entry["interval"])
        else:
            defaults["crontab"], _ = CrontabSchedule.objects.get_or_create(**entry["crontab"], timezone="UTC")
        PeriodicTask.objects.update_or_create(name=entry["name"], defaults=defaults)


def remove(apps, schema_editor) -> None:
    names = [entry["name"] for entry in SCHEDULES]
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name__in=names).delete()


class Migration(migrations.Migration):
    dependencies = [("notifications", "0002_install_beat_schedules")]

    operations = [migrations.RunPython(install, remove)]
