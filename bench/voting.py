"""Voting benchmark: signed-in board sessions casting and changing ballots on open motions over HTTP.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lcoo_bench_s1 REDIS_URL=redis://127.0.0.1:6379/7 \
        .venv/bin/python bench/voting.py [--sessions 200] [--motions 50] [--ballots 5] [--think 1.0]

Uses the load data of `generate_load_data --scale N` (made if missing): each member company's board
representative, and for as many companies as needed an alternate too, so that two people may vote
for one company at once. 50 motions are opened for voting (through the record's own `log_append`);
gunicorn serves them with 2 sync workers, as the page benchmark does (`--workers 3` is the README's
production command; on the 2-core machine, where the load generator shares the cores, it queues longer);
each session, in its own thread, posts `--ballots` ballots (yes, no or abstain on a random motion, so
earlier ballots are changed), pausing up to `--think` seconds between them. It prints the latency per
ballot (p50/p95/p99) and then checks every motion: at most one ballot row per company, exactly one
counted ballot per company that voted, and a chain that verifies.
"""

import argparse
import http.client
import os
import random
import secrets
import statistics
import sys
import threading
import time
import urllib.parse
from datetime import timedelta

from _django import configure

# the sessions are made in the database, without a second factor: the benchmark measures voting, not MFA
configure(mfa=False)

from fanout import ensure_database, start_gunicorn  # noqa: E402

TITLE = "Voting bench motion"


def prepare(scale: int, sessions: int, motions: int) -> tuple[list[dict], list[int]]:
    """Seat holders with sessions, and open motions whose electorate is every member company."""
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone
    from django.utils.module_loading import import_string

    from governance.models import Motion
    from governance.record import FORMAT, candidates_document, log_append, motion_document
    from governance.rules import rules_for
    from members.models import Company, RoleAssignment, User
    from members.services import role_assign

    call_command("migrate", verbosity=0)
    call_command("load_demo", "--force", verbosity=0)
    call_command("generate_load_data", scale=scale)
    prefix = f"load{scale}-"
    members = list(Company.objects.members().filter(slug__startswith=prefix).order_by("slug"))
    holders = list(
        RoleAssignment.objects.current()
        .filter(company__in=members, role=RoleAssignment.Role.BOARD_REPRESENTATIVE)
        .select_related("user", "company")
    )
    seats = [(r.user, r.company) for r in holders]
    # alternates for the first companies, until there are enough sessions: two voters for one seat
    alternates = {
        r.company_id: r.user
        for r in RoleAssignment.objects.current().filter(company__in=members, role=RoleAssignment.Role.BOARD_ALTERNATE)
    }
    spare = iter(User.objects.filter(email__startswith=prefix).exclude(roles__isnull=False).order_by("email"))
    for company in members:
        if len(seats) >= sessions:
            break
        user = alternates.get(company.pk)
        if user is None:
            user = next(spare)
            role_assign(company=company, user=user, role=RoleAssignment.Role.BOARD_ALTERNATE, by=None)
        seats.append((user, company))
    seats = seats[:sessions]

    Motion.objects.filter(title__startswith=TITLE, status=Motion.Status.VOTING).update(
        status=Motion.Status.WITHDRAWN, closed_at=timezone.now()
    )  # an earlier run's motions: closed, so each run starts afresh
    proposer = seats[0][0]
    ids = []
    for i in range(motions):
        with transaction.atomic():
            motion = Motion.objects.create(
                title=f"{TITLE} {i}",
                text="Benchmark.",
                proposer=proposer,
                status=Motion.Status.VOTING,
                voting_deadline=timezone.now() + timedelta(days=1),
            )
            motion.electorate.set(members)
            log_append(  # the entry motion_call_vote writes: the record's format, text, seats and rules
                motion,
                "vote_called",
                {
                    "format": FORMAT,
                    "motion": motion_document(motion),
                    "candidates": candidates_document(motion),
                    "electorate": [c.slug for c in members],
                    "seats": len(members),
                    "rules": rules_for(motion.kind),
                    "voting_deadline": motion.voting_deadline.isoformat(),
                },
            )
            ids.append(motion.pk)

    store_class = import_string(f"{settings.SESSION_ENGINE}.SessionStore")
    people = []
    for user, company in seats:
        store = store_class()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        people.append({"session": store.session_key, "company": company.slug, "csrf": secrets.token_hex(16)})
    return people, ids


def vote(port: int, person: dict, motion_id: int, choice: str) -> tuple[float, int]:
    body = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": person["csrf"], "company": person["company"], "choice": choice}
    )
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": f"sessionid={person['session']}; csrftoken={person['csrf']}",
    }
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    connection.request("POST", f"/governance/motions/{motion_id}/vote/", body=body, headers=headers)
    response = connection.getresponse()
    response.read()
    elapsed = time.perf_counter() - started
    connection.close()
    return elapsed, response.status


def verify(ids: list[int]) -> list[str]:
    from django.db.models import Count

    from governance.models import Ballot, Motion
    from governance.record import counted_ballots, motion_verify

    problems = []
    for motion in Motion.objects.filter(pk__in=ids):
        doubled = Ballot.objects.filter(motion=motion).values("company").annotate(n=Count("id")).filter(n__gt=1)
        if doubled:
            problems.append(f"motion {motion.pk}: {len(doubled)} companies with more than one ballot")
        counted = counted_ballots(list(motion.log.order_by("seq")))
        per_company: dict[str, int] = {}
        for payload in counted.values():
            per_company[payload["company"]] = per_company.get(payload["company"], 0) + 1
        if any(n != 1 for n in per_company.values()):
            problems.append(f"motion {motion.pk}: a company has more than one counted ballot in the record")
        if len(per_company) != Ballot.objects.filter(motion=motion).count():
            problems.append(f"motion {motion.pk}: counted ballots and ballot rows differ")
        result = motion_verify(motion)
        if not result.ok:
            problems.append(f"motion {motion.pk}: {'; '.join(result.problems)}")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--sessions", type=int, default=200)
    parser.add_argument("--motions", type=int, default=50)
    parser.add_argument("--ballots", type=int, default=5, help="ballots per session")
    parser.add_argument("--think", type=float, default=1.0, help="most seconds a session pauses between ballots")
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (2, as the page benchmark)")
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres") or not os.environ.get("REDIS_URL"):
        sys.exit("Set DATABASE_URL (PostgreSQL, e.g. .../lcoo_bench_s1) and REDIS_URL (a Redis db of its own).")
    ensure_database(database_url)
    people, ids = prepare(args.scale, args.sessions, args.motions)
    print(
        f"{len(people)} sessions for {len({p['company'] for p in people})} seats, {len(ids)} open motions,"
        f" gunicorn with {args.workers} sync workers"
    )

    env = {**os.environ, "LOG_LEVEL": "WARNING"}
    server = start_gunicorn(args.port, env, workers=args.workers)
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    errors: list[str] = []
    lock = threading.Lock()

    def session(person: dict, seed: int) -> None:
        rng = random.Random(seed)  # noqa: S311 (which motion to vote on, not a secret)
        for _ in range(args.ballots):
            time.sleep(rng.uniform(0, args.think))
            try:
                elapsed, status = vote(args.port, person, rng.choice(ids), rng.choice(["yes", "no", "abstain"]))
            except OSError as error:
                with lock:
                    errors.append(str(error))
                continue
            with lock:
                latencies.append(elapsed)
                statuses[status] = statuses.get(status, 0) + 1

    try:
        for _ in range(300):  # the workers up and answering (a worker loads the app before it accepts)
            try:
                for _ in range(4):
                    probe = http.client.HTTPConnection("127.0.0.1", args.port, timeout=60)
                    probe.request("GET", "/healthz")
                    probe.getresponse().read()
                break
            except OSError:
                time.sleep(0.2)
        load_before = os.getloadavg()
        started = time.perf_counter()
        threads = [threading.Thread(target=session, args=(p, i)) for i, p in enumerate(people)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - started
        load_after = os.getloadavg()
    finally:
        server.terminate()
        server.wait(timeout=60)

    latencies.sort()

    def pct(p: float) -> float:
        return 1000 * latencies[min(len(latencies) - 1, int(p * len(latencies)))]

    print(f"load average before {load_before[0]:.2f}, after {load_after[0]:.2f}")
    print(
        f"{len(latencies)} ballots in {wall:.1f} s ({len(latencies) / wall:.1f}/s); statuses {statuses}; "
        f"connection errors {len(errors)}"
    )
    print(
        f"latency per ballot: p50 {pct(0.50):.0f} ms, p95 {pct(0.95):.0f} ms, p99 {pct(0.99):.0f} ms, "
        f"mean {1000 * statistics.fmean(latencies):.0f} ms"
    )
    from governance.models import MotionLogEntry

    recorded = MotionLogEntry.objects.filter(motion_id__in=ids, event="ballot").count()
    print(f"ballots in the record: {recorded} (posted {len(latencies)})")
    problems = verify(ids)
    if problems:
        print("PROBLEMS:")
        for problem in problems:
            print(" ", problem)
        sys.exit(1)
    print(f"every motion ({len(ids)}): one ballot row and one counted ballot per company, chain verified")


if __name__ == "__main__":
    main()
