"""One beat sends; a second waits and says so. The worker's heartbeat task stamps its row."""

import logging
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from lcoo_portal import celery_app
from lcoo_portal.beat import WAIT_SECONDS, SingleBeatScheduler
from lcoo_portal.heartbeat import BEAT_LOCK_SECONDS, beat_lock_holder, beat_lock_take
from lcoo_portal.models import Heartbeat
from lcoo_portal.tasks import heartbeat

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _keep_the_test_connection(monkeypatch):
    # beat closes stale connections before each tick; the test's connection is inside a transaction
    monkeypatch.setattr("lcoo_portal.beat.close_old_connections", lambda: None)


def scheduler(holder: str) -> SingleBeatScheduler:
    beat = SingleBeatScheduler(app=celery_app, lazy=True)
    beat.holder = holder
    return beat


def test_the_first_beat_holds_the_lock_and_a_second_sends_nothing_and_logs_it(caplog, monkeypatch):
    sent = []
    monkeypatch.setattr(
        "django_celery_beat.schedulers.DatabaseScheduler.tick", lambda self, *a, **k: sent.append(self.holder) or 1.0
    )
    first, second = scheduler("host-a:1"), scheduler("host-b:2")
    with caplog.at_level(logging.INFO, logger="lcoo_portal.beat"):
        assert first.tick() == 1.0
        assert second.tick() == WAIT_SECONDS
        assert second.tick() == WAIT_SECONDS
    assert sent == ["host-a:1"]
    assert beat_lock_holder() == "host-a:1"
    waiting = [r.getMessage() for r in caplog.records if "waits" in r.getMessage()]
    assert len(waiting) == 1 and "host-a:1" in waiting[0] and "host-b:2" in waiting[0]


def test_a_silent_beat_is_replaced_and_a_clean_stop_frees_the_lock_at_once(monkeypatch):
    monkeypatch.setattr("django_celery_beat.schedulers.DatabaseScheduler.close", lambda self: None)
    assert beat_lock_take(holder="host-a:1")
    assert not beat_lock_take(holder="host-b:2")
    Heartbeat.objects.filter(name="beat").update(at=timezone.now() - timedelta(seconds=BEAT_LOCK_SECONDS + 1))
    assert beat_lock_take(holder="host-b:2")
    assert not beat_lock_take(holder="host-a:1")
    stopping = scheduler("host-b:2")
    stopping.holding = True
    stopping.close()
    assert beat_lock_holder() == ""
    assert beat_lock_take(holder="host-a:1")


def test_the_heartbeat_task_stamps_the_worker_row():
    heartbeat.apply()
    row = Heartbeat.objects.get(name="worker")
    assert (timezone.now() - row.at).total_seconds() < 5 and row.holder.endswith(f":{os.getpid()}")


def test_the_heartbeat_is_scheduled_every_minute_by_the_migration():
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="lcoo_portal.tasks.heartbeat")
    assert task.enabled and (task.interval.every, task.interval.period) == (1, "minutes")


def test_settings_use_the_single_beat_scheduler(settings):
    assert settings.CELERY_BEAT_SCHEDULER == "lcoo_portal.beat:SingleBeatScheduler"


def run_settings(**env: str) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DEBUG"}}
    code = (
        "import django; django.setup(); from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**base, **env},
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_forgotten_redis_url_in_production_is_an_error_at_start_up():
    result = run_settings(DEBUG="false")
    assert result.returncode != 0
    assert "REDIS_URL must be set when DEBUG is off" in result.stderr


def test_an_empty_redis_url_is_a_deliberate_choice_and_debug_needs_none():
    assert "LocMemCache" in run_settings(DEBUG="false", REDIS_URL="").stdout
    assert "LocMemCache" in run_settings(DEBUG="true").stdout
