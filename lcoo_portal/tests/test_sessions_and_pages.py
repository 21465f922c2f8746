"""Sessions fit a voting portal, and the smaller limits (issue 19), in production settings."""

import time

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core import mail
from django.test import Client
from django.urls import reverse

from members.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery-staple"


def browser(address: str = "198.51.100.7", **extra) -> Client:
    return Client(
        HTTP_X_FORWARDED_FOR=address, HTTP_X_FORWARDED_PROTO="https", HTTP_HOST="portal.lcoo.example", **extra
    )


@pytest.fixture
def person(production):
    user = UserFactory(email="board.att@example.org", display_name="Board")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def signed_in_browser(user) -> Client:
    if not Authenticator.objects.filter(user=user).exists():
        TOTP.activate(user, generate_totp_secret())  # production asks staff and the Secretariat for one
    client = browser()
    client.force_login(user)
    return client


def age_session(client: Client, **seconds_ago: float) -> None:
    from lcoo_portal.middleware import SESSION_SEEN, SESSION_STARTED

    session = client.session
    now = time.time()
    session[SESSION_STARTED] = now - seconds_ago.get("started", 0)
    session[SESSION_SEEN] = now - seconds_ago.get("seen", 0)
    session.save()


def test_a_session_idle_longer_than_the_timeout_is_signed_out(person, settings):
    settings.PORTAL_SESSION_IDLE_MINUTES = 30
    client = signed_in_browser(person)
    age_session(client, started=31 * 60, seen=31 * 60)
    response = client.get(reverse("profile"))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    assert "_auth_user_id" not in client.session


def test_an_active_session_ends_at_its_absolute_lifetime(person, settings):
    settings.PORTAL_SESSION_MAX_HOURS = 8
    client = signed_in_browser(person)
    age_session(client, started=8 * 3600 + 60, seen=10)
    assert client.get(reverse("profile")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_an_active_session_within_its_limits_goes_on(person):
    client = signed_in_browser(person)
    age_session(client, started=3600, seen=60)
    assert client.get(reverse("profile")).status_code == 200


def test_the_default_limits_suit_accounts_that_vote(settings):
    assert settings.PORTAL_SESSION_IDLE_MINUTES <= 120 and settings.PORTAL_SESSION_MAX_HOURS <= 24
    assert settings.SESSION_COOKIE_AGE <= 24 * 3600


def test_sign_out_everywhere_ends_every_session_after_confirmation(person):
    laptop, phone = signed_in_browser(person), signed_in_browser(person)
    asked = laptop.post(reverse("account-sign-out-everywhere"))
    assert asked.status_code == 200 and "Sign out everywhere" in asked.content.decode()
    assert phone.get(reverse("profile")).status_code == 200
    laptop.post(reverse("account-sign-out-everywhere"), {"confirm": "yes"})
    assert phone.get(reverse("profile")).status_code == 302
    assert laptop.get(reverse("profile")).status_code == 302


@pytest.mark.parametrize("url", ["/", "/accounts/profile/", "/members/"])
def test_signed_in_pages_are_private_and_not_stored(person, url):
    response = signed_in_browser(person).get(url)
    control = response["Cache-Control"]
    assert "private" in control and "no-store" in control


def test_the_compliance_csv_is_private_and_not_stored(production, secretariat):
    response = signed_in_browser(secretariat).get(reverse("members:compliance-csv"))
    assert response.status_code == 200
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_htmx_fragments_are_private_and_not_stored(production):
    response = browser(HTTP_HX_REQUEST="true").get("/")
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_a_csrf_failure_shows_the_portals_own_page(person):
    client = Client(
        enforce_csrf_checks=True,
        HTTP_X_FORWARDED_PROTO="https",
        HTTP_HOST="portal.lcoo.example",
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    client.force_login(person)
    response = client.post(reverse("profile"), {"display_name": "X"}, HTTP_REFERER="https://portal.lcoo.example/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "Your form was not sent" in html and "reload the page" in html and 'class="site-header"' in html


@pytest.mark.parametrize("url", ["/accounts/password/change/", "/accounts/login/", "/accounts/password/reset/"])
@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_an_unsupported_method_is_a_405(person, url, method):
    assert getattr(signed_in_browser(person), method)(url).status_code == 405


def test_the_admins_password_change_goes_through_the_portals_page(production, superuser):
    client = signed_in_browser(superuser)
    response = client.get("/admin/password_change/")
    assert response.status_code == 302 and response["Location"] == reverse("account_change_password")
    refused = client.post(
        "/admin/password_change/", {"old_password": "guess", "new_password1": "x", "new_password2": "x"}
    )
    assert refused.status_code == 405


def test_an_operator_changing_their_own_password_in_the_user_admin_goes_to_the_portals_page(production, superuser):
    response = signed_in_browser(superuser).get(f"/admin/members/user/{superuser.pk}/password/")
    assert response.status_code == 302 and response["Location"] == reverse("account_change_password")


def test_password_reset_mails_to_one_address_are_limited_per_day(person, monkeypatch):
    from allauth.core.internal import ratelimit

    clock = [1_000_000.0]
    monkeypatch.setattr(ratelimit.time, "time", lambda: clock[0])
    for n in range(30):  # one every five minutes from changing addresses: within every per-minute limit
        clock[0] += 300
        browser(f"203.0.113.{n}").post(reverse("account_reset_password"), {"email": "board.att@example.org"})
    assert 0 < len(mail.outbox) <= 10
