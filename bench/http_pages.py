"""HTTP benchmark: gunicorn (2 sync workers) on PostgreSQL and Redis, wrk at 20 connections per page.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lcoo_bench_s1 REDIS_URL=redis://127.0.0.1:6379/7 \
        .venv/bin/python bench/http_pages.py --scale 1 [--duration 4] [--connections 20] [--json out.json] [--layers]

The database is created if missing, migrated, filled with `load_demo` and `generate_load_data --scale N`
(both idempotent). The server runs with PORTAL_BENCH_FLOOR on, which mounts /bench/floor: a constant
tiny response through the whole middleware stack, measured in the same run. Each page is measured as a
visitor and as a signed-in board member (a session made directly in the database, sent as a cookie);
every ratio is to the visitor's floor. The workers' resident memory is read from /proc after the run.
With --layers the pages are measured with every cache on and with each cache layer off (the visitors'
page cache, the fragment and data caches, the calendar's and feed's responses):
one gunicorn per configuration, each page measured under all of them back to back, and a last table
gives each page's req/s with the layer on divided by its req/s with the layer off.
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
# --layers: each configuration's settings (environment variables read by lcoo_portal/settings.py)
LAYERS = {
    "all on": {},
    "page cache off": {"PORTAL_PAGE_CACHE": "false"},
    "fragments off": {"PORTAL_FRAGMENT_CACHE": "false"},
    "responses off": {"PORTAL_RESPONSE_CACHE": "false"},
}


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
        Meeting.objects.with_published_minutes()
        .filter(title__contains=":", starts_at__lt=timezone.now())
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


def measure(
    pages: list[tuple[str, str]],
    session_key: str,
    *,
    configurations: dict[str, dict],
    env: dict,
    args: argparse.Namespace,
) -> dict[str, dict]:
    """One gunicorn per configuration (ports from --port up), all started at once; each page is then
    measured under every configuration back to back, as a visitor and as the board member, so that the
    load of a shared machine, which drifts over minutes, weighs alike on the figures compared."""
    servers = {}
    for offset, (name, overrides) in enumerate(configurations.items()):
        servers[name] = (args.port + offset, start_gunicorn(args.port + offset, {**env, **overrides}))
    runs: dict[str, dict] = {name: {"results": []} for name in configurations}
    try:
        for port, _ in servers.values():
            for _ in range(100):
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/floor", timeout=2)
                    break
                except OSError:
                    time.sleep(0.2)
        load_before = os.getloadavg()
        cookie = f"sessionid={session_key}"
        rows = [("floor", "/bench/floor"), *pages]
        names = list(servers)
        for turn, (page, path, who, sent) in enumerate(
            (page, path, who, sent) for page, path in rows for who, sent in (("visitor", None), ("board", cookie))
        ):
            # each configuration goes first in turn, so none always follows the others' leftover work
            for name in names[turn % len(names) :] + names[: turn % len(names)]:
                port = servers[name][0]
                runs[name]["results"].append(measure_page(page, path, who, sent, port=port, label=name, args=args))
        load_after = os.getloadavg()
        for name, (_, server) in servers.items():
            runs[name]["rss_kib"] = worker_rss(server.pid)
            runs[name]["load"] = [load_before, load_after]
    finally:
        for _, server in servers.values():
            server.terminate()
        for _, server in servers.values():
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()  # workers stuck in a long backlog
                server.wait()
    return runs


def measure_page(page: str, path: str, who: str, cookie: str | None, *, port: int, label: str, args) -> dict:
    """A warm-up request (and a check that the cookie signs in), then wrk."""
    base = f"http://127.0.0.1:{port}"
    request = urllib.request.Request(f"{base}{path}", headers={"Cookie": cookie} if cookie else {})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=300) as response:  # noqa: S310 (loopback)
            body = response.read()
    except TimeoutError:
        print(f"{page:22} {who:8} {label:17} no answer within 300 s (workers still busy): skipped", flush=True)
        return {"page": page, "path": path, "who": who, "rps": 0.0, "non2xx": 0, "skipped": True}
    if cookie and path == "/" and b"Sign out" not in body:
        sys.exit("The bench session does not sign in.")
    figures = wrk(f"{base}{path}", cookie=cookie, duration=args.duration, connections=args.connections)
    # the requests wrk left queued are still served after it stops: wait for them (a floor request
    # behind them on each worker), so they do not slow the next measurement
    for _ in range(2):
        urllib.request.urlopen(f"{base}/bench/floor", timeout=300).read()  # noqa: S310 (loopback)
    print(f"{page:22} {who:8} {label:17} {figures['rps']:8.1f} req/s", flush=True)
    return {"page": page, "path": path, "who": who, **figures}


def report(run: dict) -> None:
    results = run["results"]
    floor = next(r["rps"] for r in results if r["page"] == "floor" and r["who"] == "visitor")
    (before, *_), (after, *_) = run["load"]
    print(f"load average before {before:.2f}, after {after:.2f}")
    print(f"{'page':22} {'who':8} {'req/s':>8} {'ratio':>6} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8} {'non-2xx':>7}")
    for r in results:
        r["ratio"] = r["rps"] / floor
        print(
            f"{r['page']:22} {r['who']:8} {r['rps']:8.1f} {r['ratio']:6.3f} {r.get('p50', 0):8.1f} "
            f"{r.get('p90', 0):8.1f} {r.get('p99', 0):8.1f} {r['non2xx']:7d}"
        )
    print(f"workers' resident memory after the run: {', '.join(f'{k / 1024:.0f} MiB' for k in run['rss_kib'])}")


def compare(runs: dict[str, dict]) -> None:
    """Each page's req/s with every layer on, and what each layer buys: on ÷ off (same run)."""
    on = {(r["page"], r["who"]): r["rps"] for r in runs["all on"]["results"]}
    layers = [name for name in runs if name != "all on"]
    print(f"\n{'page':22} {'who':8} {'all on':>8} " + " ".join(f"{name:>17}" for name in layers))
    for page, who in on:
        cells = []
        for name in layers:
            off = next(r["rps"] for r in runs[name]["results"] if (r["page"], r["who"]) == (page, who))
            cells.append(f"{on[(page, who)] / off:16.2f}×" if off else f"{'—':>17}")
        print(f"{page:22} {who:8} {on[(page, who)]:8.1f} " + " ".join(cells))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--duration", type=int, default=4, help="seconds of wrk per page and persona")
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--layers", action="store_true", help="measure again with each cache layer off")
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
    configurations = LAYERS if args.layers else {"all on": {}}
    runs = measure(pages, session_key, configurations=configurations, env=env, args=args)
    print(f"\nscale {args.scale}")
    for name, run in runs.items():
        print(f"\n== {name}")
        report(run)
    if args.layers:
        compare(runs)
    if args.json:
        Path(args.json).write_text(json.dumps({"scale": args.scale, "runs": runs}, indent=1))


if __name__ == "__main__":
    main()
