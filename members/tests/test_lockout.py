"""A lock-out that cannot be used against the owner (issue 19), in production settings: a stranger who
knows a board member's password spends the second factor's attempts from three addresses; the owner
still signs in from their known browser, with a recovery code, and after resetting their password."""

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.test import Client
from django.urls import reverse

from members.tests.factories import UserFactory
from notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery-staple"
EMAIL = "board.att@example.org"
COOKIE = "lcoo_known_device"


def browser(address: str) -> Client:
    """A browser behind the TLS proxy, which appends the address it saw to X-Forwarded-For."""
    return Client(HTTP_X_FORWARDED_FOR=address, HTTP_X_FORWARDED_PROTO="https", HTTP_HOST="portal.lcoo.example")


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def password_step(client: Client, password: str = PASSWORD):
    return client.post(reverse("account_login"), {"login": EMAIL, "password": password})


def code_step(client: Client, code: str):
    return client.post(reverse("mfa_authenticate"), {"code": code})


@pytest.fixture
def owner(production, settings):
    # a code computed just before a 30-second step ends stays valid when it reaches the server
    settings.MFA_TOTP_TOLERANCE = 1
    user = UserFactory(email=EMAIL, display_name="Board")
    EmailAddress.objects.create(user=user, email=EMAIL, verified=True, primary=True)
    user.totp_secret = generate_totp_secret()
    TOTP.activate(user, user.totp_secret)
    user.recovery_codes = RecoveryCodes.activate(user).generate_codes()
    return user


def current_code(owner) -> str:
    return format_hotp_value(hotp_value(owner.totp_secret, next(yield_hotp_counters_from_time())))


def wrong_code(owner) -> str:
    return f"{(int(current_code(owner)) + 1) % 1_000_000:06d}"


def known_laptop(owner) -> Client:
    """The owner's usual browser: they signed in with it (here with a recovery code), then signed out."""
    laptop = browser("198.51.100.7")
    assert password_step(laptop).url == reverse("mfa_authenticate")
    code_step(laptop, owner.recovery_codes[0])
    assert signed_in(laptop) and COOKIE in laptop.cookies
    laptop.post(reverse("account_logout"))
    assert not signed_in(laptop)
    return laptop


def attack(owner, attempts: int = 12) -> None:
    """The stranger: the right password, then wrong authenticator codes, from three addresses."""
    for n in range(attempts):
        stranger = browser(f"203.0.113.{n % 3 + 1}")
        password_step(stranger)
        code_step(stranger, wrong_code(owner))
    blocked = browser("203.0.113.99")
    password_step(blocked)
    assert "Too many failed" in code_step(blocked, current_code(owner)).content.decode()
    assert not signed_in(blocked)


def test_the_owners_known_browser_signs_in_with_their_code_after_the_attack(owner):
    laptop = known_laptop(owner)
    attack(owner)
    password_step(laptop)
    code_step(laptop, current_code(owner))
    assert signed_in(laptop)


def test_a_recovery_code_is_not_blocked_by_failed_authenticator_codes(owner):
    attack(owner)
    hotel = browser("192.0.2.10")
    password_step(hotel)
    code_step(hotel, owner.recovery_codes[1])
    assert signed_in(hotel)


def test_a_password_reset_lifts_the_second_factors_block(owner):
    attack(owner)
    hotel = browser("192.0.2.10")
    key = default_token_generator.make_token(owner)
    url = reverse("account_reset_password_from_key", kwargs={"uidb36": user_pk_to_url_str(owner), "key": key})
    form_url = hotel.get(url).url  # allauth moves the key into the session, then shows the form
    new = "a-new-long-passphrase-42"
    hotel.post(form_url, {"password1": new, "password2": new})
    owner.refresh_from_db()
    assert owner.check_password(new)
    password_step(hotel, new)
    code_step(hotel, current_code(owner))
    assert signed_in(hotel)


def test_the_block_message_names_only_remedies_that_work(owner):
    attack(owner)
    blocked = browser("203.0.113.99")
    password_step(blocked)
    message = code_step(blocked, current_code(owner)).content.decode()
    assert "recovery code" in message and "resetting your password" in message
    assert "browser you have signed in with" in message and "passkey" in message


def test_a_wrong_code_after_the_right_password_mails_the_owner(owner):
    stranger = browser("203.0.113.1")
    password_step(stranger)
    code_step(stranger, wrong_code(owner))
    code_step(stranger, wrong_code(owner))
    mail = OutboxMessage.objects.get(to_email=EMAIL)
    assert "knows your password" in mail.subject
    assert "203.0.113.1" in mail.body_text
    assert "https://portal.lcoo.example/accounts/password/change/" in mail.body_text


def test_a_copied_known_browser_cookie_lifts_nothing_once_revoked(owner):
    laptop = known_laptop(owner)
    copy = browser("203.0.113.50")
    copy.cookies[COOKIE] = laptop.cookies[COOKIE].value
    laptop.force_login(owner)
    laptop.post(reverse("account-known-devices-revoke"), {"confirm": "yes"})
    laptop.post(reverse("account_logout"))
    attack(owner)
    password_step(copy)
    assert "Too many failed" in code_step(copy, current_code(owner)).content.decode()
    assert not signed_in(copy)


def test_the_known_browser_cookie_expires_in_months_not_a_year(owner):
    laptop = known_laptop(owner)
    assert 60 * 86400 <= int(laptop.cookies[COOKIE]["max-age"]) <= 120 * 86400


def test_changing_the_password_makes_known_browsers_strangers(owner):
    laptop = known_laptop(owner)
    owner.set_password("another-long-passphrase-7")
    owner.save()
    for n in range(12):  # a guesser rotating addresses spends the account's password budget
        browser(f"203.0.113.{n}").post(reverse("account_login"), {"login": EMAIL, "password": f"guess-{n}"})
    refused = password_step(laptop, "another-long-passphrase-7")
    assert "Too many failed" in refused.content.decode()
