"""The home page, signed in, starts with what that person should do now, in a bounded number of queries."""

from datetime import timedelta

import pytest
from django.utils import timezone

from governance.models import Ballot, Motion
from governance.tests.factories import MotionFactory
from meetings.tests.factories import ActionItemFactory, MeetingFactory, MinutesFactory, PublishedMeetingFactory
from members.tests.factories import CompanyFactory
from notifications.models import Announcement, OutboxMessage

pytestmark = pytest.mark.django_db


def voting(title: str, *seats, deadline_days: float = 5) -> Motion:
    motion = MotionFactory(
        title=title, status=Motion.Status.VOTING, voting_deadline=timezone.now() + timedelta(days=deadline_days)
    )
    motion.electorate.add(*seats)
    return motion


def home(client_for, user) -> str:
    response = client_for(user).get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_coordinator_sees_their_company_and_how_old_the_fte_figures_are(client_for, coordinator, company):
    company.ftes_declared_at = timezone.now() - timedelta(days=12, hours=2)
    company.save()
    html = home(client_for, coordinator)
    steps = html.split('data-testid="next-steps"')[1].split("</section>")[0]
    assert "AT&amp;T" in steps
    assert 'data-state="current">FTE figures declared' in steps and "to be confirmed again by" in steps
    assert f'href="/members/{company.slug}/edit/">Update the figures</a>' in steps
    assert "state-" in steps  # the criteria badge


def test_a_board_representative_sees_each_vote_needed_and_what_their_seat_voted(
    client_for, board_member, company, other_company
):
    needed = voting("Admit Zephyr", company, other_company)
    done = voting("Adopt the roadmap", company, other_company)
    not_ours = voting("Elsewhere", other_company)
    Ballot.objects.create(motion=done, company=company, cast_by=board_member, choice="no", receipt_hash="a" * 64)
    html = home(client_for, board_member)
    assert f'<strong>Your vote is needed</strong> for AT&amp;T:\n    <a href="{needed.get_absolute_url()}">' in html
    assert "AT&amp;T voted <strong>no</strong> on" in html and done.title in html
    assert not_ours.title not in html.split('data-testid="next-steps"')[1].split("</section>")[0]


def test_everyone_sees_their_own_open_action_items_only(client_for, member_user, coordinator):
    meeting = PublishedMeetingFactory()
    MinutesFactory(meeting=meeting, published_at=timezone.now())
    ActionItemFactory(meeting=meeting, owner=member_user, owner_name="", text="Write the FAQ")
    ActionItemFactory(meeting=meeting, owner=coordinator, owner_name="", text="Book the room")
    html = home(client_for, member_user)
    assert "Your open action items" in html and "Write the FAQ" in html and "Book the room" not in html


def test_a_person_without_a_role_is_told_nothing_needs_them(client_for, member_user):
    assert "Nothing needs you right now." in home(client_for, member_user)


def test_the_secretariat_sees_late_agendas_failed_mail_failing_companies_and_overdue_motions(client_for, secretariat):
    now = timezone.now()
    MeetingFactory(title="General meeting tomorrow", kind="general", starts_at=now + timedelta(days=1))
    announcement = Announcement.objects.create(event="agenda_published", key="k1", subject="Agenda published: X")
    OutboxMessage.objects.create(
        announcement=announcement,
        idempotency_key="i1",
        to_email="a@example.org",
        subject="s",
        body_text="b",
        status=OutboxMessage.Status.FAILED,
    )
    CompanyFactory(name="Tiny Cloud", slug="tiny", contributing_ftes=1, roadmap_ftes=1)
    voting("Past its deadline", deadline_days=-1)
    html = home(client_for, secretariat)
    assert "Late agenda" in html and "General meeting tomorrow" in html
    assert "Failed mail" in html and "Agenda published: X</a>: 1 message not delivered" in html
    assert "Tiny Cloud" in html and "1 contributing FTE" in html
    assert "Past deadline" in html and "Past its deadline" in html


def test_a_person_who_is_not_the_secretariat_does_not_see_its_list(client_for, member_user):
    voting("Past its deadline", deadline_days=-1)
    assert "For the Secretariat" not in home(client_for, member_user)


def count_home_queries(client) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/")  # first use: the session's and the process's one-time lookups
    with CaptureQueriesContext(connection) as context:
        assert client.get("/").status_code == 200
    return len(context.captured_queries)


def add_motions_and_companies(first: int, last: int, company, other_company, board_member) -> None:
    for i in range(first, last):
        motion = voting(f"Motion {i}", company, other_company)
        if i % 2:
            Ballot.objects.create(
                motion=motion, company=company, cast_by=board_member, choice="yes", receipt_hash=f"{i:064d}"
            )
        CompanyFactory(name=f"Company {i}", slug=f"company-{i}", contributing_ftes=1, roadmap_ftes=1)


def test_the_home_page_takes_the_same_bounded_number_of_queries_at_2_and_12_motions(
    client_for, secretariat, board_member, coordinator, company, other_company
):
    add_motions_and_companies(0, 2, company, other_company, board_member)
    clients = [client_for(user) for user in (board_member, coordinator, secretariat)]
    small = [count_home_queries(client) for client in clients]
    add_motions_and_companies(2, 12, company, other_company, board_member)
    large = [count_home_queries(client) for client in clients]
    assert small == large, (small, large)
    assert max(large) <= 25, large
