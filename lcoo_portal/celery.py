"""The Celery app: the broker from the settings (REDIS_URL, or the filesystem default); no result store."""

import os
from pathlib import Path
from typing import Any

from celery import Celery, Task
from celery.signals import task_postrun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lcoo_portal.settings")

app = Celery("lcoo_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_configure.connect
def _create_filesystem_queue(sender: Celery, **kwargs: Any) -> None:
    """The filesystem transport (the embedded default) needs its folders before the first message."""
    options = sender.conf.broker_transport_options or {}
    for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
        if options.get(key):
            Path(options[key]).mkdir(parents=True, exist_ok=True)


@task_postrun.connect
def _count_task_run(sender: Task | None = None, state: str | None = None, **kwargs: Any) -> None:
    """Every task run, by outcome, for the metrics (lcoo_portal/observability.py)."""
    from lcoo_portal.observability import task_run_count

    task_run_count(getattr(sender, "name", "unknown"), (state or "unknown").lower())
