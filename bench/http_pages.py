"""HTTP benchmark: gunicorn (2 sync workers) on PostgreSQL and Redis, wrk at 20 connections per page.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lcoo_bench_s1 REDIS_URL=redis://127.0.0.1:6379/7 \
        .venv/bin/python bench/http_pages.py --scale 1 [--duration 4] [--connections 20] [--json out.json]

The database is created if missing, migrated, filled with `load_demo` and `generate_load_data --scale N`
(both idempotent). The server runs with PORTAL_BENCH_FLOOR on, which mounts /bench/floor: a constant
tiny response through the whole middleware stack, measured in the same run. Each page is measured as a
visitor and as a signed-in board member (a session made directly in the database, sent as a cookie);
every ratio is to the visitor's floor. The workers' resident memory is read from /proc after the run.
(Not named http.py: a script's folder comes first on sys.path and would shadow the standard library.)
"""

import argparse
import json
import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from _django import configure

# the board member's session is made in the database, without a second factor
configure(mfa=False)

from fanout import ensure_database, start_gunicorn  # noqa: E402

LATENCY = re.compile(r"^\s+(50|90|99)%\s+([\d.]+)(us|ms|s)\s*$", re.MULTILINE)
UNIT = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def prepare(scale: int) -> tuple[list[tuple[str, str]], str]:
    """Migrate, fill, and return the pages to measure and a signed-in board member's session key."""
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.core.management import call_command
    from django.utils import timezone
    from django.utils.module_loading import import_string

    from governance.models import Motion
    from lcoo_portal.loaddata import board_member, marker_slug
    from meetings.models import Meeting

    call_command("migrate", verbosity=0)
    call_command("load_demo", "--force", verbosity=0)
    call_command("generate_load_data", scale=scale)
    company_slug = marker_slug(scale).replace("c00000", "c00001")
    meeting = (
        Meeting.objects.filter(title__contains=":", minutes__published_at__isnull=False, starts_at__lt=timezone.now())
        .order_by("-starts_at")
        .first()
    )
    motion = Motion.objects.filter(status=Motion.Status.PASSED).order_by("-closed_at").first()
    pages = [
        ("home", "/"),
        ("directory", "/members/"),
        ("company", f"/members/{company_slug}/"),
        ("meetings", "/meetings/"),
        ("meeting with minutes", meeting.get_absolute_url()),
        ("search", "/meetings/search/?q=telemetry+upgrade"),
        ("calendar.ics", "/meetings/calendar.ics"),
        ("feed", "/meetings/feed/"),
        ("governance", "/governance/"),
        ("decided motion", motion.get_absolute_url()),
        ("charter", "/governance/charter/"),
        ("roadmap", "/governance/roadmap/"),
        ("api companies", "/api/v1/companies/"),
        ("api company", f"/api/v1/companies/{company_slug}/"),
        ("api meetings", "/api/v1/meetings/"),
        ("api meeting", f"/api/v1/meetings/{meeting.pk}/"),
        ("api motions", "/api/v1/motions/"),
        ("api motion", f"/api/v1/motions/{motion.pk}/"),
    ]
    user = board_member(scale)
    store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return pages, store.session_key


def wrk(url: str, *, cookie: str | None, duration: int, connections: int) -> dict:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout", "10s"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout  # noqa: S603
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    latency = {f"p{p}": float(v) * UNIT[u] for p, v, u in LATENCY.findall(output)}
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {"rps": rate, **latency, "non2xx": int(errors.group(1)) if errors else 0}


def worker_rss(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    sizes = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        sizes.append(int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)))
    return sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--duration", type=int, default=4, help="seconds of wrk per page and persona")
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--only", help="measure only the pages whose name contains this word (the floor always)")
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres") or not os.environ.get("REDIS_URL"):
        sys.exit("Set DATABASE_URL (PostgreSQL, e.g. .../lcoo_bench_s1) and REDIS_URL (a Redis db of its own).")
    ensure_database(database_url)
    pages, session_key = prepare(args.scale)
    if args.only:
        pages = [(name, path) for name, path in pages if args.only in name]

    # the API's rate limits are counted (their cache round trips are part of the cost), never reached
    limits = {"PORTAL_API_RATE_PER_ADDRESS": "100000000/min", "PORTAL_API_RATE_PER_READER": "100000000/min"}
    env = {**os.environ, **limits, "PORTAL_BENCH_FLOOR": "true", "LOG_LEVEL": "WARNING"}
    server = start_gunicorn(args.port, env)
    base = f"http://127.0.0.1:{args.port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/bench/floor", timeout=2)  # noqa: S310 (loopback)
                break
            except OSError:
                time.sleep(0.2)
        load_before = os.getloadavg()
        cookie = f"sessionid={session_key}"
        results = []
        rows = [("floor", "/bench/floor"), *pages]
        for name, path in rows:
            for who, sent in (("visitor", None), ("board", cookie)):
                # warm-up, and a check that the cookie signs in
                request = urllib.request.Request(f"{base}{path}", headers={"Cookie": sent} if sent else {})  # noqa: S310
                try:
                    with urllib.request.urlopen(request, timeout=300) as response:  # noqa: S310 (loopback)
                        body = response.read()
                except TimeoutError:
                    print(f"{name:22} {who:8} no answer within 300 s (workers still busy): skipped", flush=True)
                    results.append({"page": name, "path": path, "who": who, "rps": 0.0, "non2xx": 0, "skipped": True})
                    continue
                if sent and path == "/" and b"Sign out" not in body:
                    sys.exit("The bench session does not sign in.")
                figures = wrk(f"{base}{path}", cookie=sent, duration=args.duration, connections=args.connections)
                results.append({"page": name, "path": path, "who": who, **figures})
                print(f"{name:22} {who:8} {figures['rps']:8.1f} req/s", flush=True)
        load_after = os.getloadavg()
        rss = worker_rss(server.pid)
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()  # workers stuck in a long backlog
            server.wait()

    floor = next(r["rps"] for r in results if r["page"] == "floor" and r["who"] == "visitor")
    print(f"\nscale {args.scale}; load average before {load_before[0]:.2f}, after {load_after[0]:.2f}")
    print(f"{'page':22} {'who':8} {'req/s':>8} {'ratio':>6} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8} {'non-2xx':>7}")
    for r in results:
        r["ratio"] = r["rps"] / floor
        print(
            f"{r['page']:22} {r['who']:8} {r['rps']:8.1f} {r['ratio']:6.3f} {r.get('p50', 0):8.1f} "
            f"{r.get('p90', 0):8.1f} {r.get('p99', 0):8.1f} {r['non2xx']:7d}"
        )
    print(f"workers' resident memory after the run: {', '.join(f'{k / 1024:.0f} MiB' for k in rss)}")
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {"scale": args.scale, "load": [load_before, load_after], "rss_kib": rss, "results": results}, indent=1
            )
        )


if __name__ == "__main__":
    main()
