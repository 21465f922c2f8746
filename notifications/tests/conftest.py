"""Real components for delivery tests: an SMTP server on loopback, a broker (Redis, the tests' own db;
or on SQLite the filesystem transport of `make run`) and a Celery worker in a thread."""

import os
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
from django.db import connection, connections
from django.utils import timezone

from conftest import skip_or_fail
from members.models import Affiliation, User
from members.tests.factories import CompanyFactory, UserFactory
from notifications.models import ListAddress, OutboxMessage
from notifications.services.transport import message_id, outbox_send_batch, outbox_sweep
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


class Broker:
    """The tests' broker as the fault tests use it: how many task messages wait, and losing them all."""

    def queued(self, queue: str = "celery") -> int:
        raise NotImplementedError

    def flush(self) -> None:
        raise NotImplementedError


class RedisBroker(Broker):
    """Redis (REDIS_URL, a db of the tests' own): PostgreSQL's leg and production's broker."""

    def __init__(self, client) -> None:
        self.client = client

    def queued(self, queue: str = "celery") -> int:
        return self.client.llen(queue)

    def flush(self) -> None:
        self.client.flushdb()


class FilesystemBroker(Broker):
    """kombu's filesystem transport, as `make run` configures it (lcoo_portal/settings.py): one file per
    message, `<time>_<id>.<queue>.msg`, in the queue folder under PORTAL_VAR_DIR."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def queued(self, queue: str = "celery") -> int:
        return sum(1 for path in self.folder.iterdir() if path.name.partition(".")[2] == f"{queue}.msg")

    def flush(self) -> None:
        for path in self.folder.iterdir():
            path.unlink(missing_ok=True)


@pytest.fixture
def broker(settings, monkeypatch) -> Iterator[Broker]:
    """The Celery app's broker, emptied before and after the test: Redis (REDIS_URL, a db of its own), or
    on SQLite without REDIS_URL the filesystem transport of `make run` (the SQLite leg,
    test_delivery_sqlite.py). PostgreSQL without Redis is a configuration CI must not have."""
    from celery import current_app as app

    url = os.environ.get("REDIS_URL", "")
    if url:
        import redis

        client = redis.Redis.from_url(url)
        try:
            client.ping()
        except redis.exceptions.ConnectionError as error:
            skip_or_fail(f"Redis is not reachable at {url}: {error}")
        assert app.conf.broker_url.startswith("redis"), app.conf.broker_url
        chosen: Broker = RedisBroker(client)
    elif connection.vendor == "sqlite" and app.conf.broker_url.startswith("filesystem"):
        chosen = FilesystemBroker(Path(app.conf.broker_transport_options["data_folder_in"]))
    else:
        skip_or_fail("REDIS_URL is not set: the delivery tests need Redis (or SQLite and make run's filesystem broker)")
    chosen.flush()
    # worker threads open their own connections: close them after each task so the test database
    # can be flushed and dropped
    monkeypatch.setitem(connections.settings["default"], "CONN_MAX_AGE", 0)
    app.conf.task_ignore_result = True
    yield chosen
    chosen.flush()


@pytest.fixture
def worker(broker, smtp, request) -> Iterator[Callable[[], AbstractContextManager]]:
    """A factory of real Celery workers (solo pool, in a thread) on the test broker.

    After a test that passed, on either backend: every row whose mail reached the SMTP server is
    "sent", and an hour later (the sweeper's clock moved) nothing is due, and the rows' tasks run once
    more (a redelivered broker message) send nothing.
    """
    from celery import current_app
    from celery.contrib.testing.worker import start_worker

    app = current_app._get_current_object()  # the project's app (lcoo_portal/celery.py), which apps never import

    def make() -> AbstractContextManager:
        return start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30, loglevel="WARNING")

    yield make
    report = request.node.stash.get(CALL_REPORT, None)
    if report is not None and report.passed:
        assert_delivered_rows_sent_and_nothing_sent_an_hour_later(smtp)


def assert_delivered_rows_sent_and_nothing_sent_an_hour_later(smtp: SmtpSink) -> None:
    """Every row whose mail the server accepted is "sent"; the sweeper an hour later re-queues none of them
    (rows written after the last worker stopped may wait, pending), and their tasks run once more send nothing."""
    rows = {message_id(row): row for row in OutboxMessage.objects.all()}
    delivered = {message["Message-ID"] for message in smtp.messages}
    assert delivered <= set(rows), "a mail reached the server that no outbox row sent"
    unmarked = sorted(
        f"#{rows[key].pk} to {rows[key].to_email}: {rows[key].status}"
        for key in delivered
        if rows[key].status != OutboxMessage.Status.SENT
    )
    assert not unmarked, f"rows whose mail the server accepted are not marked sent: {unmarked}"
    delivered_pks = {rows[key].pk for key in delivered}
    with mock.patch("notifications.services.transport.outbox_queue") as queue:
        outbox_sweep(now=timezone.now() + timedelta(hours=1))
    requeued = {pk for call in queue.call_args_list for pk in call.args[0]}
    assert not requeued & delivered_pks, f"a sweep an hour later re-queued delivered rows {requeued & delivered_pks}"
    accepted = smtp.accepted
    again = outbox_send_batch(message_ids=sorted(delivered_pks))
    assert again["sent"] == 0 and smtp.accepted == accepted, f"the delivered rows' tasks run again sent mail: {again}"


CALL_REPORT = pytest.StashKey[pytest.TestReport]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """Keep the outcome of each test's call, for the `worker` fixture's checks after it."""
    report = yield
    if report.when == "call":
        item.stash[CALL_REPORT] = report
    return report


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
