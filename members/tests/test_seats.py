"""One vocabulary for board seats: a seat is held by the current representative or alternate of a seated company."""

import pytest
from django.utils import timezone

from members.models import Company, RoleAssignment, User
from members.permissions import can_see_confidential, holds_seat, holds_seat_for, seat_companies
from members.services import role_assign, role_end
from members.tests.factories import CompanyFactory, UserFactory

pytestmark = pytest.mark.django_db


def representative(company: Company, email: str) -> User:
    user = UserFactory(email=email)
    role_assign(company=company, user=user, role=RoleAssignment.Role.BOARD_REPRESENTATIVE, by=None)
    return user


def test_the_board_roles_are_the_representative_and_the_alternate():
    assert RoleAssignment.Role.board() == ["board_representative", "board_alternate"]


@pytest.mark.parametrize("status", [Company.Status.PROSPECT, Company.Status.REVOKED, Company.Status.WITHDRAWN])
def test_a_representative_of_a_company_without_a_seat_holds_a_board_role_but_no_seat(status):
    company = CompanyFactory(status=status, member_since=None)
    user = representative(company, "rep@example.org")
    assert RoleAssignment.objects.current().board().filter(user=user).exists()
    assert not RoleAssignment.objects.board_seats().filter(user=user).exists()
    assert seat_companies(user) == [] and not holds_seat(user) and not holds_seat_for(user, company)
    assert user not in User.objects.seat_holders()
    assert not can_see_confidential(user)


@pytest.mark.parametrize("status", [Company.Status.MEMBER, Company.Status.UNDER_REVIEW])
def test_a_representative_of_a_seated_company_holds_its_seat(status):
    company = CompanyFactory(status=status)
    user = representative(company, "rep@example.org")
    assert seat_companies(user) == [company] and holds_seat_for(user, company)
    assert list(Company.objects.seated_for(user)) == [company]
    assert list(User.objects.seat_holders()) == [user]
    assert can_see_confidential(user)


def test_an_ended_role_holds_no_seat_now_but_held_one_then(company, board_member):
    assignment = RoleAssignment.objects.get(user=board_member)
    role_end(assignment=assignment, by=None, reason="Left")
    assert not holds_seat_for(User.objects.get(pk=board_member.pk), company)
    assert RoleAssignment.objects.board().held_at(assignment.started_at).filter(user=board_member).exists()
    assert not RoleAssignment.objects.board().held_at(timezone.now()).filter(user=board_member).exists()


def test_a_coordinator_holds_no_seat(company, coordinator):
    assert not holds_seat(coordinator) and not can_see_confidential(coordinator)
    assert list(User.objects.holding(RoleAssignment.objects.current().coordinators())) == [coordinator]
