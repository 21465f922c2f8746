"""The Celery app: broker and result store from the settings (REDIS_URL, or the filesystem default)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lcoo_portal.settings")

app = Celery("lcoo_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
