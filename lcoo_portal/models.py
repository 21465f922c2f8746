"""The project package's one model: the background processes' signs of life (lcoo_portal/heartbeat.py)."""

from django.db import models


class Heartbeat(models.Model):
    """The last sign of life of a background process: the worker's heartbeat task, and beat's lock."""

    class Name(models.TextChoices):
        WORKER = "worker", "Celery worker"
        BEAT = "beat", "Celery beat"

    name = models.CharField(max_length=10, choices=Name.choices, primary_key=True)
    # who: the worker that ran the last heartbeat task, or the beat that holds the lock (host:pid)
    holder = models.CharField(max_length=200, blank=True)
    at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} ({self.holder}) at {self.at:%Y-%m-%d %H:%M:%S}"
