"""A real SMTP server on loopback (aiosmtpd) for the delivery tests and the fan-out benchmark."""

import asyncio
import email
import email.policy
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from email.message import EmailMessage

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SmtpSink:
    """An aiosmtpd handler that keeps every accepted message; it can refuse (451 by default, or the
    `refusal` set, e.g. a permanent 550), reject some recipients for good, or answer slowly."""

    def __init__(self, keep: bool = True) -> None:
        self.keep = keep
        self.messages: list[EmailMessage] = []
        self.accepted = 0
        self.refused = 0
        self.sessions = 0  # EHLO greetings: one per SMTP connection
        self.receiving = 0  # DATA commands begun (accepted, refused, or cut off by a crash)
        self.refusing = False
        self.refusal = "451 4.3.0 Mailbox temporarily unavailable, try again later"
        self.unknown_recipients: set[str] = set()
        self.delay = 0.0
        self._lock = threading.Lock()

    async def handle_EHLO(self, server, session, envelope, hostname: str, responses: list[str]) -> list[str]:
        session.host_name = hostname
        with self._lock:
            self.sessions += 1
        return responses

    async def handle_RCPT(self, server, session, envelope, address: str, rcpt_options: list[str]) -> str:
        if address.lower() in self.unknown_recipients:
            with self._lock:
                self.refused += 1
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:
        with self._lock:
            self.receiving += 1
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.refusing:
            with self._lock:
                self.refused += 1
            return self.refusal
        with self._lock:
            self.accepted += 1
            if self.keep:
                self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 Message accepted for delivery"

    def restart(self) -> None:
        """Stop the server and start a new one on the same port: every client connection is dropped."""
        self.controller.stop()
        self.controller = Controller(self, hostname=self.controller.hostname, port=self.controller.port)
        self.controller.start()

    def copies_by_recipient(self) -> Counter:
        with self._lock:
            return Counter(message["To"].lower() for message in self.messages)


@contextmanager
def smtp_sink(keep: bool = True) -> Iterator[tuple[SmtpSink, int]]:
    """Run the sink on 127.0.0.1 and a free port; yields (handler, port)."""
    handler = SmtpSink(keep=keep)
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    handler.controller = controller
    try:
        yield handler, port
    finally:
        handler.controller.stop()


def wait_until(predicate: Callable[[], bool], timeout: float = 30.0, interval: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()


def outbox_deliver_pending() -> list[str]:
    """Send every pending outbox row in this thread, as the worker would: for tests without a worker
    (capture the on-commit queueing with `django_capture_on_commit_callbacks(execute=False)`)."""
    from notifications.models import OutboxMessage
    from notifications.services.transport import outbox_send

    pending = OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING).order_by("pk")
    return [outbox_send(message_id=message_id) for message_id in pending.values_list("pk", flat=True)]
