"""The container's own scripts bring the portal up on the host: deploy/install.sh builds a fresh virtualenv
and deploy/entrypoint.sh waits for the database, migrates and starts web (gunicorn), the worker and beat
against PostgreSQL and a Redis of the test's own; the portal then serves a page, /healthz reports every
dependency "ok" once the worker's heartbeat arrives, a second beat waits on the first's lock and says so,
and a task failing in the real worker reaches Sentry (a capture server on the loopback).

Everything is started once for the module, on free loopback ports. The virtualenv is kept under
var/ci/ keyed by the hash of requirements.txt and install.sh, so a second run on the same checkout
reuses it (CI's fresh clone builds it afresh)."""

import contextlib
import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
import urllib.request
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from django.db import connection

from conftest import skip_or_fail
from lcoo_portal.tests.test_errors_reach_someone import CaptureHandler, events

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.services


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(predicate, *, seconds: float, what: str, logs: list[Path] = ()) -> object:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(0.5)
    tails = "\n".join(f"--- {log.name}\n{log.read_text()[-3000:]}" for log in logs if log.exists())
    pytest.fail(f"timed out waiting for {what}\n{tails}")


def built_venv() -> Path:
    digest = hashlib.sha256(
        (ROOT / "requirements.txt").read_bytes() + (ROOT / "deploy" / "install.sh").read_bytes()
    ).hexdigest()[:12]
    venv = ROOT / "var" / "ci" / f"venv-{digest}"
    if not (venv / ".complete").exists():
        shutil.rmtree(venv, ignore_errors=True)
        result = subprocess.run(
            [str(ROOT / "deploy" / "install.sh"), str(venv)], capture_output=True, text=True, timeout=900
        )
        assert result.returncode == 0, result.stdout + result.stderr
        (venv / ".complete").touch()
    return venv


def get(url: str, **headers: str) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 (http on the loopback)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except OSError:
        return 0, b""


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    if shutil.which("redis-server") is None:
        skip_or_fail("redis-server is not installed")
    if connection.vendor != "postgresql":
        skip_or_fail("the stack runs against PostgreSQL (DATABASE_URL)")
    import psycopg2
    from django.conf import settings

    logs = tmp_path_factory.mktemp("stack")
    database = f"{settings.DATABASES['default']['NAME']}_stack"
    params = {k: v for k, v in connection.get_connection_params().items() if k not in ("database", "dbname")}
    admin = psycopg2.connect(dbname="postgres", **params)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{database}"')
        cursor.execute(f'CREATE DATABASE "{database}"')
    default = settings.DATABASES["default"]
    credentials = default["USER"] + (f":{default['PASSWORD']}" if default["PASSWORD"] else "")
    database_url = f"postgres://{credentials}@{default['HOST'] or '127.0.0.1'}:{default['PORT'] or 5432}/{database}"

    redis_port, web_port = free_port(), free_port()
    redis = subprocess.Popen(
        [
            shutil.which("redis-server"),
            "--port",
            str(redis_port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=(logs / "redis.log").open("w"),
        stderr=subprocess.STDOUT,
    )

    sentry = ThreadingHTTPServer(("127.0.0.1", 0), CaptureHandler)
    CaptureHandler.items = []
    threading.Thread(target=sentry.serve_forever, daemon=True).start()

    venv = built_venv()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PYTEST_", "SENTRY_", "PROMETHEUS_")) and key != "CELERY_BROKER_URL"
    }
    env.update(
        DEBUG="false",
        SECRET_KEY="stack-test-secret-key-0123456789-not-for-production",
        DATABASE_URL=database_url,
        REDIS_URL=f"redis://127.0.0.1:{redis_port}/0",
        ALLOWED_HOSTS="127.0.0.1",
        SECURE="false",
        PORTAL_REQUIRE_MFA="false",
        PORTAL_BIND=f"127.0.0.1:{web_port}",
        WEB_CONCURRENCY="2",
        VENV=str(venv),
        WAIT_SECONDS="120",
        METRICS_TOKEN="stack-scraper",
        SENTRY_DSN=f"http://publickey@127.0.0.1:{sentry.server_port}/7",
        SENTRY_TRACES_SAMPLE_RATE="0",
        LOG_FORMAT="json",
    )
    entrypoint = str(ROOT / "deploy" / "entrypoint.sh")
    collect = subprocess.run(
        [entrypoint, "manage", "collectstatic", "--noinput", "-v0"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert collect.returncode == 0, collect.stderr
    processes = {}
    for role in ("web", "worker", "beat"):
        extra = ["--pool=solo"] if role == "worker" else []
        processes[role] = subprocess.Popen(
            [entrypoint, role, *extra],
            env=env,
            stdout=(logs / f"{role}.log").open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{web_port}"
    all_logs = [logs / f"{role}.log" for role in processes]
    wait_until(lambda: get(f"{base}/healthz")[0] == 200, seconds=180, what="web to answer /healthz", logs=all_logs)
    # the second beat starts only once the first holds the lock
    wait_until(
        lambda: "holds the lock" in (logs / "beat.log").read_text(), seconds=60, what="beat's lock", logs=all_logs
    )
    processes["beat2"] = subprocess.Popen(
        [entrypoint, "beat"],
        env=env,
        stdout=(logs / "beat2.log").open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    all_logs.append(logs / "beat2.log")
    yield {"base": base, "logs": logs, "all_logs": all_logs, "env": env, "venv": venv, "sentry": CaptureHandler}

    for process in processes.values():
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
    for process in processes.values():
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
    redis.terminate()
    redis.wait(timeout=10)
    sentry.shutdown()
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    admin.close()


def test_the_install_script_built_a_venv_with_the_pinned_requirements(stack):
    pinned = {
        line.split("==")[0].split("[")[0].lower().replace("_", "-")
        for line in (ROOT / "requirements.txt").read_text().splitlines()
        if "==" in line and not line.startswith("#")
    }
    freeze = subprocess.run([str(stack["venv"] / "bin" / "pip"), "freeze"], capture_output=True, text=True).stdout
    installed = {line.split("==")[0].lower().replace("_", "-") for line in freeze.splitlines()}
    assert pinned <= installed, pinned - installed
    assert "pytest" not in installed  # the runtime image carries no test tools


def test_web_serves_a_page_with_the_version(stack):
    import lcoo_portal

    status, body = get(f"{stack['base']}/")
    assert status == 200
    assert f"LCOO Portal {lcoo_portal.__version__}".encode() in body
    status, _ = get(f"{stack['base']}/static/css/portal.css")
    assert status == 200  # collected and served by whitenoise


def test_healthz_reports_every_dependency_ok_once_the_worker_beats(stack):
    def all_ok():
        status, body = get(f"{stack['base']}/healthz")
        return status == 200 and json.loads(body)["status"] == "ok" and json.loads(body)

    report = wait_until(all_ok, seconds=120, what="every check ok", logs=stack["all_logs"])
    assert {name: check["status"] for name, check in report["checks"].items()} == {
        "database": "ok",
        "cache": "ok",
        "broker": "ok",
        "worker": "ok",
        "beat": "ok",
        "outbox": "ok",
    }


def test_a_second_beat_sends_nothing_and_says_so(stack):
    wait_until(
        lambda: "sends nothing and waits" in (stack["logs"] / "beat2.log").read_text(),
        seconds=90,
        what="the second beat to say it waits",
        logs=stack["all_logs"],
    )
    assert "Sending due task" not in (stack["logs"] / "beat2.log").read_text()


def test_metrics_are_served_to_the_scraper(stack):
    status, body = get(f"{stack['base']}/metrics", Authorization="Bearer stack-scraper")
    assert status == 200 and b"lcoo_http_requests_total" in body
    assert get(f"{stack['base']}/metrics")[0] == 404


def test_a_task_failing_in_the_worker_reaches_sentry(stack):
    # send_task, unlike apply_async, does not check the arguments: the worker's run of the task fails
    send = (
        "from lcoo_portal import celery_app; "
        "celery_app.send_task('lcoo_portal.tasks.heartbeat', args=['an argument it does not take'])"
    )
    entrypoint = str(ROOT / "deploy" / "entrypoint.sh")
    result = subprocess.run(
        [entrypoint, "manage", "shell", "-c", send], env=stack["env"], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr

    def reported():
        return [
            event
            for event in events(stack["sentry"].items, "event")
            for value in event.get("exception", {}).get("values", [])
            if value["type"] == "TypeError" and "heartbeat" in json.dumps(event)
        ]

    found = wait_until(reported, seconds=60, what="the worker's error to reach Sentry", logs=stack["all_logs"])
    assert found[0]["release"].startswith("lcoo-portal@")


def self_signed_certificate(directory: Path) -> tuple[Path, Path]:
    """A certificate for portal.test and 127.0.0.1, made with cryptography."""
    import datetime
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "portal.test")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("portal.test"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "portal.crt", directory / "portal.key"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert_path, key_path


@pytest.fixture(scope="module")
def proxied(stack, tmp_path_factory):
    """deploy/nginx.conf as shipped (names, ports and certificate paths replaced), terminating TLS in front
    of a second gunicorn started by the entrypoint with the production settings: SECURE and BEHIND_PROXY."""
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if nginx is None:
        skip_or_fail("nginx is not installed (Debian's nginx-light)")
    directory = tmp_path_factory.mktemp("nginx")
    cert, key = self_signed_certificate(directory)
    web_port, http_port, https_port = free_port(), free_port(), free_port()
    site = (
        (ROOT / "deploy" / "nginx.conf")
        .read_text()
        .replace("portal.example.org;", "portal.test;")
        .replace("/etc/letsencrypt/live/portal.example.org/fullchain.pem", str(cert))
        .replace("/etc/letsencrypt/live/portal.example.org/privkey.pem", str(key))
        .replace("server 127.0.0.1:8000;", f"server 127.0.0.1:{web_port};")
        .replace("listen 80;", f"listen 127.0.0.1:{http_port};")
        .replace("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;")
    )
    (directory / "site.conf").write_text(site)
    temp = directory / "temp"
    temp.mkdir()
    (directory / "nginx.conf").write_text(
        f"""
daemon off;
worker_processes 1;
pid {directory}/nginx.pid;
error_log {directory}/error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log {directory}/access.log;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {directory}/site.conf;
}}
"""
    )
    env = {
        **stack["env"],
        "SECURE": "true",
        "BEHIND_PROXY": "true",
        "ALLOWED_HOSTS": "portal.test,127.0.0.1",
        "CSRF_TRUSTED_ORIGINS": f"https://portal.test:{https_port}",
        "PORTAL_BIND": f"127.0.0.1:{web_port}",
        "WEB_CONCURRENCY": "1",
    }
    env.pop("SENTRY_DSN")
    web = subprocess.Popen(
        [str(ROOT / "deploy" / "entrypoint.sh"), "web"],
        env=env,
        stdout=(directory / "web.log").open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    proxy = subprocess.Popen(
        [nginx, "-p", str(directory), "-c", str(directory / "nginx.conf"), "-e", str(directory / "error.log")],
        stdout=(directory / "nginx.out").open("w"),
        stderr=subprocess.STDOUT,
    )
    logs = [directory / "web.log", directory / "error.log", directory / "nginx.out"]
    wait_until(
        lambda: get(f"http://127.0.0.1:{http_port}/healthz")[0] in (200, 503), seconds=120, what="nginx", logs=logs
    )
    yield {"http": http_port, "https": https_port, "cert": cert, "logs": logs}
    proxy.terminate()
    os.killpg(web.pid, signal.SIGTERM)
    proxy.wait(timeout=20)
    web.wait(timeout=30)


def https(proxied: dict, method: str, path: str, *, source: str = "127.0.0.1", headers=None, body=None):
    """A request through nginx over TLS from a chosen loopback address (the certificate is verified)."""
    import http.client
    import ssl

    context = ssl.create_default_context(cafile=str(proxied["cert"]))
    connection_ = http.client.HTTPSConnection(
        "127.0.0.1", proxied["https"], context=context, source_address=(source, 0), timeout=15
    )
    connection_.request(method, path, body=body, headers={"Host": "portal.test", **(headers or {})})
    response = connection_.getresponse()
    return response, response.read()


def test_behind_nginx_hsts_and_secure_cookies_arrive(proxied):
    response, body = https(proxied, "GET", "/accounts/login/")
    assert response.status == 200, body[:500]
    assert "max-age=31536000" in response.getheader("Strict-Transport-Security")
    cookies = response.headers.get_all("Set-Cookie")
    csrf = [c for c in cookies if c.startswith("csrftoken=")]
    assert csrf and "Secure" in csrf[0]


def test_plain_http_moves_to_https_but_the_health_probe_is_answered(proxied):
    assert get(f"http://127.0.0.1:{proxied['http']}/healthz")[0] == 200
    import http.client

    plain = http.client.HTTPConnection("127.0.0.1", proxied["http"], timeout=10)
    plain.request("GET", "/members/", headers={"Host": "portal.test"})
    response = plain.getresponse()
    assert response.status == 301 and response.getheader("Location") == "https://portal.test/members/"


def test_metrics_are_not_served_through_the_proxy(proxied):
    response, _ = https(proxied, "GET", "/metrics", headers={"Authorization": "Bearer stack-scraper"})
    assert response.status == 404


def failed_sign_in(proxied: dict, *, source: str, forged: str | None = None) -> None:
    import re
    from http.cookies import SimpleCookie

    page, body = https(proxied, "GET", "/accounts/login/", source=source)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    cookie = SimpleCookie()
    for header in page.headers.get_all("Set-Cookie"):
        cookie.load(header)
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": f"csrftoken={cookie['csrftoken'].value}",
        "Referer": f"https://portal.test:{proxied['https']}/accounts/login/",
    }
    if forged:
        headers["X-Forwarded-For"] = forged
    form = f"csrfmiddlewaretoken={token}&login=nobody%40example.org&password=wrong"
    response, body = https(proxied, "POST", "/accounts/login/", source=source, headers=headers, body=form)
    assert response.status == 200, body[:300]


def test_the_rate_limit_sees_the_proxys_forwarded_hop_and_not_a_forged_header(proxied, stack):
    import redis

    failed_sign_in(proxied, source="127.0.0.2")
    failed_sign_in(proxied, source="127.0.0.3", forged="203.0.113.7")
    client = redis.Redis.from_url(stack["env"]["REDIS_URL"])
    addresses = {key.decode().rsplit(":ip:", 1)[1] for key in client.keys("*allauth:rl:*login_failed*:ip:*")}
    # each client's own address, as nginx saw it; neither gunicorn's peer (nginx, 127.0.0.1) nor the forgery
    assert addresses == {"127.0.0.2", "127.0.0.3"}
