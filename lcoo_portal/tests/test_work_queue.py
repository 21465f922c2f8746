"""Every role's work queue on the home page and its count in the header: each entry links to where it
is done, nobody sees another's items, and the count costs a fixed number of queries."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.test import RequestFactory
from django.utils import timezone

from governance.models import Ballot, ConsensusStance, Motion, Objection
from governance.tests.factories import MotionFactory
from lcoo_portal.home import next_steps_for
from meetings.tests.factories import MeetingFactory, MinutesFactory
from members.models import Company, CompanyInvitation
from members.tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


def queue(client_for, user) -> str:
    response = client_for(user).get("/")
    assert response.status_code == 200
    return response.content.decode().split('data-testid="next-steps"')[1].split("</section>")[0]


def header_count(client_for, user, path: str = "/governance/") -> str:
    html = client_for(user).get(path).content.decode()
    return html.split('data-testid="waiting-count">')[1].split("</a>")[0]


def in_consensus(title: str, *seats, status: str = Motion.Status.CONSENSUS, days: float = 5, **kw) -> Motion:
    motion = MotionFactory(title=title, status=status, consensus_deadline=timezone.now() + timedelta(days=days), **kw)
    motion.electorate.add(*seats)
    return motion


def test_a_board_representative_is_asked_for_the_companys_stance_until_it_answers(
    client_for, board_member, company, other_company
):
    asked = in_consensus("Adopt the FAQ", company, other_company)
    answered = in_consensus("Adopt the logo", company, other_company)
    ConsensusStance.objects.create(motion=answered, company=company, stance="agree", by=board_member)
    objected = in_consensus("Rename the group", company, other_company, status=Motion.Status.OBJECTED)
    Objection.objects.create(motion=objected, company=company, raised_by=board_member, reason="No")
    in_consensus("Expired round", company, days=-1)
    in_consensus("Not our seat", other_company)
    html = queue(client_for, board_member)
    assert "Your company&#x27;s stance is awaited" in html or "Your company's stance is awaited" in html
    assert f'<a href="{asked.get_absolute_url()}#seat-att">Adopt the FAQ</a> is open for consensus' in html
    for title in ("Adopt the logo", "Rename the group", "Expired round", "Not our seat"):
        assert title not in html
    assert header_count(client_for, board_member).startswith('<span class="waiting-n">1</span> waiting')


def test_a_board_representative_sees_votes_awaited_and_ballots_it_may_still_change(
    client_for, board_member, company, other_company
):
    awaited = MotionFactory(
        title="Admit Zephyr", status=Motion.Status.VOTING, voting_deadline=timezone.now() + timedelta(days=3)
    )
    cast = MotionFactory(
        title="Adopt the roadmap", status=Motion.Status.VOTING, voting_deadline=timezone.now() + timedelta(days=3)
    )
    for motion in (awaited, cast):
        motion.electorate.add(company, other_company)
    Ballot.objects.create(motion=cast, company=company, cast_by=board_member, choice="yes", receipt_hash="b" * 64)
    html = queue(client_for, board_member)
    assert f'<a href="{awaited.get_absolute_url()}">Admit Zephyr</a>' in html
    assert "AT&amp;T voted <strong>yes</strong> on" in html and "(you may change it until" in html
    # the ballot already cast is shown, not counted
    assert header_count(client_for, board_member).startswith('<span class="waiting-n">1</span>')


def test_the_chair_sees_objections_votes_ready_to_close_and_ended_cure_periods(
    client_for, chair, company, other_company, secretariat
):
    objected = in_consensus("Contested", company, other_company, status=Motion.Status.OBJECTED)
    all_voted = MotionFactory(
        title="Everyone voted", status=Motion.Status.VOTING, voting_deadline=timezone.now() + timedelta(days=3)
    )
    all_voted.electorate.add(company)
    Ballot.objects.create(motion=all_voted, company=company, cast_by=secretariat, choice="yes", receipt_hash="c" * 64)
    past = MotionFactory(
        title="Past its deadline", status=Motion.Status.VOTING, voting_deadline=timezone.now() - timedelta(hours=1)
    )
    running = MotionFactory(
        title="Still running", status=Motion.Status.VOTING, voting_deadline=timezone.now() + timedelta(days=3)
    )
    running.electorate.add(company, other_company)
    troubled = CompanyFactory(name="Troubled", slug="troubled", status=Company.Status.UNDER_REVIEW)
    cured = MotionFactory(
        title="Revoke Troubled",
        kind=Motion.Kind.REVOKE,
        subject_company=troubled,
        notice_given_at=timezone.now() - timedelta(days=31),
        cure_period_ends_at=timezone.now() - timedelta(days=1),
    )
    MotionFactory(
        title="Revoke still curing",
        kind=Motion.Kind.REVOKE,
        subject_company=troubled,
        notice_given_at=timezone.now() - timedelta(days=2),
        cure_period_ends_at=timezone.now() + timedelta(days=28),
    )
    html = queue(client_for, chair)
    assert (
        f'<a href="{objected.get_absolute_url()}#chair-actions">Contested</a>: a seat objects — you may call a vote'
        in html
    )
    assert "Every seat voted</span>" in html and "Everyone voted" in html
    assert f'<a href="{past.get_absolute_url()}#chair-actions">Past its deadline</a>' in html
    assert (
        f'<a href="{cured.get_absolute_url()}#chair-actions">Revoke Troubled</a>: the notice\'s cure period ended'
        in html
    )
    assert "Still running" not in html and "Revoke still curing" not in html
    assert header_count(client_for, chair).startswith('<span class="waiting-n">4</span>')
    # the Secretariat closes and opens too, but only the chair calls a vote
    secretariat_html = queue(client_for, secretariat)
    assert "Past its deadline" in secretariat_html and "Revoke Troubled" in secretariat_html
    assert "Contested" not in secretariat_html


def test_the_secretariat_sees_requests_meetings_without_minutes_and_agendas_due(client_for, secretariat):
    now = timezone.now()
    applicant = CompanyFactory(name="Zephyr Cloud", slug="zephyr", status=Company.Status.REQUESTED, member_since=None)
    held = MeetingFactory(title="Forum held last week", starts_at=now - timedelta(days=7))
    minuted = MeetingFactory(title="Forum with minutes", starts_at=now - timedelta(days=8))
    MinutesFactory(meeting=minuted, published_at=now - timedelta(days=6))
    MeetingFactory(title="Cancelled forum", starts_at=now - timedelta(days=5), status="cancelled")
    # a general meeting's agenda is due 2 days ahead: one starting in 4 days is due in 2
    due = MeetingFactory(title="General meeting soon", kind="general", starts_at=now + timedelta(days=4))
    MeetingFactory(title="General meeting far off", kind="general", starts_at=now + timedelta(days=40))
    html = queue(client_for, secretariat)
    assert f'<a href="{applicant.get_absolute_url()}">Zephyr Cloud</a> asks to become a member' in html
    assert (
        f'href="/governance/motions/new/?kind=admit&amp;subject_company={applicant.pk}">draft the admission motion</a>'
        in html
    )
    assert f'<a href="{held.get_absolute_url()}#minutes">Forum held last week</a>' in html
    assert "Forum with minutes" not in html and "Cancelled forum" not in html
    assert "Agenda due</span>" in html and f'/meetings/{due.pk}/agenda/">General meeting soon</a>' in html
    assert "General meeting far off" not in html


def test_draft_the_admission_motion_starts_with_the_company_chosen(client_for, secretariat):
    applicant = CompanyFactory(name="Zephyr Cloud", slug="zephyr", status=Company.Status.REQUESTED, member_since=None)
    html = (
        client_for(secretariat)
        .get(f"/governance/motions/new/?kind=admit&subject_company={applicant.pk}")
        .content.decode()
    )
    assert f'<option value="{applicant.pk}" selected>' in html


def test_a_coordinator_confirms_stale_figures_and_sees_unanswered_invitations(
    client_for, coordinator, company, settings
):
    settings.PORTAL_FTES_CONFIRM_DAYS = 183
    company.ftes_declared_at = timezone.now() - timedelta(days=200)
    company.save()
    waiting = CompanyInvitation.objects.create(
        company=company, email="new.hire@att.example", token="t" * 40, expires_at=timezone.now() + timedelta(days=10)
    )
    CompanyInvitation.objects.create(
        company=company, email="expired@att.example", token="u" * 40, expires_at=timezone.now() - timedelta(days=1)
    )
    CompanyInvitation.objects.create(
        company=company,
        email="cancelled@att.example",
        token="v" * 40,
        expires_at=timezone.now() + timedelta(days=10),
        cancelled_at=timezone.now(),
    )
    html = queue(client_for, coordinator)
    assert "out of date</strong> since" in html and 'data-queue="ftes"' in html
    assert "new.hire@att.example" in html and "expired@att.example" not in html
    assert "cancelled@att.example" not in html
    # the item links to the invitation's own controls (send again, cancel) on the roles page
    assert f'<a href="/members/att/roles/#invitation-{waiting.pk}">send it again or cancel it' in html
    assert header_count(client_for, coordinator).startswith('<span class="waiting-n">2</span>')


def test_fresh_figures_are_not_asked_again(client_for, coordinator, company):
    company.ftes_declared_at = timezone.now() - timedelta(days=3)
    company.save()
    assert "time to confirm them" not in queue(client_for, coordinator)
    assert header_count(client_for, coordinator) == 'Nothing waiting<span class="visually-hidden"> for you</span>'


def test_nobody_sees_another_roles_or_anothers_items(
    client_for, member_user, board_member, other_coordinator, company, other_company, secretariat
):
    """The seat holder of another company, a coordinator of another company and a person without a
    role see none of these items, and their header counts nothing."""
    in_consensus("Only AT&T's seat", company)
    CompanyFactory(name="Zephyr Cloud", slug="zephyr", status=Company.Status.REQUESTED, member_since=None)
    MeetingFactory(title="Forum held last week", starts_at=timezone.now() - timedelta(days=7))
    CompanyInvitation.objects.create(
        company=company, email="new.hire@att.example", token="v" * 40, expires_at=timezone.now() + timedelta(days=10)
    )
    in_consensus("Contested", company, status=Motion.Status.OBJECTED)
    for user in (member_user, other_coordinator):
        html = queue(client_for, user)
        for text in ("Only AT&amp;T", "Zephyr Cloud", "Forum held last week", "new.hire@att.example", "Contested"):
            assert text not in html, (user, text)
    assert header_count(client_for, member_user).startswith("Nothing waiting")
    assert "Zephyr Cloud" not in queue(client_for, board_member)
    # the seat answers an objected motion too, but only the chair is told to call the vote
    assert "you may call a vote" not in queue(client_for, board_member)


@pytest.mark.parametrize("who", ["member_user", "board_member", "coordinator", "chair", "secretariat"])
def test_the_header_count_takes_a_fixed_number_of_queries(
    who, request, django_assert_num_queries, django_assert_max_num_queries, company
):
    """The header's count on every signed-in page: a fixed number of queries per role, whatever the archive
    holds (each list is one query, sliced; the Secretariat's failing companies are cached per version)."""
    user = request.getfixturevalue(who)
    in_consensus("Adopt the FAQ", company)
    queries = {"member_user": 5, "board_member": 7, "coordinator": 7, "chair": 8, "secretariat": 12}
    http = RequestFactory().get("/")
    http.user = type(user).objects.get(pk=user.pk)  # nothing cached on the user yet
    with django_assert_num_queries(queries[who]):
        count = next_steps_for(http).waiting
    assert count >= 0
    with django_assert_max_num_queries(0):  # the home page and the header share one queue per request
        assert next_steps_for(http).waiting == count


def test_the_header_count_is_kept_so_other_pages_count_without_a_query(
    client_for, board_member, company, settings, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    """With the fragment cache on (as in production), the count is built once per person and version of the
    record: a second page spends no query on it, and a new stance request (a change to the record) shows."""
    from django.core.cache import cache

    settings.PORTAL_FRAGMENT_CACHE = True
    cache.clear()
    client = client_for(board_member)
    in_consensus("Adopt the FAQ", company)
    assert header_count(client_for, board_member).startswith('<span class="waiting-n">1</span>')
    client.get("/governance/")
    with django_assert_max_num_queries(30) as first:
        client.get("/governance/")
    settings.PORTAL_FRAGMENT_CACHE = False
    with django_assert_max_num_queries(60) as uncached:
        client.get("/governance/")
    assert len(uncached.captured_queries) - len(first.captured_queries) >= 7  # the queue's queries, saved
    settings.PORTAL_FRAGMENT_CACHE = True
    # the version moves when the change commits (its own block: the test's has registered a bump already)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        in_consensus("Adopt the logo", company)
    assert header_count(client_for, board_member).startswith('<span class="waiting-n">2</span>')
