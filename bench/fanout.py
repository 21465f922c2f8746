"""Fan-out benchmark: one announcement to N recipients (default 5,000) through a real Celery worker on
Redis to a local aiosmtpd sink, against plain smtplib sending the same messages in a loop.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lcoo_bench REDIS_URL=redis://127.0.0.1:6379/5 \
        .venv/bin/python bench/fanout.py [--recipients 5000] [--concurrency 2]

The database named by DATABASE_URL is created if missing and migrated; its notifications tables and
its bench users are reused between runs. Use a Redis db of its own: the bench leaves it as it found
it except for the tasks it queues and consumes. See bench/README.md.
"""

import argparse
import os
import signal
import smtplib
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lcoo_portal.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production-0123456789")


def start_gunicorn(port: int, env: dict[str, str], workers: int = 2) -> subprocess.Popen:
    """The portal under gunicorn on the loopback: sync workers, two unless told (the page benchmark's
    setting, fixed by issue 12)."""
    return subprocess.Popen(  # noqa: S603
        [
            str(BASE_DIR / ".venv/bin/gunicorn"),
            "lcoo_portal.wsgi",
            f"--workers={workers}",
            f"--bind=127.0.0.1:{port}",
            "--log-level=warning",
            "--timeout=300",
        ],
        cwd=BASE_DIR,
        env=env,
    )


def ensure_database(url: str) -> None:
    """Create the bench database when it does not exist yet (PostgreSQL only)."""
    import psycopg2

    parts = urlparse(url)
    if parts.scheme not in {"postgres", "postgresql"}:
        return
    name = parts.path.lstrip("/")
    connection = psycopg2.connect(
        dbname="postgres", user=parts.username, password=parts.password, host=parts.hostname, port=parts.port or 5432
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--recipients", type=int, default=5000)
    parser.add_argument("--concurrency", type=int, default=2, help="worker processes (prefork)")
    parser.add_argument("--timeout", type=float, default=900)
    parser.add_argument("--worker-loglevel", default="WARNING")
    args = parser.parse_args()

    database_url = os.environ.get("DATABASE_URL", "")
    redis_url = os.environ.get("REDIS_URL", "")
    if not database_url.startswith("postgres") or not redis_url:
        sys.exit("Set DATABASE_URL (PostgreSQL, e.g. .../lcoo_bench) and REDIS_URL (a Redis db of its own).")
    ensure_database(database_url)

    import django

    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import transaction

    call_command("migrate", verbosity=0)

    from members.models import User
    from notifications.models import Announcement, OutboxMessage
    from notifications.services.announcements import Recipient, announcement_create
    from notifications.tests.smtp import smtp_sink, wait_until

    count = args.recipients
    emails = [f"bench{index:05d}@bench.example.org" for index in range(count)]
    existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    User.objects.bulk_create(
        [
            User(email=email, display_name=f"Bench {email[5:10]}", password=make_password(None))
            for email in emails
            if email not in existing
        ],
        batch_size=1000,
    )
    people = list(User.objects.filter(email__in=emails).order_by("email"))
    Announcement.objects.filter(event="bench").delete()

    with smtp_sink(keep=False) as (sink, port):
        env = {
            **os.environ,
            "EMAIL_URL": f"smtp://127.0.0.1:{port}",
            "NOTIFICATIONS_REQUEUE_GRACE_SECONDS": "3600",
        }
        worker = subprocess.Popen(  # noqa: S603 (a fixed command: our own worker)
            [
                str(Path(sys.executable).with_name("celery")),
                "-A",
                "lcoo_portal",
                "worker",
                "-P",
                "prefork",
                "-c",
                str(args.concurrency),
                "-n",
                f"bench-{os.getpid()}@%h",
                "-l",
                args.worker_loglevel,
                "--without-heartbeat",
                "--without-mingle",
                "--without-gossip",
            ],
            env=env,
            cwd=BASE_DIR,
        )
        try:
            from lcoo_portal.celery import app

            if not wait_until(lambda: bool(app.control.ping(timeout=0.5)), timeout=60):
                sys.exit("The worker did not start.")

            started = time.perf_counter()
            with transaction.atomic():
                announcement = announcement_create(
                    event="bench",
                    key=f"bench:{time.time_ns()}",
                    subject="Bench announcement",
                    template="realignment_reminder",
                    kind="board",
                    recipients=[Recipient.for_user(person) for person in people],
                    context_for=lambda recipient: {"month": None},
                    attachments=[
                        {
                            "filename": "meeting.ics",
                            "content": "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
                            "mimetype": "text/calendar",
                        }
                    ],
                )
            written = time.perf_counter()  # rows committed, tasks queued
            rows = OutboxMessage.objects.filter(announcement=announcement)
            done = wait_until(
                lambda: not rows.exclude(status=OutboxMessage.Status.SENT).exists(), timeout=args.timeout, interval=0.25
            )
            delivered = time.perf_counter()
        finally:
            worker.send_signal(signal.SIGTERM)
            worker.wait(timeout=60)
        if not done:
            sys.exit(f"Not all sent within {args.timeout}s: {rows.filter(status='sent').count()} of {count}.")
        worker_accepted = sink.accepted

        # The floor set by SMTP itself: the same messages, built in advance, over one smtplib connection.
        from django.conf import settings
        from django.core.mail import get_connection

        from notifications.services.transport import _email

        build_connection = get_connection("django.core.mail.backends.locmem.EmailBackend")
        payloads = [
            (message.to_email, _email(message, build_connection).message().as_bytes(linesep="\r\n"))
            for message in rows.order_by("pk")
        ]
        sink.accepted = 0
        smtp_started = time.perf_counter()
        with smtplib.SMTP("127.0.0.1", port) as client:
            for to_email, payload in payloads:
                client.sendmail(settings.DEFAULT_FROM_EMAIL, [to_email], payload)
        smtp_seconds = time.perf_counter() - smtp_started
        assert sink.accepted == count, sink.accepted

    write_seconds = written - started
    deliver_seconds = delivered - written
    worker_rate = count / deliver_seconds
    smtp_rate = count / smtp_seconds
    print(f"recipients: {count}; worker: prefork, concurrency {args.concurrency}; SMTP sink: aiosmtpd on loopback")
    print(f"outbox write (render {count} mails, insert, commit): {write_seconds:.2f} s")
    print(
        f"through the worker: {worker_accepted} accepted by the sink in {deliver_seconds:.2f} s"
        f" = {worker_rate:.0f} mails/s"
    )
    print(f"end to end (write + deliver): {count / (write_seconds + deliver_seconds):.0f} mails/s")
    print(f"plain smtplib, one connection: {count} in {smtp_seconds:.2f} s = {smtp_rate:.0f} mails/s")
    print(f"ratio worker / smtplib: {worker_rate / smtp_rate:.2f}")


if __name__ == "__main__":
    main()
