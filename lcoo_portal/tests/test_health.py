import pytest
from django.db import OperationalError
from django.test import Client

from conftest import skip_or_fail


@pytest.mark.django_db
def test_healthz_reports_database_and_broker(client: Client, settings):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["database"] == "ok"
    expected = "ok" if settings.REDIS_URL else "not configured"
    assert body["broker"] == expected


@pytest.mark.django_db
def test_healthz_says_broker_unavailable_when_redis_does_not_answer(client: Client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    assert client.get("/healthz").json()["broker"] == "unavailable"


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_does_not_answer(client: Client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr("lcoo_portal.views.connection.cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


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
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
