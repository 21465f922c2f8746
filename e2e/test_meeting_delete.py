"""The Secretariat deletes a draft meeting from its edit page, after the confirmation page says what goes."""

from datetime import UTC, datetime, timedelta

from playwright.sync_api import expect

from e2e.conftest import axe_serious_violations
from meetings.models import AgendaItem, Kind, Meeting


def test_the_secretariat_deletes_a_draft_meeting_after_the_confirmation(page, demo, sign_in):
    starts = (datetime.now(UTC) + timedelta(days=20)).replace(hour=15, minute=0, second=0, microsecond=0)
    draft = Meeting.objects.create(
        kind=Kind.GENERAL, title="General meeting: a draft to drop", starts_at=starts, duration_minutes=60
    )
    AgendaItem.objects.create(meeting=draft, position=1, title="Welcome")

    sign_in("secretariat@example.org")
    expect(page.get_by_test_id("current-user")).to_be_visible()
    page.goto(f"/meetings/{draft.pk}/edit/")
    page.get_by_role("button", name="Delete this draft meeting").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete the draft “General meeting: a draft to drop”?")
    expect(page.get_by_test_id("consequences")).to_contain_text("with its draft agenda (1 item)")
    expect(page.get_by_test_id("consequences")).to_contain_text("Nobody is e-mailed")
    assert Meeting.objects.filter(pk=draft.pk).exists()  # nothing yet
    assert axe_serious_violations(page) == []
    page.get_by_role("button", name="Delete the draft meeting").click()
    expect(page.get_by_role("status")).to_contain_text("The draft “General meeting: a draft to drop” is deleted.")
    assert not Meeting.objects.filter(pk=draft.pk).exists()
