"""Archive-scale load data for the benchmarks: companies, people, ten years of meetings, motions.

At scale 1: 200 companies, 2,000 people, 5,000 meetings over ten years and the coming year, 50,000
agenda items, 20,000 action items and 1,000 decided motions whose ballots sit in a hash chain that
`verify_motion` accepts. Scale N is N times that. Rows are written with bulk_create in one
transaction; every row is named after its scale (`load1-…`), so a second run at the same scale finds
its marker and changes nothing.

Bulk inserts skip django-simple-history: the generated rows have no history, which no page needs.
"""

import hashlib
import json
import random
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta

from django.contrib.auth.models import Permission
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from governance.models import Ballot, Motion, MotionLogEntry, MotionTransition
from governance.record import GENESIS, entry_hash
from governance.register import motion_register_payload, register_extend
from kernel.public_record import public_record_changed
from meetings.models import ActionItem, AgendaItem, Attendance, Decision, Kind, Meeting, Minutes
from members.models import Affiliation, Company, CompanyUserObjectPermission, RoleAssignment, User

ZONES = [
    "America/Los_Angeles",
    "America/New_York",
    "Europe/London",
    "Europe/Paris",
    "Europe/Berlin",
    "Asia/Tokyo",
    "Asia/Seoul",
    "Asia/Shanghai",
    "Asia/Kolkata",
    "Australia/Sydney",
    "UTC",
]
WORDS = (  # noqa: SIM905 (a paragraph reads better than 60 quoted words)
    "upgrade rolling fast-forward telemetry quota networking neutron nova cinder keystone federation "
    "placement scheduler migration live-migration ceph storage edge latency observability logging "
    "metering billing charter roadmap release skip-level python packaging security vulnerability "
    "patch backport stable branch gate testing performance scale cells database messaging rabbitmq "
    "oslo policy rbac identity multi-region disaster recovery backup hardware accelerators gpu "
    "ironic baremetal containers kubernetes magnum octavia load-balancer dns designate"
).split()
AGENDA_TOPICS = [
    "Roadmap alignment and upstream contributions",
    "Upgrade pain points",
    "Rolling upgrades across releases",
    "Telemetry and metering requirements",
    "Charter revision proposals",
    "User stories review",
    "Edge deployments",
    "Security advisories and backports",
    "Membership applications",
    "Forum session planning",
]
KINDS = list(Kind.values)
BATCH = 2000
SEATS_PER_MOTION = 20
CHOICES = ["yes", "yes", "yes", "no", "abstain"]


def marker_slug(scale: int) -> str:
    return f"load{scale}-c00000"


def _words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def _bulk(model: type[Model], rows: Iterable[Model], note: Callable[[str], None], label: str) -> list:
    created = model.objects.bulk_create(list(rows), batch_size=BATCH)
    note(f"{label}: {len(created):,}")
    return created


def generate(scale: int, *, note: Callable[[str], None] = print) -> bool:
    """Write the scale's rows; False when they are already there."""
    if Company.objects.filter(slug=marker_slug(scale)).exists():
        note(f"Scale {scale} load data is already present.")
        return False
    counts = {
        "companies": 200 * scale,
        "people": 2000 * scale,
        "meetings": 5000 * scale,
        "actions": 20_000 * scale,
        "motions": 1000 * scale,
        "attended_meetings": 400 * scale,
    }
    with transaction.atomic():
        generate_rows(prefix=f"load{scale}", counts=counts, note=note, seed=scale)
    return True


def generate_rows(*, prefix: str, counts: dict[str, int], note: Callable[[str], None], seed: int = 1) -> None:
    """The rows themselves, in any amounts (the query-count tests use small ones)."""
    rng = random.Random(seed)  # noqa: S311 (repeatable filler text, not secrets)
    now = timezone.now()
    companies = _companies(prefix, counts["companies"], rng, now, note)
    people = _people(prefix, counts["people"], companies, now, note)
    representatives = _roles(companies, people, note)
    seated = [c for c in companies if c.status == Company.Status.MEMBER]

    meetings = _meetings(counts["meetings"], rng, now, note)
    past = [m for m in meetings if m.starts_at < now - timedelta(days=7)]
    _agenda_items(meetings, people, rng, now, note)
    _minutes_and_decisions(past, rng, note)
    _action_items(past, people, companies, counts["actions"], rng, now, note)
    _attendances(past[-counts["attended_meetings"] :], seated, representatives, rng, note)

    _motions(prefix, counts["motions"], seated, representatives[companies[0].pk], representatives, rng, now, note)
    public_record_changed()  # bulk writes send no post_save


def _companies(prefix: str, count: int, rng: random.Random, now: datetime, note: Callable[[str], None]) -> list:
    """Companies of every status, mostly members (the first one always: it is the scale's marker)."""
    statuses = [Company.Status.MEMBER] * 6 + [
        Company.Status.PARTICIPATING,
        Company.Status.PROSPECT,
        Company.Status.REQUESTED,
        Company.Status.WITHDRAWN,
    ]
    return _bulk(
        Company,
        (
            Company(
                name=f"{prefix.capitalize()} Operator {i:05}",
                slug=f"{prefix}-c{i:05}",
                website=f"https://operator{i}.example.org/",
                hq_country="Somewhere",
                hq_time_zone=ZONES[i % len(ZONES)],
                estate_description=f"{i % 40 + 1} regions. {_words(rng, 30)}.",
                operator_kind=Company.OperatorKind.MULTI_CLOUD,
                status=(status := statuses[0] if i == 0 else statuses[i % len(statuses)]),
                member_since=(now - timedelta(days=30 + i % 3000)).date() if status == Company.Status.MEMBER else None,
                contributing_ftes=i % 12,
                roadmap_ftes=min(i % 5, i % 12),
                ftes_declared_at=now - timedelta(days=i % 300),
            )
            for i in range(count)
        ),
        note,
        "companies",
    )


def _people(prefix: str, count: int, companies: list, now: datetime, note: Callable[[str], None]) -> list:
    """People (who cannot sign in: bench sessions are made directly), each working for a company."""
    people = _bulk(
        User,
        (
            User(
                email=f"{prefix}-p{i:05}@load.example.org",
                display_name=f"Person {i:05} of {companies[i % len(companies)].name}",
                time_zone=ZONES[i % len(ZONES)],
                password="!",  # noqa: S106 (unusable: bench sessions are made directly)
            )
            for i in range(count)
        ),
        note,
        "people",
    )
    _bulk(
        Affiliation,
        (
            Affiliation(
                user=person,
                company=companies[i % len(companies)],
                title="Engineer",
                started_at=now - timedelta(days=400),
            )
            for i, person in enumerate(people)
        ),
        note,
        "affiliations",
    )
    return people


def _roles(companies: list, people: list, note: Callable[[str], None]) -> dict[int, User]:
    """Person i (i < companies) represents company i on the board, person i + companies coordinates it;
    the board representatives by company id."""
    roles = []
    representatives: dict[int, User] = {}
    for i, company in enumerate(companies):
        roles.append(
            RoleAssignment(company=company, user=people[i + len(companies)], role=RoleAssignment.Role.COORDINATOR)
        )
        if company.status == Company.Status.MEMBER:
            representatives[company.pk] = people[i]
            roles.append(RoleAssignment(company=company, user=people[i], role=RoleAssignment.Role.BOARD_REPRESENTATIVE))
    _bulk(RoleAssignment, roles, note, "roles")
    # what role_assign grants a coordinator: the guardian object permission to edit its company
    # (board seats need nothing more than the RoleAssignment rows)
    change_company = Permission.objects.get(content_type__app_label="members", codename="change_company")
    _bulk(
        CompanyUserObjectPermission,
        (
            CompanyUserObjectPermission(
                user=people[i + len(companies)], permission=change_company, content_object=company
            )
            for i, company in enumerate(companies)
        ),
        note,
        "coordinator permissions",
    )
    return representatives


def _meetings(count: int, rng: random.Random, now: datetime, note: Callable[[str], None]) -> list:
    """Meetings evenly from ten years ago to a year ahead, at rotating hours; agendas published a week
    ahead, up to a month from now."""
    start = now - timedelta(days=3650)
    span = timedelta(days=3650 + 365)
    return _bulk(
        Meeting,
        (
            Meeting(
                kind=(kind := KINDS[i % len(KINDS)]),
                title=f"{kind.replace('_', ' ').capitalize()} {i:05}: {_words(rng, 3)}",
                starts_at=(at := (start + span * i / count).replace(minute=0, second=0, microsecond=0)),
                duration_minutes=60,
                place="#openstack-operators on OFTC",
                status=Meeting.Status.HELD if at < now else Meeting.Status.SCHEDULED,
                agenda_published_at=at - timedelta(days=8) if at < now + timedelta(days=30) else None,
                sequence=1,
            )
            for i in range(count)
        ),
        note,
        "meetings",
    )


def _agenda_items(meetings: list, people: list, rng: random.Random, now: datetime, note: Callable[[str], None]) -> None:
    """Ten items a meeting (a board meeting's last one confidential), discussed once the meeting is past."""
    _bulk(
        AgendaItem,
        (
            AgendaItem(
                meeting=meeting,
                position=position,
                title=f"{AGENDA_TOPICS[(meeting.pk + position) % len(AGENDA_TOPICS)]}: {_words(rng, 2)}",
                presenter=people[(meeting.pk * 7 + position) % len(people)],
                minutes_allotted=10,
                description=f"{_words(rng, 25)}.",
                confidential=meeting.is_board and position == 9,
                discussion=f"{_words(rng, 40)}." if meeting.starts_at < now else "",
            )
            for meeting in meetings
            for position in range(1, 11)
        ),
        note,
        "agenda items",
    )


def _minutes_and_decisions(past: list, rng: random.Random, note: Callable[[str], None]) -> None:
    """Published minutes and one decision for every meeting more than a week old."""
    _bulk(
        Minutes,
        (
            Minutes(
                meeting=meeting,
                summary=f"{_words(rng, 50)}.",
                next_session="The next session follows the rotation.",
                published_at=meeting.ends_at + timedelta(days=2),
            )
            for meeting in past
        ),
        note,
        "minutes",
    )
    _bulk(
        Decision,
        (Decision(meeting=m, position=1, text=f"Agreed: {_words(rng, 12)}.") for m in past),
        note,
        "decisions",
    )


def _action_items(
    past: list,
    people: list,
    companies: list,
    count: int,
    rng: random.Random,
    now: datetime,
    note: Callable[[str], None],
) -> None:
    """`count` action items spread over the past meetings: those older than a year, and every other one, done."""
    per_meeting = -(-count // len(past))
    actions = []
    for meeting in past:
        for position in range(per_meeting):
            if len(actions) == count:
                break
            closed = meeting.starts_at < now - timedelta(days=365) or position % 2 == 0
            actions.append(
                ActionItem(
                    meeting=meeting,
                    position=position,
                    text=f"Follow up on {_words(rng, 6)}.",
                    owner=people[(meeting.pk + position) % len(people)],
                    company=companies[(meeting.pk + position) % len(companies)],
                    due_on=(meeting.starts_at + timedelta(days=14)).date(),
                    status=ActionItem.Status.DONE if closed else ActionItem.Status.OPEN,
                    closed_at=meeting.starts_at + timedelta(days=10) if closed else None,
                )
            )
    _bulk(ActionItem, actions, note, "action items")


def _attendances(
    meetings: list, seated: list, representatives: dict[int, User], rng: random.Random, note: Callable[[str], None]
) -> None:
    """Five member companies' representatives at each of these meetings."""
    _bulk(
        Attendance,
        (
            Attendance(meeting=meeting, user=representatives[company.pk], company=company)
            for meeting in meetings
            for company in rng.sample(seated, min(5, len(seated)))
        ),
        note,
        "attendances",
    )


def _motions(
    prefix: str,
    count: int,
    seated: list,
    proposer: User,
    representatives: dict[int, User],
    rng: random.Random,
    now: datetime,
    note: Callable[[str], None],
) -> None:
    """Motions decided by a vote, with their electorates, ballots, transitions and a hash chain
    `verify_motion` accepts."""
    motions = _bulk(
        Motion,
        (
            Motion(
                title=f"Motion {i:05}: {_words(rng, 4)}",
                text=f"{_words(rng, 60)}.",
                kind=Motion.Kind.RESOLUTION,
                status=Motion.Status.VOTING,
                proposer=proposer,
                created_at=now - timedelta(days=3650) * (1 - i / count) - timedelta(days=20),
            )
            for i in range(count)
        ),
        note,
        "motions",
    )
    electorates = {
        m.pk: sorted(rng.sample(seated, min(SEATS_PER_MOTION, len(seated))), key=lambda c: c.slug) for m in motions
    }
    Motion.electorate.through.objects.bulk_create(
        [Motion.electorate.through(motion_id=m.pk, company_id=c.pk) for m in motions for c in electorates[m.pk]],
        batch_size=BATCH,
    )
    ballots, entries, transitions = [], [], []
    for motion in motions:
        seats = electorates[motion.pk]
        opened = motion.created_at + timedelta(days=1)
        cast = _ballots(prefix, motion, seats, opened, representatives, rng)
        _close(motion, seats, [payload for payload, _ in cast], opened)
        ballots += [ballot for _, ballot in cast]
        entries += _record_entries(motion, _record_events(motion, seats, cast, opened))
        transitions += _transitions(motion, opened, proposer)
    Motion.objects.bulk_update(
        motions,
        ["status", "result_text", "tally", "consensus_deadline", "voting_deadline", "closed_at", "log_head"],
        batch_size=BATCH,
    )
    _bulk(Ballot, ballots, note, "ballots")
    _bulk(MotionLogEntry, entries, note, "motion record entries")
    _bulk(MotionTransition, transitions, note, "motion transitions")
    register_extend(kind="motion", payloads=[motion_register_payload(motion) for motion in motions])


def _ballots(
    prefix: str,
    motion: Motion,
    seats: list,
    opened: datetime,
    representatives: dict[int, User],
    rng: random.Random,
) -> list[tuple[dict, Ballot]]:
    """Every seat's ballot, cast by its representative four days after the motion opened, with the
    record entry's payload."""
    cast = []
    for n, company in enumerate(seats):
        digest = hashlib.sha256(f"{prefix}-{motion.pk}-{company.pk}".encode()).hexdigest()
        choice = rng.choice(CHOICES)
        payload = {
            "receipt_hash": digest,
            "supersedes": None,
            "choice": choice,
            "candidate_id": None,
            "candidate": None,
            "company": company.slug,
        }
        ballot = Ballot(
            motion=motion,
            company=company,
            cast_by=representatives[company.pk],
            choice=choice,
            receipt_hash=digest,
            cast_at=opened + timedelta(days=4, minutes=n),
        )
        cast.append((payload, ballot))
    return cast


def _close(motion: Motion, seats: list, payloads: list[dict], opened: datetime) -> None:
    """The motion's tally, result and deadlines, as `motion_close` would set them."""
    tally = {"yes": 0, "no": 0, "abstain": 0, "candidates": {}}
    for payload in payloads:
        tally[payload["choice"]] += 1
    passed = tally["yes"] > tally["no"] and len(payloads) * 2 > len(seats)
    motion.status = Motion.Status.PASSED if passed else Motion.Status.FAILED
    motion.result_text = (
        f"{'Passed' if passed else 'Failed'}: {tally['yes']} yes, {tally['no']} no, {tally['abstain']} abstaining "
        f"of {len(seats)} seats (quorum: more than half of the seats cast a ballot; more yes than no)."
    )
    motion.tally = {**tally, "seats": len(seats), "cast": len(payloads)}
    motion.consensus_deadline = opened + timedelta(days=7)
    motion.voting_deadline = opened + timedelta(days=17)
    motion.closed_at = opened + timedelta(days=17)


def _record_events(
    motion: Motion, seats: list, cast: list[tuple[dict, Ballot]], opened: datetime
) -> list[tuple[str, dict, datetime]]:
    """The record's events in order: opened, an objection, the vote called, each ballot, closed."""
    electorate = [c.slug for c in seats]
    return [
        ("opened", {"electorate": electorate, "consensus_deadline": (opened + timedelta(days=7)).isoformat()}, opened),
        ("objection", {"company": seats[0].slug, "reason": "We need more time."}, opened + timedelta(days=2)),
        (
            "vote_called",
            {"electorate": electorate, "voting_deadline": (opened + timedelta(days=17)).isoformat()},
            opened + timedelta(days=3),
        ),
        *(("ballot", payload, ballot.cast_at) for payload, ballot in cast),
        ("closed", {"status": motion.status, "result": motion.result_text, "tally": motion.tally}, motion.closed_at),
    ]


def _record_entries(motion: Motion, events: list[tuple[str, dict, datetime]]) -> list[MotionLogEntry]:
    """The events as a hash chain from GENESIS; the motion's head is the last hash."""
    entries = []
    previous = GENESIS
    for seq, (event, raw, when) in enumerate(events, start=1):
        payload = json.loads(json.dumps(raw, sort_keys=True))
        at = when.astimezone(UTC)
        digest = entry_hash(motion_id=motion.pk, seq=seq, event=event, payload=payload, at=at, prev_hash=previous)
        entries.append(
            MotionLogEntry(motion=motion, seq=seq, event=event, payload=payload, at=at, prev_hash=previous, hash=digest)
        )
        previous = digest
    motion.log_head = previous
    return entries


def _transitions(motion: Motion, opened: datetime, proposer: User) -> list[MotionTransition]:
    """Draft → consensus → objected → voting → the result."""
    return [
        MotionTransition(motion=motion, from_status=from_status, to_status=to_status, at=at, by=proposer)
        for from_status, to_status, at in (
            (Motion.Status.DRAFT, Motion.Status.CONSENSUS, opened),
            (Motion.Status.CONSENSUS, Motion.Status.OBJECTED, opened + timedelta(days=2)),
            (Motion.Status.OBJECTED, Motion.Status.VOTING, opened + timedelta(days=3)),
            (Motion.Status.VOTING, motion.status, motion.closed_at),
        )
    ]


def board_member(scale: int) -> User:
    """The bench's signed-in board member: the representative of the scale's first company."""
    return User.objects.get(email=f"load{scale}-p00000@load.example.org")
