"""Confidential board items are seen by the Secretariat and the board's seat holders only, on every page."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from meetings.models import Kind
from meetings.tests.factories import (
    ActionItemFactory,
    AgendaItemFactory,
    DecisionFactory,
    MinutesFactory,
    PublishedMeetingFactory,
)
from members.models import Company, RoleAssignment
from members.permissions import can_see_confidential
from members.services import role_assign
from members.tests.factories import CompanyFactory, UserFactory

SECRET_ACTION = "Brief counsel on the Acme dispute"


@pytest.fixture
def past_board_meeting(db, company):
    """A held board meeting whose published minutes hold a confidential item's open action item."""
    meeting = PublishedMeetingFactory(
        kind=Kind.EXECUTIVE_BOARD,
        title="Board, September",
        starts_at=datetime(2016, 9, 22, 14, tzinfo=UTC),
        agenda_published_at=datetime(2016, 9, 12, 14, tzinfo=UTC),
        status="held",
    )
    item = AgendaItemFactory(meeting=meeting, title="Dispute with Acme", confidential=True)
    MinutesFactory(meeting=meeting, published_at=datetime(2016, 9, 23, tzinfo=UTC))
    DecisionFactory(meeting=meeting, agenda_item=item, text="Settle with Acme")
    ActionItemFactory(meeting=meeting, agenda_item=item, text=SECRET_ACTION, owner_name="Counsel", company=company)
    ActionItemFactory(meeting=meeting, text="Publish the roadmap", owner_name="All", company=company)
    return meeting


@pytest.fixture
def next_board_meeting(past_board_meeting):
    return PublishedMeetingFactory(
        kind=Kind.EXECUTIVE_BOARD,
        title="Board, October",
        starts_at=datetime(2016, 10, 20, 14, tzinfo=UTC),
        agenda_published_at=datetime(2016, 10, 10, 14, tzinfo=UTC),
    )


def unseated_representative(status: str):
    company = CompanyFactory(name=f"Former {status}", status=status, member_since=None)
    user = UserFactory(email=f"board.{status}@example.org")
    role_assign(company=company, user=user, role=RoleAssignment.Role.BOARD_REPRESENTATIVE, by=None)
    return user


@pytest.mark.parametrize("name", ["anonymous", "member_user", "coordinator", "board_member", "secretariat"])
def test_a_confidential_board_action_item_is_listed_on_the_actions_page_only_for_the_board(
    name, persona, client_for, past_board_meeting
):
    html = client_for(persona(name)).get(reverse("meetings:actions")).content.decode()
    assert (SECRET_ACTION in html) == (name in {"board_member", "secretariat"})
    assert "Publish the roadmap" in html


@pytest.mark.parametrize("name", ["anonymous", "member_user", "coordinator", "board_member", "secretariat"])
def test_the_next_board_meeting_lists_confidential_open_action_items_only_for_the_board(
    name, persona, client_for, next_board_meeting
):
    html = client_for(persona(name)).get(next_board_meeting.get_absolute_url()).content.decode()
    assert (SECRET_ACTION in html) == (name in {"board_member", "secretariat"})
    assert "Publish the roadmap" in html


@pytest.mark.parametrize("status", [Company.Status.PROSPECT, Company.Status.REVOKED, Company.Status.WITHDRAWN])
def test_a_board_representative_of_a_company_without_a_seat_sees_no_confidential_item(
    status, client_for, past_board_meeting, next_board_meeting
):
    user = unseated_representative(status)
    assert not can_see_confidential(user)
    client = client_for(user)
    for url in (
        past_board_meeting.get_absolute_url(),
        next_board_meeting.get_absolute_url(),
        reverse("meetings:actions"),
    ):
        html = client.get(url).content.decode()
        assert "Dispute with Acme" not in html and SECRET_ACTION not in html and "Settle with Acme" not in html
    assert "Nothing found" in client.get(reverse("search"), {"q": "Acme"}).content.decode()


def test_a_seat_holder_of_a_company_under_review_still_sees_confidential_items(board_member, company):
    Company.objects.filter(pk=company.pk).update(status=Company.Status.UNDER_REVIEW)
    board_member.refresh_from_db()
    assert can_see_confidential(board_member)


def test_the_board_finds_confidential_items_in_search_and_visitors_do_not(client_for, board_member, past_board_meeting):
    assert SECRET_ACTION in client_for(board_member).get(reverse("search"), {"q": "counsel"}).content.decode()
    assert SECRET_ACTION not in client_for(None).get(reverse("search"), {"q": "counsel"}).content.decode()
