"""A one-click unsubscribe tells the person, with an undo link (issue 19), in production settings: a
forwarded board mail's link cannot silently switch off someone's vote notices."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from notifications.models import Kind, OutboxMessage
from notifications.services.preferences import preferences_for, unsubscribe_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True
    settings.PORTAL_BASE_URL = "https://portal.lcoo.example"
    settings.ALLOWED_HOSTS = ["portal.lcoo.example", "portal.test", "testserver"]


def mail_client() -> Client:
    """A mail client's one-click POST: no session, no CSRF token, through the TLS proxy."""
    return Client(enforce_csrf_checks=True, HTTP_X_FORWARDED_PROTO="https", HTTP_HOST="portal.test:6666")


def one_click(user, kind=Kind.BOARD):
    url = reverse("notifications:unsubscribe", args=[unsubscribe_token(user_id=user.pk, kind=kind)])
    return mail_client().post(url, {"List-Unsubscribe": "One-Click"})


def test_a_one_click_unsubscribe_mails_the_person_a_confirmation_with_an_undo_link(production, board_member):
    assert one_click(board_member).status_code == 200
    assert preferences_for(board_member)[Kind.BOARD] is False
    mail = OutboxMessage.objects.get(to_email=board_member.email)
    assert "no longer receive board business" in mail.subject.lower()
    assert re.findall(r"https://portal\.lcoo\.example/notifications/resubscribe/\S+", mail.body_text)
    assert "portal.test" not in mail.body_text


def test_the_undo_link_turns_the_mail_back_on_after_one_more_click(production, board_member):
    one_click(board_member)
    mail = OutboxMessage.objects.get(to_email=board_member.email)
    (undo,) = re.findall(r"https://portal\.lcoo\.example(/notifications/resubscribe/\S+)", mail.body_text)
    browser = Client(HTTP_X_FORWARDED_PROTO="https")
    assert "Turn back on" in browser.get(undo).content.decode()
    assert preferences_for(board_member)[Kind.BOARD] is False
    browser.post(undo)
    assert preferences_for(board_member)[Kind.BOARD] is True


def test_a_repeated_one_click_sends_no_second_mail(production, board_member):
    one_click(board_member)
    one_click(board_member)
    assert OutboxMessage.objects.filter(to_email=board_member.email).count() == 1


def test_a_tampered_undo_link_changes_nothing(production, board_member):
    one_click(board_member)
    response = Client(HTTP_X_FORWARDED_PROTO="https").post(reverse("notifications:resubscribe", args=["x:y:z"]))
    assert response.status_code == 400
    assert preferences_for(board_member)[Kind.BOARD] is False
