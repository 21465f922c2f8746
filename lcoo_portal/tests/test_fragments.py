"""Fragments of signed-in pages cached per version of the public record and audience
(kernel/fragments.py): a fragment is never served to a reader of another audience, never carries a
CSRF token, and changes once a service's change to the record commits."""

from datetime import UTC, datetime

import pytest
from django.template import engines
from django.test import Client, RequestFactory
from django.utils import timezone

from governance.services import lifecycle as governance
from governance.tests.conftest import chair, in_days, seats, third_board_member, third_company  # noqa: F401
from governance.tests.factories import MotionFactory
from kernel.fragments import audience, fragment_key
from meetings.models import Kind
from meetings.tests.factories import AgendaItemFactory, MinutesFactory, PublishedMeetingFactory
from members import services as members
from members.audience import BOARD, MEMBER, SECRETARIAT, VISITOR
from members.models import RoleAssignment
from members.services import role_assign
from members.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SECRET = "Dispute with Acme"


@pytest.fixture(autouse=True)
def fragment_cache(settings):
    settings.PORTAL_FRAGMENT_CACHE = True


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a service and its after-commit work, as a committed request would."""

    def run(service, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return service(**kwargs)

    return run


@pytest.fixture
def board_meeting(db):
    """A held board meeting with a confidential agenda item, its minutes published."""
    meeting = PublishedMeetingFactory(
        kind=Kind.EXECUTIVE_BOARD,
        title="Board, September",
        starts_at=datetime(2016, 9, 22, 14, tzinfo=UTC),
        agenda_published_at=datetime(2016, 9, 12, 14, tzinfo=UTC),
        status="held",
    )
    AgendaItemFactory(meeting=meeting, title="Roadmap review")
    AgendaItemFactory(meeting=meeting, title=SECRET, confidential=True)
    MinutesFactory(meeting=meeting, published_at=datetime(2016, 9, 23, tzinfo=UTC))
    return meeting


def page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def confidential_pages(meeting) -> list[str]:
    return [meeting.get_absolute_url(), "/meetings/search/?q=Acme"]


def test_the_audience_is_what_decides_confidential_items(board_member, member_user, secretariat, coordinator):
    from django.contrib.auth.models import AnonymousUser

    assert audience(AnonymousUser()) == VISITOR
    assert audience(member_user) == MEMBER
    assert audience(coordinator) == MEMBER  # a coordinator holds no seat
    assert audience(board_member) == BOARD
    assert audience(secretariat) == SECRETARIAT


def test_a_board_members_cached_fragment_is_not_served_to_a_member_or_a_visitor(
    board_meeting, client_for, board_member, member_user
):
    board, member, visitor = client_for(board_member), client_for(member_user), Client()
    for url in confidential_pages(board_meeting):
        assert SECRET in page(board, url)
        assert SECRET in page(board, url)  # served from the cache
        assert "Roadmap review" in page(member, url) or "search" in url
        assert SECRET not in page(member, url)
        assert SECRET not in page(visitor, url)


def test_a_members_cached_fragment_is_not_served_to_the_board(board_meeting, client_for, board_member, member_user):
    board, member, visitor = client_for(board_member), client_for(member_user), Client()
    for url in confidential_pages(board_meeting):
        assert SECRET not in page(visitor, url)
        assert SECRET not in page(member, url)
        assert SECRET not in page(member, url)
        assert SECRET in page(board, url)


def test_a_representative_of_a_company_without_a_seat_is_not_the_boards_audience(
    board_meeting, client_for, board_member
):
    from members.tests.factories import CompanyFactory

    former = CompanyFactory(name="Former member", status="revoked", member_since=None)
    unseated = UserFactory(email="board.revoked@example.org")
    role_assign(company=former, user=unseated, role=RoleAssignment.Role.BOARD_REPRESENTATIVE, by=None)
    assert SECRET in page(client_for(board_member), board_meeting.get_absolute_url())
    assert SECRET not in page(client_for(unseated), board_meeting.get_absolute_url())


def test_a_signed_in_persons_fragment_is_not_served_to_a_visitor(company, coordinator, client_for, member_user):
    """The company page shows coordinators' addresses to signed-in people only."""
    url = company.get_absolute_url()
    assert coordinator.email in page(client_for(member_user), url)
    assert coordinator.email not in page(Client(), url)


def test_the_fragment_changes_once_a_services_change_commits(company, client_for, board_member, committed):
    board = client_for(board_member)
    url = company.get_absolute_url()
    assert "An estate of forty regions" not in page(board, url)
    # a change that has not committed leaves the version, and so the cached fragment, as they were
    members.company_update_profile(company=company, by=None, estate_description="An estate of forty regions")
    assert "An estate of forty regions" not in page(board, url)
    committed(members.company_update_profile, company=company, by=None, estate_description="An estate of fifty regions")
    assert "An estate of fifty regions" in page(board, url)


def test_the_directory_changes_once_a_declaration_commits(company, client_for, board_member, committed):
    board = client_for(board_member)
    assert "6 / 3" in page(board, "/members/")
    committed(members.company_update_profile, company=company, by=None, contributing_ftes=37, roadmap_ftes=3)
    assert "37 / 3" in page(board, "/members/")


def test_a_fragment_with_a_csrf_token_is_never_stored(board_member):
    template = engines["django"].from_string(
        "{% load portal_fragments %}{% record_cache 'with-token' %}{% csrf_token %}{% endrecord_cache %}"
    )
    outputs = []
    for _ in range(2):
        request = RequestFactory().get("/")
        request.user = board_member
        outputs.append(template.render({}, request))
    assert "csrfmiddlewaretoken" in outputs[0]
    assert outputs[0] != outputs[1]  # each reader got their own token: nothing was served from the cache


def test_a_fragment_is_cached_for_one_audience_and_variables(board_member, member_user):
    template = engines["django"].from_string(
        "{% load portal_fragments %}{% record_cache 'counter' n %}{{ counter.next }}{% endrecord_cache %}"
    )

    class Counter:
        calls = 0

        def next(self) -> int:
            self.calls += 1
            return self.calls

    counter = Counter()

    def render(user, n: int) -> str:
        request = RequestFactory().get("/")
        request.user = user
        return template.render({"counter": counter, "n": n}, request)

    assert render(board_member, 1) == "1"
    assert render(board_member, 1) == "1"  # cached
    assert render(member_user, 1) == "2"  # another audience
    assert render(board_member, 2) == "3"  # another variable


def test_the_time_zone_is_part_of_the_key(board_member):
    request = RequestFactory().get("/")
    with timezone.override("Asia/Tokyo"):
        tokyo = fragment_key(request, board_member, "meeting", (1,))
    request = RequestFactory().get("/")
    with timezone.override("UTC"):
        utc = fragment_key(request, board_member, "meeting", (1,))
    assert tokyo != utc


def test_a_motions_rows_change_once_an_objection_commits(seats, chair, client_for, committed):  # noqa: F811
    """The motion's rows (record_data) are kept per version: an objection shows once it commits, to its
    seat and to another reader alike."""
    motion = governance.motion_open(
        motion=MotionFactory(proposer=chair, title="Adopt the process"), by=chair, consensus_deadline=in_days(7)
    )
    url = motion.get_absolute_url()
    other_company, other_board_member = next((c, u) for c, u in seats.items() if u != chair)
    objector, reader = client_for(other_board_member), client_for(chair)
    assert "A reason to object" not in page(objector, url)
    assert "A reason to object" not in page(reader, url)
    committed(
        governance.objection_raise,
        motion=motion,
        company=other_company,
        by=other_board_member,
        reason="A reason to object",
    )
    assert "A reason to object" in page(reader, url)
    assert f"{other_company} objects." in page(objector, url)
