"""What /healthz reports: each dependency's state, and whether the pages can be served.

- `database`: the pages need it: down means 503 (a load balancer takes the host out).
- `cache` (Redis): pages are served uncached without it (lcoo_portal/cache.py), so it degrades only.
- `broker`: Redis, or the filesystem transport's folders; without it mail waits in the outbox.
- `worker`: the heartbeat task's last run (lcoo_portal/heartbeat.py); stale means no worker, or no beat.
- `beat`: the age of beat's lock; stale means no beat is running.
- `outbox`: the number of unsent mails and the age of the oldest; older than an hour is degraded.

The overall `status` is "ok", "degraded" (200: the pages work, something behind them does not) or
"down" (503).
"""

from datetime import timedelta
from pathlib import Path

import redis
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

import lcoo_portal
from lcoo_portal.heartbeat import BEAT_LOCK_SECONDS
from lcoo_portal.models import Heartbeat

OUTBOX_STALE = timedelta(hours=1)


def database_status() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any failure to reach the database is "unavailable", never a 500
        return {"status": "unavailable"}
    return {"status": "ok", "vendor": connection.vendor}


def cache_status() -> dict:
    ping = getattr(cache, "ping", None)
    if ping is None:
        return {"status": "not configured", "backend": "process memory"}
    return {"status": "ok" if ping() else "unavailable", "backend": "redis"}


def broker_status() -> dict:
    """'ok' when the Celery broker answers, 'unavailable' when not."""
    if not settings.REDIS_URL:
        folder = settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("data_folder_in", "")
        return {"status": "ok" if folder and Path(folder).is_dir() else "unavailable", "transport": "filesystem"}
    try:
        client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)
        client.ping()
    except redis.RedisError:
        return {"status": "unavailable", "transport": "redis"}
    return {"status": "ok", "transport": "redis"}


def _heartbeat_status(name: str, stale_after: timedelta, beats: dict) -> dict:
    beat = beats.get(name)
    if beat is None:
        return {"status": "missing"}
    age = (timezone.now() - beat.at).total_seconds()
    return {
        "status": "ok" if age <= stale_after.total_seconds() else "stale",
        "last_seen": beat.at.isoformat(),
        "age_seconds": round(age),
        "holder": beat.holder,
    }


def outbox_status() -> dict:
    from notifications.models import OutboxMessage

    unsent = OutboxMessage.objects.filter(status__in=[OutboxMessage.Status.PENDING, OutboxMessage.Status.SENDING])
    oldest = unsent.order_by("created_at").values_list("created_at", flat=True).first()
    if oldest is None:
        return {"status": "ok", "unsent": 0, "oldest_unsent_age_seconds": None}
    age = timezone.now() - oldest
    return {
        "status": "ok" if age <= OUTBOX_STALE else "stale",
        "unsent": unsent.count(),
        "oldest_unsent_age_seconds": round(age.total_seconds()),
    }


def health_report() -> tuple[dict, int]:
    """The report and its HTTP status (503 when the database, which every page needs, is down)."""
    checks = {"database": database_status()}
    checks["cache"] = cache_status()
    checks["broker"] = broker_status()
    if checks["database"]["status"] == "ok":
        beats = {beat.name: beat for beat in Heartbeat.objects.all()}
        checks["worker"] = _heartbeat_status(
            Heartbeat.Name.WORKER, timedelta(seconds=settings.HEALTH_WORKER_STALE_SECONDS), beats
        )
        checks["beat"] = _heartbeat_status(Heartbeat.Name.BEAT, timedelta(seconds=BEAT_LOCK_SECONDS), beats)
        checks["outbox"] = outbox_status()
    else:
        for name in ("worker", "beat", "outbox"):
            checks[name] = {"status": "unknown"}
    if checks["database"]["status"] != "ok":
        status = "down"
    elif all(check["status"] in ("ok", "not configured") for check in checks.values()):
        status = "ok"
    else:
        status = "degraded"
    return {"status": status, "version": lcoo_portal.__version__, "checks": checks}, 503 if status == "down" else 200
