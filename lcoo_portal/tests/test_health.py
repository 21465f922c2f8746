"""/healthz tells the truth: each dependency's state, 503 only when the pages cannot be served."""

from datetime import timedelta

import pytest
from django.db import OperationalError
from django.test import Client
from django.utils import timezone

import lcoo_portal
from conftest import skip_or_fail
from lcoo_portal.heartbeat import worker_heartbeat_record
from lcoo_portal.models import Heartbeat
from notifications.models import Announcement, OutboxMessage


def fresh_beats() -> None:
    worker_heartbeat_record(holder="worker-host:1")
    Heartbeat.objects.create(name=Heartbeat.Name.BEAT, holder="beat-host:2", at=timezone.now())


@pytest.mark.django_db
def test_healthz_reports_every_dependency_and_the_version(client: Client, settings):
    fresh_beats()
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["version"] == lcoo_portal.__version__
    checks = body["checks"]
    assert set(checks) == {"database", "cache", "broker", "worker", "beat", "outbox"}
    assert checks["database"]["status"] == "ok"
    assert checks["broker"]["status"] == "ok"
    assert checks["cache"]["status"] == ("ok" if settings.REDIS_URL else "not configured")
    assert checks["worker"]["status"] == "ok" and checks["worker"]["holder"] == "worker-host:1"
    assert checks["beat"]["status"] == "ok"
    assert checks["outbox"] == {"status": "ok", "unsent": 0, "oldest_unsent_age_seconds": None}
    assert body["status"] == "ok"


@pytest.mark.django_db
def test_no_worker_heartbeat_yet_is_degraded_not_down(client: Client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"]["worker"] == {"status": "missing"}
    assert response.json()["status"] == "degraded"


@pytest.mark.django_db
def test_a_stale_worker_heartbeat_is_degraded(client: Client, settings):
    fresh_beats()
    Heartbeat.objects.filter(name="worker").update(
        at=timezone.now() - timedelta(seconds=settings.HEALTH_WORKER_STALE_SECONDS + 5)
    )
    body = client.get("/healthz").json()
    assert body["checks"]["worker"]["status"] == "stale"
    assert body["status"] == "degraded"


@pytest.mark.django_db
def test_the_oldest_unsent_mail_is_reported_and_an_hour_old_one_degrades(client: Client):
    fresh_beats()
    announcement = Announcement.objects.create(event="test", key="test:health", subject="Test")
    two_hours_ago = timezone.now() - timedelta(hours=2)
    OutboxMessage.objects.create(
        announcement=announcement,
        to_email="a@example.org",
        idempotency_key="a",
        subject="s",
        body_text="b",
        created_at=two_hours_ago,
    )
    OutboxMessage.objects.create(
        announcement=announcement, to_email="b@example.org", idempotency_key="b", subject="s", body_text="b"
    )
    OutboxMessage.objects.create(
        announcement=announcement,
        to_email="c@example.org",
        idempotency_key="c",
        subject="s",
        body_text="b",
        created_at=two_hours_ago - timedelta(hours=1),
        status=OutboxMessage.Status.FAILED,
    )
    outbox = client.get("/healthz").json()["checks"]["outbox"]
    assert outbox["unsent"] == 2 and outbox["status"] == "stale"
    assert 7190 <= outbox["oldest_unsent_age_seconds"] <= 7300


@pytest.mark.django_db
def test_healthz_says_broker_unavailable_when_redis_does_not_answer(client: Client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    body = client.get("/healthz").json()
    assert body["checks"]["broker"]["status"] == "unavailable"
    assert body["status"] == "degraded"


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_does_not_answer(client: Client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr("lcoo_portal.health.connection.cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "down"
    assert response.json()["checks"]["database"]["status"] == "unavailable"


@pytest.mark.django_db
def test_a_plain_http_probe_is_answered_not_redirected(client: Client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/").status_code == 301  # every other page still goes to https


@pytest.mark.django_db
def test_healthz_refuses_post(client: Client):
    assert client.post("/healthz").status_code == 405


@pytest.mark.django_db
def test_ci_runs_against_postgresql_and_redis(settings):
    """In CI the suite must exercise the real services, never the embedded defaults."""
    from django.db import connection

    if connection.vendor != "postgresql":
        skip_or_fail("DATABASE_URL does not point at PostgreSQL")
    if not settings.REDIS_URL:
        skip_or_fail("REDIS_URL is not set")
    assert settings.CACHES["default"]["BACKEND"] == "lcoo_portal.cache.TolerantRedisCache"
