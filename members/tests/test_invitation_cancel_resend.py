"""An invitation nobody answered is cancelled (its link stops working) or sent again (a new mail, at most
once an hour) from the company's roles page, by its coordinators and the Secretariat (issue 24)."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from members.models import Affiliation, CompanyInvitation
from members.services import company_invitation_accept, company_invitation_create, invitation_cancel, invitation_resend
from notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db

EMAIL = "newcomer@example.org"


@pytest.fixture
def invitation(company, coordinator) -> CompanyInvitation:
    return company_invitation_create(company=company, email=EMAIL, role="", by=coordinator)


def mails() -> int:
    return OutboxMessage.objects.filter(to_email=EMAIL).count()


def url(name: str, invitation: CompanyInvitation) -> str:
    return reverse(f"members:{name}", args=[invitation.company.slug, invitation.pk])


def test_the_roles_page_offers_to_send_again_or_cancel_an_unanswered_invitation(client_for, coordinator, invitation):
    page = client_for(coordinator).get(reverse("members:roles", args=["att"])).content.decode()
    assert f'id="invitation-{invitation.pk}"' in page
    assert url("invitation-resend", invitation) in page
    assert url("invitation-cancel", invitation) in page


def test_cancelling_says_the_link_stops_working_before_acting(client_for, coordinator, invitation):
    response = client_for(coordinator).post(url("invitation-cancel", invitation))
    assert response.status_code == 200
    assert "stops working" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.cancelled_at is None


def test_a_cancelled_invitations_link_refuses(client_for, coordinator, invitation):
    client_for(coordinator).post(url("invitation-cancel", invitation), {"confirm": "yes"})
    invitation.refresh_from_db()
    assert invitation.cancelled_by == coordinator
    assert not CompanyInvitation.objects.pending().filter(pk=invitation.pk).exists()
    page = client_for(None).get(invitation.get_absolute_url()).content.decode()
    assert "This invitation was cancelled" in page
    assert "Accept the invitation" not in page
    client_for(None).post(invitation.get_absolute_url())
    assert not Affiliation.objects.filter(user__email=EMAIL).exists()
    with pytest.raises(ValidationError, match="cancelled"):
        company_invitation_accept(invitation=invitation, user=None)


def test_resending_says_it_sends_mail_before_acting(client_for, coordinator, invitation):
    invitation.created_at -= timedelta(hours=2)
    invitation.save()
    response = client_for(coordinator).post(url("invitation-resend", invitation))
    assert "This e-mails newcomer@example.org" in response.content.decode()
    assert mails() == 1


def test_resending_queues_the_mail_once_and_not_again_within_the_hour(client_for, coordinator, invitation):
    invitation.created_at -= timedelta(hours=2)
    invitation.expires_at = timezone.now() - timedelta(days=1)  # an expired one opens again
    invitation.save()
    client = client_for(coordinator)
    client.post(url("invitation-resend", invitation), {"confirm": "yes"})
    assert mails() == 2
    invitation.refresh_from_db()
    assert invitation.times_sent == 2 and invitation.expires_at > timezone.now() + timedelta(days=13)
    again = client.post(url("invitation-resend", invitation), {"confirm": "yes"}, follow=True)
    assert "it can be sent again from" in again.content.decode()
    assert mails() == 2


def test_the_service_refuses_a_resend_within_the_hour_of_the_first_mail(coordinator, invitation):
    with pytest.raises(ValidationError, match="can be sent again"):
        invitation_resend(invitation=invitation, by=coordinator)
    assert mails() == 1


@pytest.mark.parametrize("who", ["other_coordinator", "member_user", "board_member"])
def test_only_the_companys_coordinators_and_the_secretariat_cancel_or_resend(request, client_for, invitation, who):
    person = request.getfixturevalue(who)
    client = client_for(person)
    assert client.post(url("invitation-cancel", invitation), {"confirm": "yes"}).status_code == 403
    assert client.post(url("invitation-resend", invitation), {"confirm": "yes"}).status_code == 403
    with pytest.raises(PermissionDenied):
        invitation_cancel(invitation=invitation, by=person)
    invitation.refresh_from_db()
    assert invitation.cancelled_at is None and invitation.times_sent == 1


def test_an_invitation_to_a_board_seat_is_the_secretariats_to_cancel(coordinator, secretariat, company):
    seat = company_invitation_create(company=company, email=EMAIL, role="board_representative", by=secretariat)
    with pytest.raises(PermissionDenied):
        invitation_cancel(invitation=seat, by=coordinator)
    invitation_cancel(invitation=seat, by=secretariat)


def test_an_accepted_or_cancelled_invitation_is_neither_cancelled_nor_sent_again(coordinator, invitation):
    invitation_cancel(invitation=invitation, by=coordinator)
    with pytest.raises(ValidationError, match="already cancelled"):
        invitation_cancel(invitation=invitation, by=coordinator)
    with pytest.raises(ValidationError, match="already cancelled"):
        invitation_resend(invitation=invitation, by=coordinator)


def test_the_work_queue_links_to_the_invitations_controls(client_for, coordinator, invitation):
    page = client_for(coordinator).get(reverse("home")).content.decode()
    assert f"/members/att/roles/#invitation-{invitation.pk}" in page
