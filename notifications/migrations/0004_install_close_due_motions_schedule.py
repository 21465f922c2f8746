"""Adds the schedule that closes governance motions past their deadline (every 5 minutes); frozen data."""

from django.db import migrations

SCHEDULES = [
    {
        "name": "governance: close motions past their deadline",
        "task": "governance.tasks.close_due_motions",
        "interval": {"every": 5, "period": "minutes"},
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
    dependencies = [("notifications", "0003_install_governance_deadlines_schedule")]

    operations = [migrations.RunPython(install, remove)]
