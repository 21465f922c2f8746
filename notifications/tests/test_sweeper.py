"""The sweeper re-queues what was lost, leaves alone what is in flight; the backoff doubles up to a cap."""

from datetime import timedelta

import pytest
from django.utils import timezone

from notifications.models import Announcement, OutboxMessage
from notifications.services.transport import outbox_sweep, retry_delay

pytestmark = pytest.mark.django_db


def row(key: str, **fields) -> OutboxMessage:
    announcement, _ = Announcement.objects.get_or_create(event="test", key="test:sweep", subject="Test")
    return OutboxMessage.objects.create(
        announcement=announcement,
        idempotency_key=key,
        to_email=f"{key}@example.org",
        subject="s",
        body_text="b",
        **fields,
    )


def test_the_sweeper_requeues_lost_pending_rows_and_stale_claims_only(settings, django_capture_on_commit_callbacks):
    now = timezone.now()
    rules = settings.NOTIFICATIONS
    row("lost", next_attempt_at=now - rules["REQUEUE_GRACE"] - timedelta(seconds=1))
    row("just-queued", next_attempt_at=now)
    row("backing-off", next_attempt_at=now + timedelta(minutes=5), attempts=2)
    row("crashed", status="sending", claimed_at=now - rules["CLAIM_TIMEOUT"] - timedelta(seconds=1))
    row("in-flight", status="sending", claimed_at=now)
    row("done", status="sent", sent_at=now)
    row("gave-up", status="failed", attempts=8)
    with django_capture_on_commit_callbacks() as callbacks:
        assert outbox_sweep(now=now) == 2
    assert len(callbacks) == 1


def test_the_backoff_doubles_from_the_base_up_to_the_cap(settings):
    base, cap = settings.NOTIFICATIONS["RETRY_BASE"], settings.NOTIFICATIONS["RETRY_MAX"]
    assert [retry_delay(n) for n in (1, 2, 3)] == [base, base * 2, base * 4]
    assert retry_delay(30) == cap
