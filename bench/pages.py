"""Page benchmark: the portal's main pages rendered through Django's full request stack (middleware,
sessions, templates) against a database holding the demo data, optionally grown to many companies and
meetings, reporting requests/s, milliseconds per request, queries per request and peak Python
memory allocated while serving one request.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lcoo_bench_pages \
        .venv/bin/python bench/pages.py [--requests 50] [--extra-companies 200] [--extra-meetings 1000]

The database is created if missing, migrated and filled with `load_demo` (idempotent) plus the extra
rows (created once, reused). No web server: this measures the portal's own work per request.
"""

import argparse
import os
import sys
import time
import tracemalloc
from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.test import Client

from _django import configure

configure()

from fanout import ensure_database  # noqa: E402


def grow(extra_companies: int, extra_meetings: int) -> None:
    """Add bench companies and published meetings once, in bulk."""
    from django.utils import timezone

    from meetings.models import AgendaItem, Meeting
    from members.models import Company

    have = Company.objects.filter(slug__startswith="bench-").count()
    Company.objects.bulk_create(
        Company(
            name=f"Bench Operator {i:04}",
            slug=f"bench-{i:04}",
            status=Company.Status.MEMBER,
            member_since=timezone.localdate() - timedelta(days=400),
            contributing_ftes=i % 9,
            roadmap_ftes=min(i % 4, i % 9),  # within the contributing FTEs (a database constraint)
            operator_kind=Company.OperatorKind.MULTI_CLOUD,
        )
        for i in range(have, extra_companies)
    )
    have = Meeting.objects.filter(title__startswith="Bench meeting").count()
    now = timezone.now()
    meetings = Meeting.objects.bulk_create(
        Meeting(
            kind="general",
            title=f"Bench meeting {i:05}",
            starts_at=now + timedelta(days=i % 400 - 200, hours=i % 24),
            duration_minutes=60,
            agenda_published_at=now - timedelta(days=300),
        )
        for i in range(have, extra_meetings)
    )
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=m, position=1, title="Roadmap alignment and upstream contributions", description="Review.")
        for m in meetings
    )


def measure(client: "Client", path: str, requests: int) -> tuple[float, float, int, int]:
    from django.db import connection

    response = client.get(path)  # warm up: templates compiled, caches filled
    assert response.status_code == 200, (path, response.status_code)
    executed = []

    def count(execute: Callable, sql: str, params: object, many: bool, context: dict) -> object:
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get(path)
    started = time.perf_counter()
    for _ in range(requests):
        client.get(path)
    elapsed = time.perf_counter() - started
    tracemalloc.start()  # apart from the timed loop: tracing slows Python down
    client.get(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return requests / elapsed, 1000 * elapsed / requests, len(executed), peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--extra-companies", type=int, default=200)
    parser.add_argument("--extra-meetings", type=int, default=1000)
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url:
        sys.exit("Set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/lcoo_bench_pages).")
    ensure_database(database_url)

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from governance.models import Motion
    from meetings.models import Meeting
    from members.models import User

    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    call_command("load_demo", "--force", verbosity=0)
    grow(args.extra_companies, args.extra_meetings)

    published = Meeting.objects.agenda_published()
    meeting = published.filter(title__icontains="September 22").first() or published.first()
    motion = Motion.objects.exclude(status=Motion.Status.DRAFT).first()
    pages = [
        "/",
        "/members/",
        "/members/att/",
        "/meetings/",
        meeting.get_absolute_url(),
        "/meetings/search/?q=charter",
        "/meetings/calendar.ics",
        "/governance/",
        motion.get_absolute_url(),
        "/governance/charter/",
    ]
    visitor = Client()
    signed_in = Client()
    signed_in.force_login(User.objects.get(email="board.ntt@example.org"))
    print(f"{'page':34} {'who':9} {'req/s':>7} {'ms/req':>7} {'queries':>7} {'peak KiB':>9}")
    for path in pages:
        for who, client in (("visitor", visitor), ("board", signed_in)):
            rate, ms, queries, peak = measure(client, path, args.requests)
            print(f"{path[:34]:34} {who:9} {rate:7.1f} {ms:7.1f} {queries:7d} {peak / 1024:9.0f}")


if __name__ == "__main__":
    main()
