"""The background processes' signs of life (lcoo_portal/heartbeat.py) and the worker's heartbeat schedule
(every minute, lcoo_portal.tasks.heartbeat); frozen data."""

from django.db import migrations, models

SCHEDULES = [
    {
        "name": "portal: worker heartbeat (for /healthz)",
        "task": "lcoo_portal.tasks.heartbeat",
        "interval": {"every": 1, "period": "minutes"},
    },
]


def install(apps, schema_editor) -> None:
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    for entry in SCHEDULES:
        interval, _ = IntervalSchedule.objects.get_or_create(**entry["interval"])
        defaults = {"task": entry["task"], "enabled": True, "interval": interval, "crontab": None}
        PeriodicTask.objects.update_or_create(name=entry["name"], defaults=defaults)


def remove(apps, schema_editor) -> None:
    names = [entry["name"] for entry in SCHEDULES]
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name__in=names).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("lcoo_portal", "0004_secretariat_views_register"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        migrations.CreateModel(
            name="Heartbeat",
            fields=[
                (
                    "name",
                    models.CharField(
                        choices=[("worker", "Celery worker"), ("beat", "Celery beat")],
                        max_length=10,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                ("holder", models.CharField(blank=True, max_length=200)),
                ("at", models.DateTimeField()),
            ],
        ),
        migrations.RunPython(install, remove),
    ]
