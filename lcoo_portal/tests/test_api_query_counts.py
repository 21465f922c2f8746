"""Every list endpoint answers in a constant number of queries: the same at two sizes of the archive."""

from datetime import date, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from governance.models import Ballot, Motion, MotionTransition, Objection, PlanTask, RoadmapEntry
from governance.tests.factories import (
    CharterVersionFactory,
    MotionFactory,
    RoadmapItemFactory,
    RoadmapQuarterFactory,
)
from meetings.tests.factories import MinutesFactory, PublishedMeetingFactory
from members.models import MembershipTransition, RoleAssignment, Team, TeamMembership
from members.services import role_assign
from members.tests.factories import CompanyFactory, UserFactory

_seq = iter(range(1, 10_000))


def _archive(size: int) -> None:
    """`size` more of everything each list shows, with the rows each row carries."""
    now = timezone.now()
    for _ in range(size):
        n = next(_seq)
        company = CompanyFactory(name=f"Operator {n}", status="member", member_since=date(2020, 1, 1))
        person = UserFactory()
        role_assign(company=company, user=person, role=RoleAssignment.Role.BOARD_REPRESENTATIVE, by=None)
        MembershipTransition.objects.create(company=company, from_status="requested", to_status="member", reason="x")
        team = Team.objects.create(name=f"Team {n}", slug=f"team-{n}")
        TeamMembership.objects.create(team=team, user=person, company=company)
        meeting = PublishedMeetingFactory(starts_at=now - timedelta(days=n))
        MinutesFactory(meeting=meeting, published_at=now)
        motion = MotionFactory(status=Motion.Status.PASSED, closed_at=now, proposer=person, subject_company=None)
        MotionTransition.objects.create(motion=motion, from_status="draft", to_status="consensus", by=person)
        Objection.objects.create(motion=motion, company=company, raised_by=person, reason="no")
        Ballot.objects.create(motion=motion, company=company, cast_by=person, choice="yes", receipt_hash=f"{n:064d}")
        MotionFactory(proposer=person)  # a draft: hidden from visitors, still looked at
        CharterVersionFactory(number=n)
        item = RoadmapItemFactory(team=team)
        quarter = RoadmapQuarterFactory(year=2000 + n, quarter=1, published_at=now)
        RoadmapEntry.objects.create(quarter=quarter, item=item, rank=1)
        PlanTask.objects.create(position=n, title=f"Task {n}", starts_on=date(2026, 1, 5), duration_days=5)


ENDPOINTS = [
    "companies",
    "teams",
    "meetings",
    "motions",
    "charter",
    "roadmap/quarters",
    "roadmap/items",
    "plan",
]


def _counts(client, urls: list[str]) -> dict[str, int]:
    counts = {}
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        counts[url] = len(queries)
    return counts


def test_every_list_costs_the_same_queries_at_two_archive_sizes(
    client, client_for, secretariat, django_assert_num_queries
):
    """As a visitor and as the Secretariat (who also reads drafts): archives of 1 and then 4 of everything."""
    urls = [f"/api/v1/{endpoint}/" for endpoint in ENDPOINTS]
    readers = {"visitor": client, "secretariat": client_for(secretariat)}
    readers["secretariat"].get(urls[0])  # the session and the role, asked by every signed-in request
    _archive(1)
    small = {name: _counts(reader, urls) for name, reader in readers.items()}
    _archive(3)
    for name, reader in readers.items():
        for url in urls:
            with django_assert_num_queries(small[name][url]):
                response = reader.get(url)
            assert len(response.json()["results"]) >= 4, (name, url)
