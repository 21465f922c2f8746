"""Real components for delivery tests: an SMTP server on loopback, Redis (the tests' own db) and a
Celery worker in a thread."""

import os
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from datetime import timedelta

import pytest
from django.db import connections

from conftest import skip_or_fail
from members.models import Affiliation, User
from members.tests.factories import CompanyFactory, UserFactory
from notifications.models import ListAddress
from notifications.tests.smtp import SmtpSink, smtp_sink

FAST = {
    "MAX_ATTEMPTS": 8,
    "RETRY_BASE": timedelta(milliseconds=200),
    "RETRY_MAX": timedelta(seconds=1),
    "CLAIM_TIMEOUT": timedelta(seconds=3),
    "REQUEUE_GRACE": timedelta(seconds=1),
    "SMTP_TIMEOUT": 10,
    "UNSUBSCRIBE_MAX_AGE": timedelta(days=730),
}


@pytest.fixture
def fast_outbox(settings) -> dict:
    settings.NOTIFICATIONS = FAST
    return FAST


@pytest.fixture
def smtp(settings) -> Iterator[SmtpSink]:
    """A real SMTP server on 127.0.0.1, and Django's SMTP backend pointed at it."""
    with smtp_sink() as (handler, port):
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = port
        settings.EMAIL_HOST_USER = ""
        settings.EMAIL_HOST_PASSWORD = ""
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_USE_SSL = False
        handler.port = port
        yield handler


@pytest.fixture
def broker(settings, monkeypatch):
    """The Celery app on Redis (REDIS_URL, a db of its own), emptied before and after the test."""
    import redis
    from celery import current_app as app

    url = os.environ.get("REDIS_URL", "")
    if not url:
        skip_or_fail("REDIS_URL is not set: the delivery tests need Redis")
    client = redis.Redis.from_url(url)
    try:
        client.ping()
    except redis.exceptions.ConnectionError as error:
        skip_or_fail(f"Redis is not reachable at {url}: {error}")
    assert app.conf.broker_url.startswith("redis"), app.conf.broker_url
    client.flushdb()
    # worker threads open their own connections: close them after each task so the test database
    # can be flushed and dropped
    monkeypatch.setitem(connections.settings["default"], "CONN_MAX_AGE", 0)
    app.conf.task_ignore_result = True
    yield client
    client.flushdb()


@pytest.fixture
def worker(broker) -> Callable[[], AbstractContextManager]:
    """A factory of real Celery workers (solo pool, in a thread) on the test broker."""
    from celery import current_app
    from celery.contrib.testing.worker import start_worker

    app = current_app._get_current_object()  # the project's app (lcoo_portal/celery.py), which apps never import

    def make() -> AbstractContextManager:
        return start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30, loglevel="WARNING")

    return make


@pytest.fixture
def community(db) -> dict:
    """Five people at two companies, one without an affiliation (not a subscriber) and a mailing list."""
    att = CompanyFactory(name="AT&T", slug="att")
    ntt = CompanyFactory(name="NTT", slug="ntt")
    people: list[User] = []
    for index, (company, zone) in enumerate(
        [(att, "America/Chicago"), (att, "Europe/Paris"), (ntt, "Asia/Tokyo"), (ntt, "UTC"), (att, "UTC")]
    ):
        user = UserFactory(email=f"person{index}@example.org", time_zone=zone)
        Affiliation.objects.create(user=user, company=company)
        people.append(user)
    outsider = UserFactory(email="outsider@example.org")
    mailing_list = ListAddress.objects.create(
        address="community@lists.example.org", name="Community list", kinds=["announcements", "minutes"]
    )
    return {"people": people, "outsider": outsider, "list": mailing_list}


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
