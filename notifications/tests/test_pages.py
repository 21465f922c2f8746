"""The Secretariat's delivery pages and everyone's mail preferences."""

import pytest
from django.urls import reverse

from notifications.models import Announcement, Kind, OutboxMessage
from notifications.services.preferences import preferences_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def announcement(coordinator, board_member) -> Announcement:
    announcement = Announcement.objects.create(
        event="agenda_published", key="agenda_published:meeting:1", subject="Agenda"
    )
    OutboxMessage.objects.create(
        announcement=announcement, idempotency_key="k1", to_email=coordinator.email, subject="Agenda", body_text="…"
    )
    OutboxMessage.objects.create(
        announcement=announcement,
        idempotency_key="k2",
        to_email=board_member.email,
        subject="Agenda",
        body_text="…",
        status="failed",
        attempts=8,
        last_error="SMTPDataError: (451, b'try again later')",
    )
    return announcement


def test_the_secretariat_sees_each_announcement_with_its_delivery_counts(client_for, secretariat, announcement):
    response = client_for(secretariat).get(reverse("notifications:index"))
    assert response.status_code == 200
    assert b"Agenda" in response.content


def test_the_secretariat_sees_the_status_of_each_recipient_and_the_error(client_for, secretariat, announcement):
    response = client_for(secretariat).get(reverse("notifications:detail", args=[announcement.pk]))
    content = response.content.decode()
    assert 'data-status="pending"' in content and 'data-status="failed"' in content
    assert "451" in content and "Retry the 1 failed" in content


def test_the_secretariat_sees_how_many_rows_stalled_in_sending(client_for, secretariat, announcement, settings):
    from django.utils import timezone

    stale = timezone.now() - settings.NOTIFICATIONS["CLAIM_TIMEOUT"] * 2
    OutboxMessage.objects.create(
        announcement=announcement,
        idempotency_key="k3",
        to_email="x@example.org",
        subject="Agenda",
        body_text="…",
        status="sending",
        claimed_at=stale,
        attempts=2,
    )
    OutboxMessage.objects.create(
        announcement=announcement,
        idempotency_key="k4",
        to_email="y@example.org",
        subject="Agenda",
        body_text="…",
        status="sending",
        claimed_at=timezone.now(),
    )
    detail = client_for(secretariat).get(reverse("notifications:detail", args=[announcement.pk])).content.decode()
    assert 'data-stalled="1"' in detail and "1 stalled" in detail
    listing = client_for(secretariat).get(reverse("notifications:index")).content.decode()
    assert "1 stalled" in listing


@pytest.mark.parametrize("name", ["member_user", "coordinator", "board_member"])
def test_others_cannot_see_the_delivery_pages(client_for, persona, name, announcement):
    client = client_for(persona(name))
    assert client.get(reverse("notifications:index")).status_code == 403
    assert client.get(reverse("notifications:detail", args=[announcement.pk])).status_code == 403
    assert client.post(reverse("notifications:retry", args=[announcement.pk])).status_code == 403
    assert OutboxMessage.objects.filter(status="failed").count() == 1


def test_an_anonymous_visitor_is_sent_to_sign_in(client, announcement):
    response = client.get(reverse("notifications:index"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_secretariat_retries_the_failed_messages_which_are_queued_after_commit(
    client_for, secretariat, announcement, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        response = client_for(secretariat).post(reverse("notifications:retry", args=[announcement.pk]))
    assert response.status_code == 302
    failed = OutboxMessage.objects.get(idempotency_key="k2")
    assert failed.status == "pending" and failed.attempts == 0
    assert len(callbacks) == 1


def test_retry_refuses_get(client_for, secretariat, announcement):
    assert client_for(secretariat).get(reverse("notifications:retry", args=[announcement.pk])).status_code == 405


def test_a_person_chooses_the_kinds_of_mail_they_receive(client_for, member_user):
    client = client_for(member_user)
    assert client.get(reverse("notifications:preferences")).status_code == 200
    chosen = {kind: "on" for kind in Kind.values if kind not in {Kind.ROADMAP, Kind.ACTION_DIGEST}}
    response = client.post(reverse("notifications:preferences"), chosen)
    assert response.status_code == 302
    choices = preferences_for(member_user)
    assert choices[Kind.ROADMAP] is False and choices[Kind.ACTION_DIGEST] is False and choices[Kind.MINUTES] is True


def test_preferences_need_sign_in(client):
    assert client.get(reverse("notifications:preferences")).status_code == 302


def test_preferences_refuse_other_methods(client_for, member_user):
    assert client_for(member_user).put(reverse("notifications:preferences")).status_code == 405


def test_the_list_refuses_posts(client_for, secretariat):
    assert client_for(secretariat).post(reverse("notifications:index")).status_code == 405


def test_the_admin_does_not_show_the_body_of_a_mail_which_may_hold_a_set_password_link(admin_client, announcement):
    message = OutboxMessage.objects.get(idempotency_key="k1")
    message.body_text = "Choose your password here: https://portal.example.org/accounts/password/reset/key/secret/"
    message.save()
    response = admin_client.get(reverse("admin:notifications_outboxmessage_change", args=[message.pk]))
    assert response.status_code == 200
    assert b"reset/key/secret" not in response.content
