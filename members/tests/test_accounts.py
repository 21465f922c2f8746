"""Sign-in by e-mail, closed sign-up, rate limits, password reset, MFA and the profile page."""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import reverse

from members.tests.factories import UserFactory

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def person(db):
    user = UserFactory(email="ada@example.org", display_name="Ada")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def sign_in(client: Client, email: str, password: str):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_sign_in_with_email_and_password(client, person):
    response = sign_in(client, "ada@example.org", PASSWORD)
    assert response.status_code == 302
    assert client.get("/").context["user"] == person


def test_sign_in_is_case_insensitive_on_the_email(client, person):
    assert sign_in(client, "ADA@Example.org", PASSWORD).status_code == 302


def test_wrong_password_is_refused_with_a_clear_message(client, person):
    response = sign_in(client, "ada@example.org", "wrong")
    assert response.status_code == 200
    assert "not correct" in response.content.decode()
    assert not response.context["user"].is_authenticated


def test_unknown_email_is_refused_with_the_same_message(client, db):
    response = sign_in(client, "nobody@example.org", "whatever")
    assert response.status_code == 200
    assert "not correct" in response.content.decode()


def test_unverified_address_must_be_verified_before_signing_in(client, db):
    UserFactory(email="new@example.org")
    response = sign_in(client, "new@example.org", PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")


def test_sign_in_attempts_are_rate_limited(client, person):
    for _ in range(10):
        sign_in(client, "ada@example.org", "wrong")
    response = sign_in(client, "ada@example.org", PASSWORD)
    assert "Too many failed attempts" in response.content.decode()
    assert not response.context["user"].is_authenticated


def test_sign_up_is_closed_by_default(client, db):
    response = client.get(reverse("account_signup"))
    assert b"Sign Up Closed" in response.content or b"closed" in response.content.lower()
    client.post(
        reverse("account_signup"),
        {"email": "x@example.org", "password1": "Zz9!long-pass", "password2": "Zz9!long-pass"},
    )
    assert not EmailAddress.objects.filter(email="x@example.org").exists()


def test_a_setting_opens_sign_up(client, db, settings):
    settings.PORTAL_SIGNUP_OPEN = True
    client.post(
        reverse("account_signup"),
        {"email": "x@example.org", "password1": "Zz9!long-pass", "password2": "Zz9!long-pass"},
    )
    assert EmailAddress.objects.filter(email="x@example.org").exists()


def test_password_reset_sends_a_link(client, person, mailoutbox):
    client.post(reverse("account_reset_password"), {"email": "ada@example.org"})
    assert len(mailoutbox) == 1
    assert "/accounts/password/reset/key/" in mailoutbox[0].body


def test_a_bad_reset_link_says_so_and_changes_nothing(client, person):
    response = client.get("/accounts/password/reset/key/1-bad-token/", follow=True)
    assert response.status_code == 200
    assert b"Bad Token" in response.content or b"invalid" in response.content.lower()
    person.refresh_from_db()
    assert person.check_password(PASSWORD)


def test_bad_totp_code_is_refused_and_the_session_stays_anonymous(client, person):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(person, generate_totp_secret())
    assert Authenticator.objects.filter(user=person, type=Authenticator.Type.TOTP).exists()
    response = sign_in(client, "ada@example.org", PASSWORD)
    assert response.url == reverse("mfa_authenticate")
    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert response.status_code == 200
    assert b"Incorrect code" in response.content
    assert not client.get("/").context["user"].is_authenticated


def test_a_valid_totp_code_completes_sign_in(client, person):
    from allauth.mfa.totp.internal.auth import (
        TOTP,
        format_hotp_value,
        generate_totp_secret,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    secret = generate_totp_secret()
    TOTP.activate(person, secret)
    sign_in(client, "ada@example.org", PASSWORD)
    code = format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 302
    assert client.get("/").context["user"] == person


def test_profile_page_saves_name_and_time_zone(client, person):
    client.force_login(person)
    response = client.post(reverse("profile"), {"display_name": "Ada L.", "time_zone": "Asia/Kolkata"}, follow=True)
    assert b"Your profile is saved" in response.content
    person.refresh_from_db()
    assert (person.display_name, str(person.time_zone)) == ("Ada L.", "Asia/Kolkata")


def test_profile_page_refuses_an_unknown_time_zone_and_changes_nothing(client, person):
    client.force_login(person)
    response = client.post(reverse("profile"), {"display_name": "Other", "time_zone": "Mars/Olympus"})
    assert response.status_code == 200
    assert b"not saved" in response.content
    person.refresh_from_db()
    assert (person.display_name, str(person.time_zone)) == ("Ada", "UTC")


def test_profile_page_sends_visitors_to_sign_in(client, db):
    response = client.get(reverse("profile"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
