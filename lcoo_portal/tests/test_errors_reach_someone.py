"""Errors you hear about: error mail to ADMINS, Sentry from the web process and Celery tasks (sent to a real
HTTP server on the loopback that captures the envelopes, not a mock of the SDK), JSON logs with an access
log, and Prometheus metrics for the scraper holding the token."""

import gzip
import json
import os
import subprocess
import sys
import threading
import zlib
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.core import mail
from django.test import Client

import lcoo_portal
from lcoo_portal.tasks import heartbeat

ROOT = Path(__file__).resolve().parents[2]

# Requests go through the real WSGI application (as under gunicorn), where Sentry's integration hooks in.
SCRIPT = """
import os
import wsgiref.util
os.environ["DJANGO_SETTINGS_MODULE"] = "lcoo_portal.settings"
import django
django.setup()
from django.conf import settings
settings.ROOT_URLCONF = "lcoo_portal.tests.failing_urls"
from lcoo_portal.wsgi import application
import sentry_sdk

def get(path):
    environ = {"PATH_INFO": path, "REQUEST_METHOD": "GET"}
    wsgiref.util.setup_testing_defaults(environ)
    status = []
    body = b"".join(application(environ, lambda s, h, *a: status.append(s)))
    return status[0].split()[0]

print("boom", get("/boom"), flush=True)
print("slow", get("/slow"), flush=True)
from lcoo_portal.tests.failing_urls import failing_task
print("task", failing_task.apply().state, flush=True)
sentry_sdk.flush(5)
"""


class CaptureHandler(BaseHTTPRequestHandler):
    """Sentry's ingestion endpoint, as far as the SDK can tell: stores each envelope's items."""

    items: list[tuple[dict, dict]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        encoding = self.headers.get("Content-Encoding", "")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "deflate":
            body = zlib.decompress(body)
        lines = body.split(b"\n")
        # an envelope: its header, then (item header, item payload) pairs
        for header, payload in zip(lines[1::2], lines[2::2], strict=False):
            if header.strip():
                try:
                    self.items.append((json.loads(header), json.loads(payload)))
                except ValueError:
                    continue
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def reported(tmp_path_factory):
    """One Django process with SENTRY_DSN aimed at our capture server, JSON logs and the access log on:
    it serves a failing page, a slow page and runs a failing task."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), CaptureHandler)
    CaptureHandler.items = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    env = {
        **os.environ,
        "SENTRY_DSN": f"http://publickey@127.0.0.1:{server.server_port}/42",
        "SENTRY_TRACES_SAMPLE_RATE": "1.0",
        "SENTRY_ENVIRONMENT": "ci",
        "LOG_FORMAT": "json",
        "ACCESS_LOG": "true",
        "DEBUG": "false",
        "REDIS_URL": "",
        "DATABASE_URL": f"sqlite:///{tmp_path_factory.mktemp('sentry') / 'unused.sqlite3'}",
        "PORTAL_PAGE_CACHE": "false",
    }
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    server.shutdown()
    assert result.returncode == 0, result.stderr
    return result, list(CaptureHandler.items)


def events(items: list, kind: str) -> list[dict]:
    return [payload for header, payload in items if header.get("type") == kind]


def test_the_web_process_reports_an_error_to_sentry(reported):
    result, items = reported
    assert "boom 500" in result.stdout
    errors = [
        event
        for event in events(items, "event")
        if any(value["type"] == "ZeroDivisionError" for value in event.get("exception", {}).get("values", []))
    ]
    assert errors, items
    assert errors[0]["release"] == f"lcoo-portal@{lcoo_portal.__version__}"
    assert errors[0]["environment"] == "ci"
    assert errors[0]["request"]["url"].endswith("/boom")


def test_a_failing_task_is_reported_to_sentry(reported):
    result, items = reported
    assert "task FAILURE" in result.stdout
    assert any(
        value["type"] == "LookupError"
        for event in events(items, "event")
        for value in event.get("exception", {}).get("values", [])
    )


def test_requests_are_sent_as_traces_with_their_duration(reported):
    _, items = reported
    slow = [t for t in events(items, "transaction") if t.get("transaction", "").endswith("slow")]
    assert slow, [t.get("transaction") for t in events(items, "transaction")]
    assert seconds(slow[0]["timestamp"]) - seconds(slow[0]["start_timestamp"]) >= 0.05


def seconds(stamp: float | str) -> float:
    return stamp if isinstance(stamp, float | int) else datetime.fromisoformat(stamp).timestamp()


def test_logs_are_json_with_an_access_log(reported):
    result, _ = reported
    records = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    access = [r for r in records if r.get("logger") == "lcoo_portal.access"]
    assert {(r["path"], r["status"]) for r in access} >= {("/boom", 500), ("/slow", 200)}
    assert all({"time", "level", "duration_ms", "http_method"} <= set(r) for r in access)
    assert any(r.get("level") == "ERROR" and r.get("logger") == "django.request" for r in records)


@pytest.mark.django_db
@pytest.mark.urls("lcoo_portal.tests.failing_urls")
def test_a_server_error_is_mailed_to_the_admins(settings):
    settings.ADMINS = [("Ops", "ops@example.org")]
    client = Client(raise_request_exception=False)
    assert client.get("/boom").status_code == 500
    assert [message.to for message in mail.outbox] == [["ops@example.org"]]
    assert "ZeroDivisionError" in mail.outbox[0].body


def test_admins_are_read_from_the_environment():
    code = "import django; django.setup(); from django.conf import settings; print(settings.ADMINS)"
    env = {**os.environ, "ADMINS": "Ops Team <ops@example.org>,dev@example.org"}
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "[('Ops Team', 'ops@example.org'), ('', 'dev@example.org')]", out.stderr
    env["ADMINS"] = "not-an-address"
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode != 0 and "ADMINS must be e-mail addresses" in out.stderr


@pytest.mark.django_db
def test_metrics_are_read_only_by_the_scraper_holding_the_token(settings, client: Client):
    settings.METRICS_TOKEN = "scraper-secret"
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 404
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 404  # no token: no endpoint


@pytest.mark.django_db
def test_metrics_count_requests_tasks_and_the_outbox(settings, client: Client):
    settings.METRICS_TOKEN = "scraper-secret"
    client.get("/healthz")
    heartbeat.apply()
    response = client.get("/metrics", HTTP_AUTHORIZATION="Bearer scraper-secret")
    assert response.status_code == 200
    text = response.content.decode()
    assert 'lcoo_http_requests_total{method="GET",status="200"}' in text
    assert "lcoo_http_request_duration_seconds_bucket" in text
    assert 'lcoo_celery_task_runs_total{outcome="success",task="lcoo_portal.tasks.heartbeat"}' in text
    assert 'lcoo_outbox_messages{status="pending"} 0.0' in text
    assert 'lcoo_outbox_messages{status="failed"} 0.0' in text


@pytest.mark.django_db
def test_a_plain_http_scrape_is_not_redirected(settings, client: Client):
    settings.SECURE_SSL_REDIRECT = True
    settings.METRICS_TOKEN = "scraper-secret"
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer scraper-secret").status_code == 200


def test_loading_the_metrics_queries_no_database():
    """The outbox collector registers without a query (the URLconf imports it before any database exists)."""
    from prometheus_client import CollectorRegistry

    from lcoo_portal.observability import OutboxCollector

    registry = CollectorRegistry()
    registry.register(OutboxCollector())  # outside django_db: a query here would raise
    assert "lcoo_outbox_messages" in registry._names_to_collectors
