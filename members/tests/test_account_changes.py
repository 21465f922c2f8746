"""Account changes that a stolen session or another member cannot turn against the owner (issue 19), in
production settings: the password is asked again before enrolling a factor or changing the address
while a second factor is required but missing; another member's address is refused without mailing them."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.urls import reverse

from notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery-staple"


def browser() -> Client:
    return Client(HTTP_X_FORWARDED_FOR="198.51.100.7", HTTP_X_FORWARDED_PROTO="https", HTTP_HOST="portal.lcoo.example")


def stolen_session(user) -> Client:
    """What a thief holds: a session cookie, and not the password."""
    client = browser()
    client.force_login(user)
    return client


# allauth 65 already asks for the password before enrolling a factor (MFA_REAUTHENTICATION_REQUIRED);
# these hold the portal to it whatever that setting becomes.
@pytest.mark.parametrize("url_name", ["mfa_activate_totp", "mfa_add_webauthn"])
def test_enrolling_a_factor_asks_for_the_password_until_one_is_enrolled(production, board_member, url_name):
    response = stolen_session(board_member).get(reverse(url_name))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_reauthenticate"))


def test_changing_the_address_asks_for_the_password_until_a_factor_is_enrolled(production, board_member):
    client = stolen_session(board_member)
    response = client.post(reverse("account_email"), {"action_add": "", "email": "thief@example.net"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_reauthenticate"))
    assert not EmailAddress.objects.filter(email="thief@example.net").exists()
    assert not mail.outbox


def test_after_confirming_the_password_the_owner_enrols(production, board_member):
    client = stolen_session(board_member)
    next_url = reverse("mfa_activate_totp")
    client.post(f"{reverse('account_reauthenticate')}?next={next_url}", {"password": PASSWORD, "next": next_url})
    assert client.get(next_url).status_code == 200


def password_sign_in(user) -> Client:
    EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    client = browser()
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert "_auth_user_id" in client.session
    return client


def test_even_just_after_signing_in_a_board_member_without_a_factor_is_asked_again(production, board_member):
    response = password_sign_in(board_member).get(reverse("mfa_activate_totp"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_reauthenticate"))


def test_adding_another_members_address_is_refused_without_mailing_them(production, member_user, coordinator):
    client = browser()
    client.force_login(member_user)
    response = client.post(reverse("account_email"), {"action_add": "", "email": coordinator.email.upper()})
    assert "belongs to another member" in response.content.decode()
    assert not EmailAddress.objects.filter(user=member_user, email__iexact=coordinator.email).exists()
    assert not mail.outbox
    assert not OutboxMessage.objects.filter(to_email=coordinator.email).exists()


def test_adding_an_address_of_ones_own_is_confirmed_and_the_old_address_hears_of_it(production, member_user):
    EmailAddress.objects.create(user=member_user, email=member_user.email, verified=True, primary=True)
    client = browser()
    client.force_login(member_user)
    client.post(reverse("account_email"), {"action_add": "", "email": "member.new@example.org"})
    assert EmailAddress.objects.filter(user=member_user, email="member.new@example.org").exists()
    assert any("member.new@example.org" in m.to for m in mail.outbox)
    assert OutboxMessage.objects.filter(to_email=member_user.email, subject__icontains="address added").exists()
