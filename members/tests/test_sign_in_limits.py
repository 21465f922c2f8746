"""Sign-in rate limits behind the proxy, and a per-account limit a stranger cannot use to lock a board
member out (issue 10, finding 8)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.urls import reverse

from members.known_devices import KNOWN_DEVICE_COOKIE
from members.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery-staple"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def behind_proxy(settings):
    """What BEHIND_PROXY=true sets (checked against the settings module below)."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1


@pytest.fixture
def person(db):
    user = UserFactory(email="board.att@example.org", display_name="Board")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def browser(address: str) -> Client:
    """A browser at `address`, behind the proxy that appends the address it saw to X-Forwarded-For."""
    return Client(HTTP_X_FORWARDED_FOR=address)


def sign_in(client: Client, email: str, password: str, **extra):
    return client.post(reverse("account_login"), {"login": email, "password": password}, **extra)


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_behind_proxy_the_client_address_comes_from_the_proxys_hop():
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE"}}
    code = "from django.conf import settings; print(settings.ALLAUTH_TRUSTED_PROXY_COUNT)"
    for behind, expected in [("true", "1"), ("false", "0")]:
        result = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", code],
            cwd=ROOT,
            env={**env, "BEHIND_PROXY": behind, "DEBUG": "true"},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.stdout.strip().splitlines()[-1] == expected, result.stderr


def test_behind_the_proxy_one_addresss_failures_do_not_lock_out_everyone(behind_proxy, person):
    stranger = browser("203.0.113.9")
    for n in range(12):
        sign_in(stranger, f"nobody{n}@example.org", "guess")
    assert "Too many failed" in sign_in(stranger, "nobody99@example.org", "guess").content.decode()
    member = browser("198.51.100.7")
    sign_in(member, "board.att@example.org", PASSWORD)
    assert signed_in(member)


def test_a_forged_forwarded_for_entry_does_not_escape_the_limit(behind_proxy, person):
    for n in range(10):
        forged = Client(HTTP_X_FORWARDED_FOR=f"10.0.0.{n}, 203.0.113.9")
        sign_in(forged, f"nobody{n}@example.org", "guess")
    forged = Client(HTTP_X_FORWARDED_FOR="10.0.0.99, 203.0.113.9")
    assert "Too many failed" in sign_in(forged, "nobody99@example.org", "guess").content.decode()


def test_a_stranger_cannot_lock_a_board_member_out_of_a_browser_they_signed_in_with(behind_proxy, person):
    laptop = browser("198.51.100.7")
    sign_in(laptop, "board.att@example.org", PASSWORD)
    assert signed_in(laptop) and KNOWN_DEVICE_COOKIE in laptop.cookies
    laptop.post(reverse("account_logout"))
    assert not signed_in(laptop)

    for n in range(30):  # from many addresses, so only the per-account limit holds them
        sign_in(browser(f"203.0.113.{n}"), "board.att@example.org", f"guess-{n}")
    stranger = browser("203.0.113.200")
    refused = sign_in(stranger, "board.att@example.org", PASSWORD)
    assert "Too many failed" in refused.content.decode()
    assert not signed_in(stranger)

    sign_in(laptop, "board.att@example.org", PASSWORD)
    assert signed_in(laptop)


def test_the_per_account_limit_slows_a_guesser_rotating_addresses(behind_proxy, person):
    for n in range(10):
        sign_in(browser(f"203.0.113.{n}"), "board.att@example.org", f"guess-{n}")
    guesser = browser("203.0.113.77")
    assert "Too many failed" in sign_in(guesser, "board.att@example.org", PASSWORD).content.decode()
    assert not signed_in(guesser)


def test_a_browser_known_for_one_person_is_a_stranger_for_another(behind_proxy, person):
    other = UserFactory(email="board.ntt@example.org")
    EmailAddress.objects.create(user=other, email=other.email, verified=True, primary=True)
    laptop = browser("198.51.100.7")
    sign_in(laptop, "board.att@example.org", PASSWORD)
    laptop.post(reverse("account_logout"))
    for n in range(10):
        sign_in(browser(f"203.0.113.{n}"), "board.ntt@example.org", f"guess-{n}")
    assert "Too many failed" in sign_in(laptop, "board.ntt@example.org", PASSWORD).content.decode()


def test_a_forged_known_device_cookie_is_ignored(behind_proxy, person):
    for n in range(10):
        sign_in(browser(f"203.0.113.{n}"), "board.att@example.org", f"guess-{n}")
    forger = browser("203.0.113.50")
    forger.cookies[KNOWN_DEVICE_COOKIE] = str(person.pk)
    assert "Too many failed" in sign_in(forger, "board.att@example.org", PASSWORD).content.decode()
    assert not signed_in(forger)
