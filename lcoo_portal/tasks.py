"""The project's own task: the worker's heartbeat (lcoo_portal/heartbeat.py)."""

import os
import socket

from celery import shared_task

from lcoo_portal.heartbeat import worker_heartbeat_record


@shared_task(name="lcoo_portal.tasks.heartbeat", ignore_result=True)
def heartbeat() -> None:
    """Beat sends this every minute; a worker running it proves beat, the broker and a worker all work."""
    worker_heartbeat_record(holder=f"{socket.gethostname()}:{os.getpid()}")
