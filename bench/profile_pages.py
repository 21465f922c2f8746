"""In-process cost of each benchmark page, as the HTTP bench's board member (or a visitor): milliseconds
per request (wall and this process's CPU), queries and their time, and optionally a cProfile.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lcoo_bench_s1 REDIS_URL=redis://127.0.0.1:6379/7 \\
        .venv/bin/python bench/profile_pages.py [--visitor] [--requests 15] [--profile] [page …]

Pages are named as in bench/http_pages.py ("meeting", "motion": the same meeting and motion). No server
and no load generator: on a machine shared with other work the CPU milliseconds are the steadier
figure; the wall milliseconds include the queries' waits. Run `generate_load_data --scale 1` first.
"""

import argparse
import cProfile
import io
import pstats
import statistics
import time

from _django import configure

configure(mfa=False)


def pages() -> list[tuple[str, str]]:
    from django.utils import timezone

    from governance.models import Motion
    from lcoo_portal.loaddata import marker_slug
    from meetings.models import Meeting

    meeting = (
        Meeting.objects.with_published_minutes()
        .filter(title__contains=":", starts_at__lt=timezone.now())
        .order_by("-starts_at")
        .first()
    )
    motion = Motion.objects.filter(status=Motion.Status.PASSED).order_by("-closed_at").first()
    return [
        ("home", "/"),
        ("directory", "/members/"),
        ("company", f"/members/{marker_slug(1).replace('c00000', 'c00001')}/"),
        ("meetings", "/meetings/"),
        ("meeting", meeting.get_absolute_url()),
        ("search", "/meetings/search/?q=telemetry+upgrade"),
        ("governance", "/governance/"),
        ("motion", motion.get_absolute_url()),
        ("charter", "/governance/charter/"),
        ("roadmap", "/governance/roadmap/"),
        ("calendar", "/meetings/calendar.ics"),
        ("feed", "/meetings/feed/"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("names", nargs="*", help="only these pages")
    parser.add_argument("--visitor", action="store_true", help="as a visitor (the page cache is then in front)")
    parser.add_argument("--requests", type=int, default=15, help="timed requests per page, after two warm-ups")
    parser.add_argument("--profile", action="store_true", help="print each page's cProfile (5 requests)")
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from lcoo_portal.loaddata import board_member

    client = Client(HTTP_HOST="localhost")
    if not args.visitor:
        client.force_login(board_member(1))
    for name, url in pages():
        if args.names and name not in args.names:
            continue
        for _ in range(2):
            response = client.get(url)
            assert response.status_code == 200, (name, response.status_code)
        with CaptureQueriesContext(connection) as context:
            client.get(url)
        queries = list(context.captured_queries)  # the log is emptied when the next request starts
        wall, cpu = [], []
        for _ in range(args.requests):
            started, started_cpu = time.perf_counter(), time.process_time()
            client.get(url)
            wall.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        query_ms = sum(float(q["time"]) for q in queries) * 1000
        print(
            f"{name:12s} wall median {statistics.median(wall):6.1f} ms (min {min(wall):6.1f})  "
            f"cpu median {statistics.median(cpu):6.1f} ms  queries {len(queries):3d} "
            f"({query_ms:.0f} ms)",
            flush=True,
        )
        if args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(5):
                client.get(url)
            profiler.disable()
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(40)
            print(out.getvalue())


if __name__ == "__main__":
    main()
