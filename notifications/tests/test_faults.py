"""Faults on the way: the SMTP server refuses for a while, the worker stops or is killed mid-batch,
the broker (Redis, or `make run`'s filesystem queue on the SQLite leg) is flushed with tasks queued.
After recovery every recipient has exactly one copy and the outbox shows all sent."""

import os
import signal
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from notifications.models import Announcement, OutboxMessage
from notifications.services.transport import announcement_retry_failed
from notifications.tasks import sweep_outbox
from notifications.tests.smtp import wait_until
from notifications.tests.test_delivery import all_sent, expected_addresses, publish_agenda

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def sent_count() -> int:
    return OutboxMessage.objects.filter(status=OutboxMessage.Status.SENT).count()


def sweep_until_all_sent(timeout: float = 45) -> bool:
    """What beat does every minute, faster: queue the sweeper until the outbox is all sent."""

    def swept() -> bool:
        if all_sent():
            return True
        sweep_outbox.delay()
        return False

    return wait_until(swept, timeout=timeout, interval=1.5)


def assert_exactly_one_copy_each(smtp, community) -> None:
    copies = smtp.copies_by_recipient()
    assert set(copies) == expected_addresses(community)
    assert set(copies.values()) == {1}, copies
    assert sent_count() == len(copies)


def test_smtp_refusing_for_a_while_then_recovering_delivers_one_copy_each(community, smtp, worker, fast_outbox):
    smtp.refusing = True
    with worker():
        publish_agenda()
        assert wait_until(lambda: smtp.refused >= 12, timeout=30)  # every row refused at least twice
        assert OutboxMessage.objects.filter(status="pending", attempts__gte=1).exclude(last_error="").exists()
        smtp.refusing = False
        assert wait_until(all_sent, timeout=45)
    assert_exactly_one_copy_each(smtp, community)
    assert OutboxMessage.objects.filter(attempts__gte=2).count() == 6


def test_after_the_attempt_limit_a_message_is_failed_with_its_error_and_the_secretariat_can_retry(
    community, smtp, worker, settings
):
    settings.NOTIFICATIONS = {
        **settings.NOTIFICATIONS,
        "MAX_ATTEMPTS": 2,
        "RETRY_BASE": timedelta(milliseconds=100),
    }
    smtp.refusing = True
    with worker():
        publish_agenda()
        assert wait_until(lambda: OutboxMessage.objects.filter(status="failed").count() == 6, timeout=30)
        failed = OutboxMessage.objects.first()
        assert failed.attempts == 2 and "451" in failed.last_error
        smtp.refusing = False
        assert announcement_retry_failed(announcement=Announcement.objects.get()) == 6
        assert wait_until(all_sent, timeout=30)
    assert_exactly_one_copy_each(smtp, community)


def test_a_worker_stopped_mid_batch_and_restarted_delivers_one_copy_each(
    community, smtp, worker, fast_outbox, settings
):
    # a row per task: a stopping worker finishes its task, so the stop falls between rows
    settings.NOTIFICATIONS = {**fast_outbox, "SEND_BATCH": 1}
    smtp.delay = 0.4
    with worker():
        publish_agenda()
        assert wait_until(lambda: smtp.accepted >= 2, timeout=30)
    assert sent_count() < 6, "the worker stopped mid-batch"
    with worker():
        assert sweep_until_all_sent()
    assert_exactly_one_copy_each(smtp, community)


def test_a_worker_killed_mid_send_and_replaced_delivers_one_copy_each(community, smtp, worker, broker, fast_outbox):
    """A real crash: a worker process is SIGKILLed while its SMTP conversation is in progress."""
    smtp.delay = 0.5
    publish_agenda()  # queued on the broker, no worker yet
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "REDIS_URL": os.environ.get("REDIS_URL", ""),
        "PORTAL_VAR_DIR": str(settings.VAR_DIR),  # the filesystem broker's queue, on the SQLite leg
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp.port}",
        "SECRET_KEY": settings.SECRET_KEY,
        "NOTIFICATIONS_CLAIM_TIMEOUT_SECONDS": "3",
        "NOTIFICATIONS_REQUEUE_GRACE_SECONDS": "1",
        "NOTIFICATIONS_RETRY_BASE_SECONDS": "1",
        "CONN_MAX_AGE": "0",
    }
    celery = Path(sys.executable).with_name("celery")
    process = subprocess.Popen(
        [
            str(celery),
            "-A",
            "lcoo_portal",
            "worker",
            "-P",
            "solo",
            "-c",
            "1",
            "-l",
            "WARNING",
            "--without-heartbeat",
            "--without-mingle",
            "--without-gossip",
        ],
        env=env,
        cwd=settings.BASE_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert wait_until(lambda: smtp.accepted >= 2, timeout=60), "the worker process did not start sending"
        # kill it inside the next SMTP conversation: its DATA has begun and is not yet answered
        assert wait_until(lambda: smtp.receiving > smtp.accepted, timeout=60), "no next conversation began"
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    assert sent_count() < 6, "the worker was killed mid-batch"
    with worker():
        assert sweep_until_all_sent(timeout=60)
    assert_exactly_one_copy_each(smtp, community)


def test_a_flushed_broker_loses_the_queued_tasks_and_the_sweeper_requeues_them(
    community, smtp, worker, broker, fast_outbox
):
    publish_agenda()
    assert broker.queued() == 1  # one task for the batch of six rows
    broker.flush()
    with worker():
        # the started worker finds nothing to do: the flush lost every task, the rows wait as pending
        assert broker.queued() == 0 and smtp.receiving == 0, "the tasks were lost with the flush"
        assert OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING).count() == 6
        assert sweep_until_all_sent()
    assert_exactly_one_copy_each(smtp, community)


def _database_url() -> str:
    """The test database, for a worker process of its own (on SQLite a file: see the root conftest)."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
