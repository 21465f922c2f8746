"""Mail, seen in the browser: the Secretariat follows deliveries and retries failures; anyone unsubscribes
from a link without signing in; a signed-in person chooses the kinds of mail they receive."""

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from e2e.conftest import axe_serious_violations
from members.models import User
from notifications.models import Announcement, Kind, OutboxMessage
from notifications.services.preferences import preferences_for, unsubscribe_token


def test_the_secretariat_sees_a_failed_delivery_and_retries_it(page, demo, sign_in):
    announcement = Announcement.objects.create(
        event="agenda_published", key="e2e:agenda", subject="Agenda: E2E general meeting"
    )
    OutboxMessage.objects.create(
        announcement=announcement,
        idempotency_key="e2e:agenda:to:member@example.org",
        to_email="member@example.org",
        subject="Agenda",
        body_text="…",
        status="failed",
        attempts=8,
        last_error="SMTPDataError: (451, b'try again later')",
    )
    sign_in("secretariat@example.org")
    page.goto("/notifications/")
    page.get_by_role("link", name="Agenda: E2E general meeting").click()
    expect(page.get_by_role("cell", name="Failed", exact=True)).to_be_visible()
    assert axe_serious_violations(page) == []
    page.get_by_role("button", name="Retry the 1 failed").click()
    expect(page.get_by_role("status")).to_contain_text("1 failed message(s) queued again")
    expect(page.get_by_role("cell", name="Pending", exact=True)).to_be_visible()


def test_the_secretariat_sees_a_row_stalled_in_sending(page, demo, sign_in):
    announcement = Announcement.objects.create(event="agenda_published", key="e2e:stalled", subject="Agenda: stalled")
    OutboxMessage.objects.create(
        announcement=announcement,
        idempotency_key="e2e:stalled:to:member@example.org",
        to_email="member@example.org",
        subject="Agenda",
        body_text="…",
        status="sending",
        attempts=1,
        claimed_at=timezone.now() - timedelta(hours=1),
    )
    sign_in("secretariat@example.org")
    page.goto("/notifications/")
    expect(page.get_by_role("row", name=re.compile("Agenda: stalled"))).to_contain_text("1 stalled")
    page.get_by_role("link", name="Agenda: stalled").click()
    expect(page.get_by_text("1 stalled", exact=False).first).to_be_visible()
    assert axe_serious_violations(page) == []


def test_an_unsubscribe_link_works_without_signing_in_and_a_tampered_one_is_refused(page, demo):
    member = User.objects.get(email="member@example.org")
    token = unsubscribe_token(user_id=member.pk, kind=Kind.MINUTES)
    page.goto(reverse("notifications:unsubscribe", args=[token[:-2] + "xx"]))
    expect(page.get_by_role("heading", level=1)).to_have_text("This unsubscribe link is not valid")
    page.goto(reverse("notifications:unsubscribe", args=[token]))
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Unsubscribed")
    assert preferences_for(member)[Kind.MINUTES] is False


def test_a_person_turns_off_the_weekly_digest(page, demo, sign_in):
    sign_in("member@example.org")
    page.goto("/notifications/preferences/")
    assert axe_serious_violations(page) == []
    page.get_by_label("Weekly digest of my action items").uncheck()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("saved")
    expect(page.get_by_label("Weekly digest of my action items")).not_to_be_checked()
