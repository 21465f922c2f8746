"""An account's security history (issue 19): each change is recorded, listed on the Security page and
mailed to the person, with links from PORTAL_BASE_URL."""

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.urls import reverse

from members.models import SecurityEvent
from members.security import security_event_record
from members.tests.factories import UserFactory
from notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery-staple"
Kind = SecurityEvent.Kind


def https_client(address: str = "198.51.100.7", host: str = "portal.lcoo.example") -> Client:
    """A browser behind the proxy (which terminates TLS and appends the client's address)."""
    return Client(HTTP_X_FORWARDED_FOR=address, HTTP_X_FORWARDED_PROTO="https", HTTP_HOST=host)


@pytest.fixture
def person(db):
    user = UserFactory(email="board.att@example.org", display_name="Board")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def test_changing_the_password_is_recorded_and_mailed_with_the_configured_address(production, person):
    browser = https_client(host="portal.test:6666")
    browser.force_login(person)
    browser.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": "a-new-long-passphrase-42", "password2": "a-new-long-passphrase-42"},
        HTTP_USER_AGENT="Firefox/140",
    )
    event = SecurityEvent.objects.get(user=person)
    assert event.kind == Kind.PASSWORD_CHANGED
    assert event.ip_address == "198.51.100.7" and event.user_agent == "Firefox/140"
    mail = OutboxMessage.objects.get(to_email="board.att@example.org")
    assert "password changed" in mail.subject.lower()
    assert "198.51.100.7" in mail.body_text
    assert "https://portal.lcoo.example/accounts/password/reset/" in mail.body_text
    assert "portal.test" not in mail.body_text and "portal.test" not in mail.body_html


def test_the_security_page_lists_the_persons_events_with_time_and_address(production, person):
    security_event_record(user=person, kind=Kind.MFA_ADDED)
    other = UserFactory(email="someone.else@example.org")
    security_event_record(user=other, kind=Kind.PASSKEY_REMOVED)
    browser = https_client()
    browser.force_login(person)
    event = SecurityEvent.objects.get(user=person)
    event.ip_address = "192.0.2.44"
    event.save()
    html = browser.get(reverse("account-security")).content.decode()
    assert "Authenticator app added" in html and "192.0.2.44" in html
    assert "Passkey removed" not in html


def test_the_security_page_is_for_the_signed_in_person_only(production):
    response = https_client().get(reverse("account-security"))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_the_security_page_refuses_a_post(production, person):
    browser = https_client()
    browser.force_login(person)
    assert browser.post(reverse("account-security")).status_code == 405


def test_an_address_change_is_mailed_to_every_verified_address(production, person):
    EmailAddress.objects.create(user=person, email="board.new@example.org", verified=True, primary=False)
    security_event_record(user=person, kind=Kind.EMAIL_PRIMARY, detail="from a to b")
    assert set(OutboxMessage.objects.values_list("to_email", flat=True)) == {
        "board.att@example.org",
        "board.new@example.org",
    }


def test_a_successful_single_sign_on_is_recorded_but_not_mailed(production, person):
    security_event_record(user=person, kind=Kind.SSO_SIGN_IN)
    assert SecurityEvent.objects.filter(user=person, kind=Kind.SSO_SIGN_IN).exists()
    assert not OutboxMessage.objects.exists()


def test_failed_second_factor_attempts_are_mailed_once_per_burst(production, person):
    for _ in range(5):
        security_event_record(user=person, kind=Kind.SECOND_FACTOR_FAILED)
    assert SecurityEvent.objects.filter(user=person).count() == 5
    mail = OutboxMessage.objects.get()
    assert "knows your password" in mail.subject
