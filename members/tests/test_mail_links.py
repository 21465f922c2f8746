"""Every link in allauth's mails comes from PORTAL_BASE_URL, never from the request's Host header
(issue 19), in production settings."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.urls import reverse

from members.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

BASE = "https://portal.lcoo.example"


def browser(host: str) -> Client:
    return Client(HTTP_X_FORWARDED_FOR="198.51.100.7", HTTP_X_FORWARDED_PROTO="https", HTTP_HOST=host)


def links(message) -> list[str]:
    bodies = [message.body] + [content for content, _ in getattr(message, "alternatives", [])]
    return [link for body in bodies for link in re.findall(r"https?://[^\s\"'<>]+", body)]


@pytest.fixture
def person(production):
    user = UserFactory(email="board.att@example.org", display_name="Board")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.mark.parametrize("host", ["portal.test:6666", "127.0.0.1"])
def test_the_password_reset_link_is_on_the_configured_address_whatever_the_host(person, host):
    browser(host).post(reverse("account_reset_password"), {"email": "board.att@example.org"})
    (message,) = mail.outbox
    found = links(message)
    assert any(link.startswith(f"{BASE}/accounts/password/reset/key/") for link in found), found
    assert all(link.startswith(BASE) for link in found), found
    assert "portal.test" not in message.body and "127.0.0.1" not in message.body


def test_a_reset_for_an_unknown_address_links_the_configured_address(person):
    browser("portal.test:6666").post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    for message in mail.outbox:
        assert "portal.test" not in message.body
        assert all(link.startswith(BASE) for link in links(message))


def test_the_address_confirmation_link_is_on_the_configured_address(person):
    client = browser("portal.test:6666")
    client.force_login(person)
    client.post(reverse("account_email"), {"action_add": "", "email": "board.new@example.org"})
    confirmations = [m for m in mail.outbox if "board.new@example.org" in m.to]
    assert confirmations, [m.subject for m in mail.outbox]
    found = links(confirmations[0])
    assert any(link.startswith(f"{BASE}/accounts/confirm-email/") for link in found), found
    assert "portal.test" not in confirmations[0].body
