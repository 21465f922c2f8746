"""The beat schedules of the time as django-celery-beat rows (reversible); a frozen copy, not the live list."""

from django.db import migrations

SCHEDULES = [
    {
        "name": "notifications: sweep the outbox",
        "task": "notifications.tasks.sweep_outbox",
        "interval": {"every": 1, "period": "minutes"},
    },
    {
        "name": "notifications: meeting reminders (24 h ahead)",
        "task": "notifications.tasks.scan_meeting_reminders",
        "crontab": {"minute": "*/15", "hour": "*", "day_of_month": "*", "month_of_year": "*", "day_of_week": "*"},
    },
    {
        "name": "notifications: agendas still drafts",
        "task": "notifications.tasks.scan_agenda_drafts",
        "crontab": {"minute": "5", "hour": "*", "day_of_month": "*", "month_of_year": "*", "day_of_week": "*"},
    },
    {
        "name": "notifications: quarterly roadmap reminder",
        "task": "notifications.tasks.send_roadmap_reminder",
        "crontab": {"minute": "0", "hour": "8", "day_of_month": "1-3", "month_of_year": "1,4,7,10", "day_of_week": "*"},
    },
    {
        "name": "notifications: quarterly FTE confirmation",
        "task": "notifications.tasks.send_fte_confirmations",
        "crontab": {
            "minute": "10",
            "hour": "8",
            "day_of_month": "1-3",
            "month_of_year": "1,4,7,10",
            "day_of_week": "*",
        },
    },
    {
        "name": "notifications: monthly board re-alignment",
        "task": "notifications.tasks.send_realignment_reminder",
        "crontab": {"minute": "0", "hour": "8", "day_of_month": "1", "month_of_year": "*", "day_of_week": "*"},
    },
    {
        "name": "notifications: weekly action-item digest",
        "task": "notifications.tasks.send_action_digests",
        "crontab": {"minute": "0", "hour": "7", "day_of_month": "*", "month_of_year": "*", "day_of_week": "1"},
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
    dependencies = [
        ("notifications", "0001_outbox_announcements_preferences_lists"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(install, remove)]
