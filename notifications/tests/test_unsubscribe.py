"""One-click unsubscribe: a signed link, no sign-in, and a tampered token changes nothing."""

import pytest
from django.urls import reverse

from notifications.models import Kind, Preference
from notifications.services.announcements import Recipient, announcement_create
from notifications.services.preferences import preferences_for, unsubscribe_token

pytestmark = pytest.mark.django_db


def link(user, kind=Kind.ANNOUNCEMENTS) -> str:
    return reverse("notifications:unsubscribe", args=[unsubscribe_token(user_id=user.pk, kind=kind)])


def test_the_link_shows_a_confirmation_without_sign_in_and_changes_nothing_on_get(client, member_user):
    response = client.get(link(member_user))
    assert response.status_code == 200
    assert b"Unsubscribe" in response.content and member_user.email.encode() in response.content
    assert preferences_for(member_user)[Kind.ANNOUNCEMENTS] is True


def test_posting_the_confirmation_unsubscribes_without_sign_in(client, member_user):
    response = client.post(link(member_user))
    assert response.status_code == 200
    assert preferences_for(member_user)[Kind.ANNOUNCEMENTS] is False
    assert preferences_for(member_user)[Kind.MINUTES] is True


def test_the_rfc_8058_one_click_post_works_without_a_csrf_token(member_user):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(
        link(member_user, Kind.REMINDERS), {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200
    assert preferences_for(member_user)[Kind.REMINDERS] is False


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_tampered_token_is_refused_with_400_and_changes_nothing(client, member_user, other_coordinator, method):
    genuine = unsubscribe_token(user_id=member_user.pk, kind=Kind.ANNOUNCEMENTS)
    forged = unsubscribe_token(user_id=other_coordinator.pk, kind=Kind.ANNOUNCEMENTS)
    # the payload of one user with the signature of another
    tampered = forged.split(":")[0] + ":" + genuine.split(":", 1)[1]
    response = getattr(client, method)(reverse("notifications:unsubscribe", args=[tampered]))
    assert response.status_code == 400
    assert b"not valid" in response.content and b"nothing was changed" in response.content
    assert not Preference.objects.exists()


def test_an_unsubscribed_person_gets_no_outbox_row_of_that_kind(member_user, coordinator):
    Preference.objects.create(user=member_user, kind=Kind.MINUTES, enabled=False)
    announcement = announcement_create(
        event="minutes_published",
        key="test:minutes",
        subject="Minutes",
        template="realignment_reminder",
        kind=Kind.MINUTES,
        recipients=[Recipient.for_user(member_user), Recipient.for_user(coordinator)],
        context_for=lambda recipient: {"month": None},
    )
    assert list(announcement.messages.values_list("to_email", flat=True)) == [coordinator.email]


def test_mandatory_mail_has_no_unsubscribe_link_and_ignores_preferences(member_user):
    for kind in Kind.values:
        Preference.objects.create(user=member_user, kind=kind, enabled=False)
    announcement = announcement_create(
        event="person_invited",
        key="test:invite",
        subject="Invitation",
        template="person_invited",
        recipients=[Recipient.for_user(member_user)],
        context_for=lambda recipient: {"set_password_url": "https://portal.example.org/set/abc"},
    )
    message = announcement.messages.get()
    assert message.headers == {}
    assert "unsubscribe" not in message.body_text.lower()
    assert "https://portal.example.org/set/abc" in message.body_text


def test_unsubscribe_refuses_other_methods(client, member_user):
    assert client.put(link(member_user)).status_code == 405
    assert preferences_for(member_user)[Kind.ANNOUNCEMENTS] is True
