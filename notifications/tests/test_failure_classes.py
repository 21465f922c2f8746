"""The outbox tells failures apart: a permanent refusal (5xx) fails the message at once with the server's
answer, an unexpected exception fails it with the error instead of leaving it 'sending', and every
attempt carries the same Message-ID so a receiver can drop a duplicate."""

import pytest
from django.urls import reverse

from notifications.models import Announcement, OutboxMessage
from notifications.services import transport
from notifications.services.announcements import Recipient, announcement_create
from notifications.services.transport import outbox_send, outbox_sweep

pytestmark = [pytest.mark.services, pytest.mark.django_db]


@pytest.fixture
def two_rows(db, django_capture_on_commit_callbacks) -> list[int]:
    with django_capture_on_commit_callbacks(execute=False):
        announcement_create(
            event="test",
            key="test:failures",
            subject="Hello",
            template="realignment_reminder",
            recipients=[Recipient(email="known@example.org"), Recipient(email="gone@example.org")],
            context_for=lambda recipient: {"month": None},
        )
    return list(OutboxMessage.objects.order_by("to_email").values_list("pk", flat=True))


def test_a_permanent_refusal_of_the_message_fails_it_at_once_with_the_servers_answer(smtp, fast_outbox, two_rows):
    smtp.refusing = True
    smtp.refusal = "550 5.7.1 Message rejected as spam"
    assert outbox_send(message_id=two_rows[0]) == "failed"
    message = OutboxMessage.objects.get(pk=two_rows[0])
    assert message.status == "failed" and message.attempts == 1 and message.claimed_at is None
    assert "550 5.7.1 Message rejected as spam" in message.last_error


def test_an_unknown_recipient_fails_at_once_and_the_delivery_page_shows_the_answer(
    smtp, fast_outbox, two_rows, client_for, secretariat
):
    smtp.unknown_recipients = {"gone@example.org"}
    gone, known = two_rows
    assert outbox_send(message_id=gone) == "failed"
    assert outbox_send(message_id=known) == "sent"
    failed = OutboxMessage.objects.get(pk=gone)
    assert failed.status == "failed" and failed.attempts == 1
    assert "550 5.1.1 <gone@example.org>: Recipient address rejected: User unknown" in failed.last_error
    page = client_for(secretariat).get(reverse("notifications:detail", args=[Announcement.objects.get().pk]))
    assert "Recipient address rejected: User unknown" in page.content.decode()


def test_a_temporary_refusal_is_still_retried(smtp, fast_outbox, two_rows):
    smtp.refusing = True
    assert outbox_send(message_id=two_rows[0]) == "retry"
    assert OutboxMessage.objects.get(pk=two_rows[0]).status == "pending"


def test_an_unexpected_exception_fails_the_message_with_the_error_and_never_leaves_it_sending(
    smtp, fast_outbox, two_rows, monkeypatch
):
    def broken(message, connection):
        raise ValueError("attachment has no content")

    monkeypatch.setattr(transport, "_email", broken)
    assert outbox_send(message_id=two_rows[0]) == "failed"
    message = OutboxMessage.objects.get(pk=two_rows[0])
    assert message.status == "failed" and message.claimed_at is None
    assert "ValueError: attachment has no content" in message.last_error
    assert outbox_sweep() == 0, "a failed message is not re-queued by the sweeper"


def test_every_attempt_of_a_message_carries_the_same_message_id(smtp, fast_outbox, two_rows):
    known = two_rows[1]
    assert outbox_send(message_id=known) == "sent"
    # the crash window: the server accepted the mail but the worker died before marking it sent
    OutboxMessage.objects.filter(pk=known).update(status="pending", sent_at=None)
    assert outbox_send(message_id=known) == "sent"
    first, second = smtp.messages
    assert first["Message-ID"] == second["Message-ID"]
    assert first["Message-ID"] == transport.message_id(OutboxMessage.objects.get(pk=known))
    assert first["Message-ID"].endswith("@example.org>")


def test_two_messages_have_different_message_ids(smtp, fast_outbox, two_rows):
    assert [outbox_send(message_id=pk) for pk in two_rows] == ["sent", "sent"]
    assert len({m["Message-ID"] for m in smtp.messages}) == 2
