"""Sending the outbox: a task claims a batch of rows and sends them over the worker's one connection
(`outbox_send_batch`, `outbox_send` for one row), a failure is retried with backoff or failed for good,
and `outbox_sweep` re-queues what a crashed worker or a flushed broker lost.
"""

import contextlib
import hashlib
import logging
import secrets
import smtplib
import threading
import time
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import SafeMIMEMultipart, SafeMIMEText
from django.db import connection as database
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from kombu.exceptions import OperationalError

from notifications.models import Announcement, OutboxMessage

logger = logging.getLogger(__name__)


def outbox_queue(ids: Iterable[int], countdown: float | None = None) -> None:
    """One task per batch of rows (settings.NOTIFICATIONS["SEND_BATCH"]): it claims them at once and
    sends them over one connection, instead of a Celery message, a claim and a commit per mail."""
    from notifications.tasks import send_outbox_batch

    ids, size = list(ids), settings.NOTIFICATIONS.get("SEND_BATCH", 50)
    for start in range(0, len(ids), size):
        try:
            send_outbox_batch.apply_async((ids[start : start + size],), countdown=countdown)
        except OperationalError as error:
            # the rows are committed and pending: the sweeper queues them once the broker answers, so
            # the act that wrote them (a page, a command) succeeds instead of answering 500 after commit
            logger.warning(
                "The broker is unreachable (%s): %d mail(s) wait in the outbox for the sweeper", error, len(ids) - start
            )
            return


def _claim(message_id: int, now: datetime) -> OutboxMessage | None:
    """Take the row for this worker: pending and due, or a 'sending' claim gone stale. None if another has it."""
    claimed = _claim_many([message_id], now)
    return claimed[0] if claimed else None


def message_id(message: OutboxMessage) -> str:
    """The Message-ID of an outbox row: the same on every attempt, so a receiver can drop a second copy."""
    digest = hashlib.sha256(message.idempotency_key.encode()).hexdigest()[:16]
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "lcoo.invalid"
    return f"<outbox.{message.pk}.{digest}@{domain}>"


def _claim_many(message_ids: list[int], now: datetime) -> list[OutboxMessage]:
    """Take the rows of a batch that are due and that no other worker holds, in one committed claim."""
    with transaction.atomic():
        # of=("self",): a join on the announcement would lock it too, and then the claims of its other
        # rows, skipping locked rows, would all skip
        due = list(
            OutboxMessage.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(pk__in=message_ids)
            .due(now, grace=timedelta(0))
            .order_by("pk")
        )
        due = [message for message in due if not _stale_claim_given_up(message, now)]
        # still under the row locks: no other claim can take these rows between the SELECT and the UPDATE
        OutboxMessage.objects.filter(pk__in=[m.pk for m in due]).update(
            status=OutboxMessage.Status.SENDING, claimed_at=now
        )
    for message in due:
        message.status, message.claimed_at = OutboxMessage.Status.SENDING, now
    return due


def _stale_claim_given_up(message: OutboxMessage, now: datetime) -> bool:
    """Count a stale 'sending' claim as a failed attempt (its worker stopped mid-send, whether the server
    took the mail is unknown); at the attempt limit fail it with the reason and say True (not sent again)."""
    if message.status != OutboxMessage.Status.SENDING:
        return False
    message.attempts += 1
    claimed = f"{message.claimed_at:%Y-%m-%d %H:%M:%S} UTC"
    message.last_error = f"The worker sending it stopped without recording the outcome (claimed {claimed})."
    row = OutboxMessage.objects.filter(pk=message.pk)
    if message.attempts >= settings.NOTIFICATIONS["MAX_ATTEMPTS"]:
        message.status = OutboxMessage.Status.FAILED
        message.last_error += " Gave up at the attempt limit: it may have been delivered."
        row.update(status=message.status, attempts=message.attempts, last_error=message.last_error, claimed_at=None)
        return True
    row.update(attempts=message.attempts, last_error=message.last_error)
    return False


class OutboxEmail(EmailMultiAlternatives):
    """A mail of the outbox, whose MIME boundaries are set when it is built.

    Left unset, the generator picks a random boundary per multipart and compiles a regular expression
    to search the whole text for it, which was half the time spent serialising a mail. A boundary
    carrying 128 random bits drawn here cannot occur in the text by chance, and no text can aim at it.
    """

    def message(self) -> SafeMIMEText | SafeMIMEMultipart:
        mime = super().message()
        token = secrets.token_hex(16)
        for index, part in enumerate(mime.walk()):
            if part.is_multipart():
                part.set_boundary(f"=_lcoo.{token}.{index}")
        return mime


def _email(message: OutboxMessage, connection: BaseEmailBackend) -> OutboxEmail:
    """The mail of an outbox row, on `connection`: the row's rendered parts, attachments and headers."""
    email = OutboxEmail(
        subject=message.subject,
        body=message.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to_email],
        headers={
            **message.headers,
            "Message-ID": message_id(message),
            "X-LCOO-Message-Key": message.idempotency_key,
        },
        connection=connection,
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    for attachment in message.attachments:
        email.attach(attachment["filename"], attachment["content"], attachment.get("mimetype"))
    return email


# One mail connection per worker process (a thread-local: a test worker runs in a thread), opened on
# the first message and kept between messages, instead of a TCP connection, EHLO and QUIT per mail.
_worker = threading.local()
# a connection idle this long is checked with a NOOP before use: the server may have closed it meanwhile
CONNECTION_IDLE_CHECK_SECONDS = 10.0


def _mail_settings() -> tuple[str, str, int, str]:
    return (settings.EMAIL_BACKEND, settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_HOST_USER)


def _alive(connection: BaseEmailBackend) -> bool:
    client = getattr(connection, "connection", None)  # the smtplib client of Django's SMTP backend
    if client is None or not hasattr(client, "noop"):
        return True
    try:
        return client.noop()[0] == 250
    except (smtplib.SMTPException, OSError):
        return False


def mail_connection() -> BaseEmailBackend:
    """This worker's open mail connection: the kept one, or a new one when there is none, the mail
    settings changed or it went quiet and no longer answers."""
    connection = getattr(_worker, "connection", None)
    if connection is not None and (
        _worker.settings != _mail_settings()
        or (time.monotonic() - _worker.used_at > CONNECTION_IDLE_CHECK_SECONDS and not _alive(connection))
    ):
        mail_connection_close()
        connection = None
    if connection is None:
        connection = get_connection(timeout=settings.NOTIFICATIONS["SMTP_TIMEOUT"])
        _worker.connection, _worker.settings = connection, _mail_settings()
    # opened here, the backend's send_messages keeps it open after sending instead of closing it
    connection.open()
    _worker.used_at = time.monotonic()
    return connection


def mail_connection_close() -> None:
    """Close this worker's kept connection (after an error, so the next message reopens; at shutdown)."""
    connection = getattr(_worker, "connection", None)
    _worker.connection = None
    if connection is not None:
        with contextlib.suppress(smtplib.SMTPException, OSError):  # gone either way
            connection.close()


def retry_delay(attempts: int) -> timedelta:
    """Exponential backoff after `attempts` failed attempts."""
    rules = settings.NOTIFICATIONS
    return min(rules["RETRY_BASE"] * (2 ** max(attempts - 1, 0)), rules["RETRY_MAX"])


def smtp_permanent_answer(error: Exception) -> str | None:
    """The server's answer when it refused for good (a 5xx reply); None for anything worth retrying."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        answers = [(code, text) for code, text in error.recipients.values() if 500 <= code < 600]
        if answers and len(answers) == len(error.recipients):
            code, text = answers[0]
            return f"{code} {_decoded(text)}"
        return None
    if isinstance(error, smtplib.SMTPResponseException) and 500 <= error.smtp_code < 600:
        return f"{error.smtp_code} {_decoded(error.smtp_error)}"
    return None


def _decoded(text: bytes | str) -> str:
    return text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)


def outbox_send(*, message_id: int, connection: BaseEmailBackend | None = None) -> str:
    """Send one outbox row at most once; returns "sent", "retry", "failed" or "skipped".

    Not one transaction, on purpose: the claim (pending → sending, under a row lock, by a conditional
    UPDATE) commits before the SMTP conversation so that a second task for the same row skips it, and
    the outcome commits after it. Failures are classified: a permanent refusal (an SMTP 5xx reply)
    fails the row at once with the server's answer; a transient one (4xx, a dropped connection, a
    timeout) sends it back to pending with exponential backoff (its retry queued after commit) until the
    attempt limit, then fails it with the error kept; any other exception (a broken attachment, a bug)
    fails it at once with the error, never leaving it 'sending'. Only a worker dying mid-send leaves a
    'sending' claim, which the sweeper retries once stale: if the server had already accepted the mail,
    that retry is the one duplicate, and it carries the same Message-ID (see `message_id`).
    Without a `connection`, the worker's kept connection is used (see `mail_connection`).
    """
    now = timezone.now()
    message = _claim(message_id, now)
    if message is None:
        return "skipped"
    outcome = _send(message, connection)
    if outcome == "sent":
        _mark_sent(message, claimed_at=now)
    return outcome


def outbox_send_batch(*, message_ids: list[int], connection: BaseEmailBackend | None = None) -> dict[str, int]:
    """Claim the due rows among `message_ids` at once, then send them one by one over one connection,
    marking each as it goes; returns how many were sent, retried, failed and skipped.

    The same guarantees as `outbox_send`, row by row: the claim commits before any mail is sent, each
    outcome commits right after its mail (without waiting for the disk, see
    `_outcomes_committed_without_flush`), and rows left 'sending' by a dying worker go to the sweeper.
    """
    now = timezone.now()
    messages = _claim_many(message_ids, now)
    outcomes = {"sent": 0, "retry": 0, "failed": 0, "skipped": len(message_ids) - len(messages)}
    with _outcomes_committed_without_flush():
        for message in messages:
            outcome = _send(message, connection)
            if outcome == "sent":
                _mark_sent(message, claimed_at=now)
            outcomes[outcome] += 1
    return outcomes


@contextlib.contextmanager
def _outcomes_committed_without_flush() -> Iterator[None]:
    """Commit this connection's writes without waiting for PostgreSQL to flush them to disk.

    Waiting for the flush was about 1.1 ms of the 4 ms a mail cost (docs/performance.md). A commit is
    still applied and seen by every other connection at once, so a worker that dies after marking a row
    leaves it marked: a worker's death still re-sends at most the one mail in flight. Only a crash of
    PostgreSQL itself can forget the outcomes of its last moments (up to three times `wal_writer_delay`,
    0.6 s by default); those rows go back to 'sending' and the sweeper sends each of them once more,
    with the same Message-ID.
    """
    if database.vendor != "postgresql":
        yield
        return
    with database.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        with database.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")


def _mark_sent(message: OutboxMessage, *, claimed_at: datetime) -> None:
    """Mark a row this worker claimed at `claimed_at` sent (autocommit: committed here).

    Through the ORM, which writes `claimed_at` in the form the backend stored it: a raw UPDATE passing
    an aware datetime matched nothing on SQLite (naive text there), so no row was ever marked sent and
    the sweeper sent every mail again after the claim timeout.
    """
    marked = OutboxMessage.objects.filter(
        pk=message.pk, status=OutboxMessage.Status.SENDING, claimed_at=claimed_at
    ).update(status=OutboxMessage.Status.SENT, sent_at=timezone.now(), attempts=F("attempts") + 1, last_error="")
    if marked != 1:
        # the claim went stale and was taken over meanwhile (this worker stalled past the claim timeout):
        # the server has the mail, so no later attempt may send it again
        OutboxMessage.objects.filter(pk=message.pk).exclude(status=OutboxMessage.Status.SENT).update(
            status=OutboxMessage.Status.SENT, sent_at=timezone.now(), last_error="", claimed_at=None
        )
        logger.error("Outbox message %s was sent after its claim of %s had gone stale", message.pk, claimed_at)


def _send(message: OutboxMessage, connection: BaseEmailBackend | None = None) -> str:
    """Send a claimed row: "sent" when the server accepted it (the caller marks it), otherwise the
    failure is recorded here and its outcome returned."""
    try:
        _email(message, connection or mail_connection()).send()
    except (smtplib.SMTPException, OSError) as error:
        # a refusal, or a connection the server dropped: start the next message on a fresh one
        if connection is None:
            mail_connection_close()
        answer = smtp_permanent_answer(error)
        if answer is not None:
            return _record_failure(message, error, permanent=f"Refused by the mail server: {answer}")
        return _record_failure(message, error)
    except Exception as error:
        logger.exception("Outbox message %s could not be sent", message.pk)
        if connection is None:
            mail_connection_close()
        return _record_failure(
            message, error, permanent=f"Not sent, an unexpected error: {type(error).__name__}: {error}"
        )
    return "sent"


@transaction.atomic
def _record_failure(message: OutboxMessage, error: Exception, permanent: str = "") -> str:
    """Back to pending for a later attempt, or failed (at the attempt limit, or at once when `permanent`
    says why it will never succeed)."""
    attempts = message.attempts + 1
    text = (permanent or f"{type(error).__name__}: {error}")[:2000]
    mine = OutboxMessage.objects.filter(
        pk=message.pk, status=OutboxMessage.Status.SENDING, claimed_at=message.claimed_at
    )
    if permanent or attempts >= settings.NOTIFICATIONS["MAX_ATTEMPTS"]:
        mine.update(status=OutboxMessage.Status.FAILED, attempts=attempts, last_error=text, claimed_at=None)
        return "failed"
    delay = retry_delay(attempts)
    mine.update(
        status=OutboxMessage.Status.PENDING,
        attempts=attempts,
        last_error=text,
        claimed_at=None,
        next_attempt_at=timezone.now() + delay,
    )
    transaction.on_commit(lambda: outbox_queue([message.pk], countdown=delay.total_seconds()))
    return "retry"


@transaction.atomic
def outbox_sweep(*, now: datetime | None = None, limit: int = 5000) -> int:
    """Re-queue pending rows past due (their task lost with a flushed broker) and stale 'sending' claims.

    A row the sweeper re-queues while its first task still exists is sent once all the same: the
    claim in `outbox_send` lets one task win.
    """
    now = now or timezone.now()
    ids = list(
        OutboxMessage.objects.due(now, grace=settings.NOTIFICATIONS["REQUEUE_GRACE"])
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    if ids:
        transaction.on_commit(lambda: outbox_queue(ids))
    return len(ids)


@transaction.atomic
def announcement_retry_failed(*, announcement: Announcement) -> int:
    """Give the failed rows of an announcement a fresh set of attempts, and queue them."""
    rows = OutboxMessage.objects.select_for_update().filter(
        announcement=announcement, status=OutboxMessage.Status.FAILED
    )
    ids = list(rows.values_list("pk", flat=True))
    OutboxMessage.objects.filter(pk__in=ids, status=OutboxMessage.Status.FAILED).update(
        status=OutboxMessage.Status.PENDING, attempts=0, next_attempt_at=timezone.now(), claimed_at=None
    )
    transaction.on_commit(lambda: outbox_queue(ids))
    return len(ids)
