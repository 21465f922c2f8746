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


def test_a_stale_claim_taken_again_counts_an_attempt_and_says_why(settings):
    from notifications.services.transport import _claim_many

    now = timezone.now()
    stale = row("crashed", status="sending", claimed_at=now - settings.NOTIFICATIONS["CLAIM_TIMEOUT"] * 2, attempts=1)
    assert [m.pk for m in _claim_many([stale.pk], now)] == [stale.pk]
    stale.refresh_from_db()
    assert (stale.status, stale.attempts, stale.claimed_at) == ("sending", 2, now)
    assert "stopped without recording the outcome" in stale.last_error


def test_a_claim_that_keeps_going_stale_fails_at_the_attempt_limit_with_the_reason(
    settings, django_capture_on_commit_callbacks
):
    from notifications.services.transport import _claim_many

    now = timezone.now()
    limit = settings.NOTIFICATIONS["MAX_ATTEMPTS"]
    stale = row(
        "crashed", status="sending", claimed_at=now - settings.NOTIFICATIONS["CLAIM_TIMEOUT"] * 2, attempts=limit - 1
    )
    assert _claim_many([stale.pk], now) == []
    stale.refresh_from_db()
    assert (stale.status, stale.attempts, stale.claimed_at) == ("failed", limit, None)
    assert "attempt limit" in stale.last_error
    with django_capture_on_commit_callbacks() as callbacks:
        assert outbox_sweep(now=now + timedelta(hours=1)) == 0
    assert callbacks == []


def test_a_sent_row_is_never_due_again(settings):
    now = timezone.now()
    row("done", status="sent", sent_at=now, claimed_at=now)
    assert outbox_sweep(now=now + timedelta(days=1)) == 0
