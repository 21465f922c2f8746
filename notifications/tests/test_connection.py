"""A worker keeps one SMTP connection open between messages; a connection the server dropped is an
SMTP error (the message is retried, on a fresh connection), and a quiet one is checked before use."""

import pytest

from notifications.models import OutboxMessage
from notifications.services import transport
from notifications.services.announcements import Recipient, announcement_create
from notifications.services.transport import outbox_send
from notifications.tests.smtp import outbox_deliver_pending

pytestmark = [pytest.mark.services, pytest.mark.django_db]


@pytest.fixture
def three_rows(db, django_capture_on_commit_callbacks) -> list[int]:
    with django_capture_on_commit_callbacks(execute=False):
        announcement_create(
            event="test",
            key="test:connection",
            subject="Hello",
            template="realignment_reminder",
            recipients=[Recipient(email=f"person{index}@example.org") for index in range(3)],
            context_for=lambda recipient: {"month": None},
        )
    return list(OutboxMessage.objects.order_by("pk").values_list("pk", flat=True))


def test_one_connection_carries_every_message(smtp, fast_outbox, three_rows):
    assert outbox_deliver_pending() == ["sent", "sent", "sent"]
    assert smtp.accepted == 3 and smtp.sessions == 1


def test_a_connection_the_server_dropped_is_an_smtp_error_and_the_retry_goes_on_a_fresh_one(
    smtp, fast_outbox, three_rows
):
    first, second, third = three_rows
    assert outbox_send(message_id=first) == "sent"
    smtp.restart()
    assert outbox_send(message_id=second) == "retry"
    failed = OutboxMessage.objects.get(pk=second)
    assert failed.status == "pending" and failed.attempts == 1
    assert failed.last_error.startswith(("SMTPServerDisconnected", "ConnectionResetError", "BrokenPipeError"))
    assert outbox_send(message_id=third) == "sent", "the next message reopens"
    OutboxMessage.objects.filter(pk=second).update(next_attempt_at=failed.created_at)
    assert outbox_send(message_id=second) == "sent"
    assert smtp.copies_by_recipient() == {f"person{index}@example.org": 1 for index in range(3)}
    assert smtp.sessions == 2


def test_a_quiet_connection_that_no_longer_answers_is_replaced_before_sending(
    smtp, fast_outbox, three_rows, monkeypatch
):
    first, second, _ = three_rows
    assert outbox_send(message_id=first) == "sent"
    smtp.restart()
    monkeypatch.setattr(transport, "CONNECTION_IDLE_CHECK_SECONDS", 0.0)
    assert outbox_send(message_id=second) == "sent"
    assert OutboxMessage.objects.get(pk=second).attempts == 1
    assert smtp.sessions == 2
