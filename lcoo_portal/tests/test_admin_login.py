"""The admin has no sign-in of its own (issue 10, finding 1): /admin/login/ sends people to allauth's
sign-in, where the second factor and the rate limits apply."""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import Client
from django.urls import reverse

from members.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def staff_with_totp(db):
    user = UserFactory(email="operator@example.org", is_staff=True, is_superuser=True)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    TOTP.activate(user, generate_totp_secret())
    return user


def admin_sign_in(client: Client, email: str, password: str):
    return client.post(reverse("admin:login"), {"username": email, "password": password, "next": "/admin/"})


def test_the_admin_login_page_sends_visitors_to_the_portals_sign_in(client):
    response = client.get(reverse("admin:login"), {"next": "/admin/"})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login") + "?next=%2Fadmin%2F"


def test_the_admin_login_does_not_accept_a_password_alone_from_a_totp_user(client, staff_with_totp):
    admin_sign_in(client, "operator@example.org", PASSWORD)
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


def test_the_portals_sign_in_asks_the_admins_people_for_their_second_factor(client, staff_with_totp):
    response = client.post(
        reverse("account_login") + "?next=/admin/", {"login": "operator@example.org", "password": PASSWORD}
    )
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session


def test_wrong_passwords_at_the_admin_never_sign_anyone_in(client, staff_with_totp):
    for n in range(25):
        admin_sign_in(client, "operator@example.org", f"wrong-{n}")
    admin_sign_in(client, "operator@example.org", PASSWORD)
    assert "_auth_user_id" not in client.session


def test_the_sign_in_the_admin_sends_people_to_is_rate_limited(client, staff_with_totp):
    for n in range(10):
        client.post(reverse("account_login"), {"login": "operator@example.org", "password": f"wrong-{n}"})
    response = client.post(reverse("account_login"), {"login": "operator@example.org", "password": PASSWORD})
    assert "Too many failed" in response.content.decode()


def test_signed_in_staff_reach_the_admin(client_for, secretariat):
    client = client_for(secretariat)
    assert client.get("/admin/").status_code == 200
    assert client.get(reverse("admin:login"))["Location"] == "/admin/"


def test_a_signed_in_person_without_staff_rights_is_refused_at_the_admin_login(client_for, member_user):
    assert client_for(member_user).get(reverse("admin:login")).status_code == 403
