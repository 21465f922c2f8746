"""Account security in the browser (issue 19): a passkey signs in and lands where the person was going,
"remember me" is honoured for it, and the Security page lists what happened and signs out everywhere."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

PASSWORD = "correct-horse-battery-staple"
EMAIL = "board.att@example.org"


@pytest.fixture
def person(transactional_db):
    from allauth.account.models import EmailAddress

    from members.tests.factories import UserFactory

    user = UserFactory(email=EMAIL, display_name="Board Member")
    EmailAddress.objects.create(user=user, email=EMAIL, verified=True, primary=True)
    return user


def virtual_authenticator(page) -> None:
    """Chromium's virtual authenticator: a platform passkey that verifies the user without a prompt."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    options = {
        "protocol": "ctap2",
        "transport": "internal",
        "hasResidentKey": True,
        "hasUserVerification": True,
        "isUserVerified": True,
        "automaticPresenceSimulation": True,
    }
    cdp.send("WebAuthn.addVirtualAuthenticator", {"options": options})


def add_passkey(page) -> None:
    page.goto("/accounts/2fa/webauthn/add/")
    if "/accounts/reauthenticate/" in page.url:
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Confirm").click()
    page.get_by_label("Passwordless").check()
    page.locator("#mfa_webauthn_add").click()
    page.wait_for_url(lambda url: "/webauthn/add/" not in url)


def session_cookie(page) -> dict:
    return next(c for c in page.context.cookies() if c["name"] == "sessionid")


def test_a_passkey_sign_in_lands_on_next_and_honours_remember_me(page, person, sign_in):
    virtual_authenticator(page)
    sign_in(EMAIL, PASSWORD)
    add_passkey(page)
    page.get_by_role("button", name="Sign out").first.click()
    if page.get_by_role("button", name="Sign out").count():  # allauth's confirmation page
        page.get_by_role("button", name="Sign out").first.click()

    page.goto("/accounts/login/?next=/accounts/profile/security/")
    page.get_by_label("Remember me with my passkey").check()
    page.get_by_role("button", name="Use a passkey instead").click()
    page.wait_for_url("**/accounts/profile/security/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Security")
    expect(page.get_by_role("cell", name="Passkey added")).to_be_visible()
    assert session_cookie(page)["expires"] > 0  # remembered: survives closing the browser

    page.get_by_role("button", name="Sign out").first.click()
    if page.get_by_role("button", name="Sign out").count():
        page.get_by_role("button", name="Sign out").first.click()
    page.goto("/accounts/login/")
    page.get_by_role("button", name="Use a passkey instead").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    assert urlsplit(page.url).path == "/"  # home, not the sign-in page
    assert session_cookie(page)["expires"] == -1  # not remembered: ends with the browser


def test_the_security_page_signs_out_everywhere_after_confirmation(page, person, sign_in):
    sign_in(EMAIL, PASSWORD)
    page.goto("/accounts/profile/security/")
    page.get_by_role("button", name="Sign out everywhere").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign out everywhere?")
    page.get_by_role("button", name="Sign out everywhere").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    page.goto("/accounts/profile/security/")
    assert "/accounts/login/" in page.url
