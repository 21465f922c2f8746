"""A coordinator cannot claim anyone: naming someone not affiliated with the company sends an invitation
the person accepts; an affiliation never moves silently; the Secretariat still decides directly."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from members.models import Affiliation, CompanyInvitation, RoleAssignment
from members.permissions import can_edit_company
from members.services import company_invitation_accept, company_invitation_create, person_invite

pytestmark = pytest.mark.django_db


def roles_url(slug: str = "att") -> str:
    return reverse("members:roles", args=[slug])


def test_a_coordinator_cannot_make_another_companys_board_member_their_coordinator(
    client_for, coordinator, other_board_member, company, other_company
):
    response = client_for(coordinator).post(
        roles_url(), {"email": other_board_member.email, "role": "coordinator"}, follow=True
    )
    assert "nothing changes until they accept" in response.content.decode()
    assert not RoleAssignment.objects.current().filter(company=company, user=other_board_member).exists()
    assert list(Affiliation.objects.current().filter(user=other_board_member).values_list("company", flat=True)) == [
        other_company.pk
    ]
    assert not can_edit_company(other_board_member, company)
    assert CompanyInvitation.objects.pending().filter(email=other_board_member.email, company=company).exists()


def test_a_coordinator_cannot_claim_the_secretariat(client_for, coordinator, secretariat, company):
    client_for(coordinator).post(roles_url(), {"email": secretariat.email, "role": "coordinator"})
    assert not Affiliation.objects.filter(user=secretariat, company=company).exists()
    assert not RoleAssignment.objects.filter(user=secretariat).exists()


def test_the_service_refuses_a_coordinators_direct_claim_whatever_door(coordinator, other_board_member, company):
    with pytest.raises(ValidationError, match="must accept"):
        person_invite(company=company, email=other_board_member.email, role="coordinator", by=coordinator)
    assert not RoleAssignment.objects.filter(user=other_board_member, company=company).exists()


def test_the_invited_person_reads_what_accepting_does_then_accepts(
    client_for, coordinator, other_board_member, company, other_company
):
    invitation = company_invitation_create(
        company=company, email=other_board_member.email, role="coordinator", by=coordinator
    )
    page = client_for(other_board_member).get(invitation.get_absolute_url()).content.decode()
    assert "You leave NTT, and your roles there end: executive board representative for NTT" in page
    client_for(other_board_member).post(invitation.get_absolute_url())
    invitation.refresh_from_db()
    assert invitation.accepted_by == other_board_member
    coordinators = RoleAssignment.objects.current().filter(company=company, role="coordinator")
    assert coordinators.filter(user=other_board_member).exists()
    assert not Affiliation.objects.current().filter(user=other_board_member, company=other_company).exists()
    assert not RoleAssignment.objects.current().filter(user=other_board_member, company=other_company).exists()


def test_someone_else_cannot_accept_an_invitation(client_for, coordinator, other_board_member, member_user, company):
    invitation = company_invitation_create(
        company=company, email=other_board_member.email, role="coordinator", by=coordinator
    )
    assert "you are signed in as" in client_for(member_user).get(invitation.get_absolute_url()).content.decode()
    client_for(member_user).post(invitation.get_absolute_url())
    with pytest.raises(PermissionDenied):
        company_invitation_accept(invitation=invitation, user=member_user)
    with pytest.raises(PermissionDenied, match="Sign in"):
        company_invitation_accept(invitation=invitation, user=None)
    invitation.refresh_from_db()
    assert invitation.accepted_at is None
    assert not Affiliation.objects.filter(company=company, user__in=[member_user, other_board_member]).exists()


def test_an_expired_or_accepted_invitation_is_refused(coordinator, member_user, company):
    invitation = company_invitation_create(company=company, email=member_user.email, role="", by=coordinator)
    company_invitation_accept(invitation=invitation, user=member_user)
    with pytest.raises(ValidationError, match="already been accepted"):
        company_invitation_accept(invitation=invitation, user=member_user)
    late = company_invitation_create(company=company, email="late@example.org", role="coordinator", by=coordinator)
    CompanyInvitation.objects.filter(pk=late.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    late.refresh_from_db()
    with pytest.raises(ValidationError, match="expired"):
        company_invitation_accept(invitation=late, user=None)


def test_a_coordinator_cannot_invite_to_a_board_seat(coordinator, company):
    with pytest.raises(PermissionDenied):
        company_invitation_create(company=company, email="x@example.org", role="board_representative", by=coordinator)


def test_the_secretariat_still_names_someone_directly(secretariat, other_board_member, company):
    person_invite(company=company, email=other_board_member.email, role="coordinator", by=secretariat)
    assert RoleAssignment.objects.current().filter(company=company, user=other_board_member).exists()


def test_a_coordinator_sees_the_companys_people_and_invites_a_colleague(
    client_for, coordinator, board_member, secretariat, company
):
    client = client_for(coordinator)
    client.post(roles_url(), {"email": "colleague@example.org", "role": ""})
    page = client.get(roles_url()).content.decode()
    assert board_member.email in page and coordinator.email in page  # the people affiliated
    assert "colleague@example.org as colleague" in page and "Waiting for an answer" in page
    assert "Left the company" not in page  # ending an affiliation stays the Secretariat's
    assert "colleague@example.org as colleague" in client_for(secretariat).get(roles_url()).content.decode()


def test_an_unknown_invitation_is_404(client):
    assert client.get(reverse("members:invitation", args=["nope"])).status_code == 404
