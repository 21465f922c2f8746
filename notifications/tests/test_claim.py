"""Claims: one row's claim never blocks another row's, and a row claimed elsewhere is skipped."""

import threading

import pytest
from django.db import connection, transaction
from django.utils import timezone

from notifications.models import Announcement, OutboxMessage
from notifications.services.transport import _claim

pytestmark = pytest.mark.django_db(transaction=True)


def rows(n: int) -> list[OutboxMessage]:
    announcement = Announcement.objects.create(event="test", key="test:claims", subject="Test")
    return [
        OutboxMessage.objects.create(
            announcement=announcement, idempotency_key=f"k{i}", to_email=f"p{i}@example.org", subject="s", body_text="b"
        )
        for i in range(n)
    ]


def in_other_thread(function):
    result = {}

    def run() -> None:
        try:
            result["value"] = function()
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(10)
    return result["value"]


def test_a_row_being_claimed_does_not_stop_the_claim_of_a_sibling_row():
    first, second = rows(2)
    with transaction.atomic():
        # another worker, mid-claim on the first row of the same announcement (its lock still held)
        assert _claim(first.pk, timezone.now()) is not None
        claimed = in_other_thread(lambda: _claim(second.pk, timezone.now()))
        skipped = in_other_thread(lambda: _claim(first.pk, timezone.now()))
    assert claimed is not None and claimed.status == "sending"
    assert skipped is None


def test_a_row_is_claimed_once():
    (row,) = rows(1)
    assert _claim(row.pk, timezone.now()) is not None
    assert _claim(row.pk, timezone.now()) is None
