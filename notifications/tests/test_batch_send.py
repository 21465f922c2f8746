"""A task claims a batch of rows at once and sends them over one connection, marking each as it goes;
two batches over the same rows still send each row once."""

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from notifications.models import OutboxMessage
from notifications.services import transport
from notifications.services.transport import _claim_many, outbox_queue, outbox_send_batch
from notifications.tests.test_claim import in_other_thread, rows

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_batch_sends_every_due_row_once_and_marks_each_sent():
    batch = rows(5)
    outcomes = outbox_send_batch(message_ids=[m.pk for m in batch])
    assert outcomes == {"sent": 5, "retry": 0, "failed": 0, "skipped": 0}
    assert len(mail.outbox) == 5
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {"sent"}
    again = outbox_send_batch(message_ids=[m.pk for m in batch])
    assert again["sent"] == 0 and again["skipped"] == 5 and len(mail.outbox) == 5


def test_rows_claimed_by_another_batch_are_skipped_not_waited_for():
    batch = rows(4)
    ids = [m.pk for m in batch]
    with transaction.atomic():
        mine = _claim_many(ids[:2], timezone.now())  # another worker mid-claim, its locks held
        theirs = in_other_thread(lambda: [m.pk for m in _claim_many(ids, timezone.now())])
    assert [m.pk for m in mine] == ids[:2]
    assert theirs == ids[2:]


def test_a_failed_mail_in_a_batch_is_retried_and_the_rest_are_sent(settings, monkeypatch):
    import smtplib

    batch = rows(3)
    real = transport._email
    calls = []

    def flaky(message, connection):
        calls.append(message.pk)
        if message.pk == batch[1].pk:
            raise smtplib.SMTPServerDisconnected("gone")
        return real(message, connection)

    monkeypatch.setattr(transport, "_email", flaky)
    outcomes = outbox_send_batch(message_ids=[m.pk for m in batch])
    assert outcomes["sent"] == 2 and outcomes["retry"] == 1
    assert OutboxMessage.objects.get(pk=batch[1].pk).status == "pending"


def test_queueing_splits_the_rows_into_batches(monkeypatch, settings):
    settings.NOTIFICATIONS = {**settings.NOTIFICATIONS, "SEND_BATCH": 50}
    from notifications import tasks

    sent = []
    monkeypatch.setattr(tasks.send_outbox_batch, "apply_async", lambda args, countdown=None: sent.append(args[0]))
    outbox_queue(range(120))
    assert [len(batch) for batch in sent] == [50, 50, 20]
