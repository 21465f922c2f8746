"""The embedded default delivers each mail once: `make run`'s worker (`celery -A lcoo_portal worker
--pool=solo` on kombu's filesystem broker, SQLite, no Redis) in a process of its own, on a SQLite file
of its own, to a real SMTP server; every delivered row ends "sent" and a sweep an hour later sends
nothing. And every other real-worker test (the `worker` fixture) passes on that backend too: the SQLite
leg runs them in a pytest of their own.

The test database of the session is PostgreSQL's (or SQLite's), so these tests do not use it: the
portal under test is a set of subprocesses on their own file, as `make run` starts them.
"""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

import pytest
from django.conf import settings

from notifications.tests.smtp import SmtpSink, smtp_sink, wait_until

pytestmark = pytest.mark.services

PUBLISH = """
from datetime import timedelta
from django.db import transaction
from django.utils import timezone
from meetings.models import Meeting
from members.models import Affiliation, Company, User
from notifications import handlers
from notifications.models import ListAddress

att = Company.objects.create(name="AT&T", slug="att")
for index in range(5):
    user = User.objects.create_user(email=f"person{index}@example.org", password=None)
    Affiliation.objects.create(user=user, company=att)
ListAddress.objects.create(address="community@lists.example.org", name="Community", kinds=["announcements"])
with transaction.atomic():
    meeting = Meeting.objects.create(
        kind="general", title="General meeting", starts_at=timezone.now() + timedelta(days=5),
        duration_minutes=60, place="Video conference", agenda_published_at=timezone.now(),
    )
    handlers.agenda_published(meeting=meeting)
"""

# an hour later (the clock moved through the sweeper's `now`): nothing is due, and the rows' tasks run
# a second time (a redelivered broker message) claim nothing
SWEEP_AN_HOUR_LATER = """
from datetime import timedelta
from django.utils import timezone
from notifications.models import OutboxMessage
from notifications.services.transport import outbox_send_batch, outbox_sweep

print("swept", outbox_sweep(now=timezone.now() + timedelta(hours=1)))
print("again", outbox_send_batch(message_ids=list(OutboxMessage.objects.values_list("pk", flat=True))))
"""


@pytest.fixture(scope="session")
def embedded_portal(tmp_path_factory) -> dict[str, str]:
    """The environment of `make run` on a fresh directory: SQLite, the filesystem broker, migrated once."""
    var = tmp_path_factory.mktemp("embedded")
    environment = {key: value for key, value in os.environ.items() if key not in ("REDIS_URL", "DATABASE_URL")}
    environment.update(
        DEBUG="true",
        SECURE="false",
        PORTAL_VAR_DIR=str(var),
        DATABASE_URL=f"sqlite:///{var / 'portal.sqlite3'}",
        DJANGO_SETTINGS_MODULE="lcoo_portal.settings",
    )
    manage(environment, "migrate", "--noinput", "-v0")
    return environment


def manage(environment: dict[str, str], *arguments: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture
def smtp_server(embedded_portal) -> Iterator[tuple[SmtpSink, dict[str, str]]]:
    with smtp_sink() as (handler, port):
        yield handler, {**embedded_portal, "EMAIL_URL": f"smtp://127.0.0.1:{port}"}


@pytest.fixture
def embedded_worker(smtp_server) -> Iterator[Path]:
    """`make run`'s worker command, in a process of its own; yields its log file."""
    _, environment = smtp_server
    log = Path(environment["PORTAL_VAR_DIR"]) / "worker.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "lcoo_portal", "worker", "--pool=solo", "--loglevel=INFO"],
            cwd=settings.BASE_DIR,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        yield log
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def statuses(environment: dict[str, str]) -> dict[str, int]:
    path = environment["DATABASE_URL"].removeprefix("sqlite:///")
    with sqlite3.connect(path, timeout=20) as database:
        rows = database.execute("SELECT status, count(*) FROM notifications_outboxmessage GROUP BY status")
        return dict(rows.fetchall())


def test_make_runs_worker_on_sqlite_marks_every_delivered_mail_sent_and_sends_it_once(smtp_server, embedded_worker):
    smtp, environment = smtp_server
    manage(environment, "shell", "-c", PUBLISH)
    delivered = wait_until(lambda: smtp.accepted >= 6 and statuses(environment) == {"sent": 6}, timeout=60)
    assert delivered, (statuses(environment), smtp.accepted, embedded_worker.read_text()[-3000:])
    assert set(smtp.copies_by_recipient().values()) == {1}

    output = manage(environment, "shell", "-c", SWEEP_AN_HOUR_LATER)
    assert "swept 0" in output
    assert "'sent': 0" in output and "'skipped': 6" in output
    assert statuses(environment) == {"sent": 6}
    assert smtp.accepted == 6


def test_every_real_worker_test_passes_on_sqlite_with_make_runs_filesystem_broker(tmp_path):
    """The SQLite leg: the tests marked real_worker (every test with the `worker` fixture, marked by the
    root conftest) in a pytest of their own, with DATABASE_URL unset (SQLite; its test database a file,
    see the root conftest) and REDIS_URL empty (kombu's filesystem transport under PORTAL_VAR_DIR,
    configured by the settings exactly as for `make run`). The same test bodies as on PostgreSQL and
    Redis, with the `worker` fixture's checks after each: every delivered row "sent", and an hour later
    nothing sent again."""
    environment = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "REDIS_URL")}
    environment.update(REDIS_URL="", PORTAL_VAR_DIR=str(tmp_path / "var"))
    report = tmp_path / "sqlite-leg.xml"
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-m", "real_worker", "-p", "no:cacheprovider", f"--junitxml={report}"],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=900,
    )
    took = time.monotonic() - started
    assert done.returncode == 0, done.stdout[-8000:] + done.stderr[-2000:]
    suite = ElementTree.parse(report).getroot().find("testsuite")  # noqa: S314 (the report our own pytest wrote)
    counts = {key: int(suite.get(key)) for key in ("tests", "failures", "errors", "skipped")}
    assert counts["tests"] > 0 and counts["skipped"] == 0, (counts, done.stdout[-4000:])
    print(f"SQLite leg: {counts['tests']} real-worker tests passed in {took:.0f} s")
