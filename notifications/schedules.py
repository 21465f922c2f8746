"""Every beat schedule of the portal, in one place; a data migration creates them as django-celery-beat
rows (editable in the admin) and `sync_schedules` restores the defaults.

Quarterly runs use day_of_month with month_of_year='1,4,7,10' (month_of_year='*/3' alone would fire on
every day of those months); the task itself fires only on the first working day of those days.
The migrations that installed them keep their own frozen copies. `sends_mail` marks the schedules the
Secretariat may retime or turn off on its own pages (notifications/services/settings.py); the others are
the installation's.
"""

from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

SCHEDULES: list[dict] = [
    {
        "name": "notifications: sweep the outbox",
        "task": "notifications.tasks.sweep_outbox",
        "interval": {"every": 1, "period": "minutes"},
    },
    {
        "name": "notifications: meeting reminders (24 h ahead)",
        "task": "notifications.tasks.scan_meeting_reminders",
        "sends_mail": True,
        "crontab": {"minute": "*/15", "hour": "*", "day_of_month": "*", "month_of_year": "*", "day_of_week": "*"},
    },
    {
        "name": "notifications: agendas still drafts",
        "task": "notifications.tasks.scan_agenda_drafts",
        "sends_mail": True,
        "crontab": {"minute": "5", "hour": "*", "day_of_month": "*", "month_of_year": "*", "day_of_week": "*"},
    },
    {
        "name": "notifications: votes closing and cure periods ending",
        "task": "notifications.tasks.scan_governance_deadlines",
        "sends_mail": True,
        "crontab": {"minute": "20", "hour": "*", "day_of_month": "*", "month_of_year": "*", "day_of_week": "*"},
    },
    {
        "name": "governance: close motions past their deadline",
        "task": "governance.tasks.close_due_motions",
        "interval": {"every": 5, "period": "minutes"},
    },
    {
        "name": "notifications: quarterly roadmap reminder",
        "task": "notifications.tasks.send_roadmap_reminder",
        "sends_mail": True,
        "crontab": {"minute": "0", "hour": "8", "day_of_month": "1-3", "month_of_year": "1,4,7,10", "day_of_week": "*"},
    },
    {
        "name": "notifications: quarterly FTE confirmation",
        "task": "notifications.tasks.send_fte_confirmations",
        "sends_mail": True,
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
        "sends_mail": True,
        "crontab": {"minute": "0", "hour": "8", "day_of_month": "1", "month_of_year": "*", "day_of_week": "*"},
    },
    {
        # the worker's sign of life for /healthz (lcoo_portal/heartbeat.py); installed by lcoo_portal 0004
        "name": "portal: worker heartbeat (for /healthz)",
        "task": "lcoo_portal.tasks.heartbeat",
        "interval": {"every": 1, "period": "minutes"},
    },
    {
        "name": "notifications: weekly action-item digest",
        "task": "notifications.tasks.send_action_digests",
        "sends_mail": True,
        "crontab": {"minute": "0", "hour": "7", "day_of_month": "*", "month_of_year": "*", "day_of_week": "1"},
    },
]


def schedules_install() -> None:
    """Create or update the PeriodicTask rows of SCHEDULES (UTC): the defaults `sync_schedules` restores."""
    for entry in SCHEDULES:
        defaults = {"task": entry["task"], "enabled": True, "interval": None, "crontab": None}
        if "interval" in entry:
            defaults["interval"], _ = IntervalSchedule.objects.get_or_create(**entry["interval"])
        else:
            defaults["crontab"], _ = CrontabSchedule.objects.get_or_create(**entry["crontab"], timezone="UTC")
        PeriodicTask.objects.update_or_create(name=entry["name"], defaults=defaults)
