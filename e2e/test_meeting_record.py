"""The meeting record as people read and write it: the reader-first page, the minutes editor that keeps
typed text, and the calendar subscriptions."""

import re

from playwright.sync_api import expect

from e2e.conftest import axe_serious_violations
from meetings.models import Meeting


def test_a_visitor_reads_a_held_meeting_from_its_summary_box(page, demo):
    meeting = Meeting.objects.get(title__startswith="General meeting: joining procedure")
    page.goto(meeting.get_absolute_url())
    summary = page.get_by_role("region", name="Summary")
    expect(summary).to_contain_text("each new company comes to a general meeting")
    expect(summary).to_contain_text("Begin the official process of requesting working group status")
    expect(summary.get_by_test_id("attendance")).to_contain_text("Reliance Jio")
    jump = page.get_by_role("navigation", name="On this page")
    jump.get_by_role("link", name="Agenda and discussion").click()
    expect(page).to_have_url(f"{page.url.split('#')[0]}#agenda")
    expect(page.get_by_role("heading", name="Agenda and discussion")).to_be_in_viewport()
    expect(page.get_by_test_id("add-to-calendar")).to_have_count(0)  # a past meeting
    assert axe_serious_violations(page) == []


def test_text_typed_in_one_section_survives_saving_another(page, demo, sign_in):
    sign_in("secretariat@example.org")
    meeting = Meeting.objects.get(title="General meeting: finalize the Charter")
    page.goto(f"/meetings/{meeting.pk}/minutes/")
    summary = page.get_by_label("Summary")
    summary.fill("Typed but not saved: the membership section was agreed.")
    page.get_by_label(re.compile(r"^Decision\b")).fill("The Charter goes to the board for adoption")
    page.get_by_role("button", name="Add decision").click()
    expect(page.get_by_role("status")).to_contain_text("Decision recorded.")
    expect(page.locator("#sec-decisions")).to_contain_text("The Charter goes to the board for adoption")
    expect(summary).to_have_value("Typed but not saved: the membership section was agreed.")

    # leaving with the summary unsaved asks first
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.get_by_role("link", name="Meeting page").click()
    expect(summary).to_have_value("Typed but not saved: the membership section was agreed.")
    assert dialogs == ["beforeunload"]

    page.get_by_role("button", name="Save summary").click()
    expect(page.get_by_role("status")).to_contain_text("Summary saved.")
    page.get_by_role("link", name="Meeting page").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(meeting.title)
    assert dialogs == ["beforeunload"]


def test_a_visitor_finds_every_way_to_subscribe(page, demo):
    page.goto("/meetings/")
    page.get_by_role("link", name="Subscribe to the calendar").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Subscribe to the calendar")
    general = page.get_by_test_id("subscription-general")
    expect(general.get_by_role("link", name="Subscribe in your calendar app")).to_have_attribute(
        "href", re.compile(r"^webcal://.+/meetings/calendar/general\.ics$")
    )
    expect(general.get_by_role("link", name="Add to Google Calendar")).to_have_attribute(
        "href", re.compile(r"^https://calendar\.google\.com/calendar/render\?cid=webcal")
    )
    expect(general.get_by_role("link", name="Add to Outlook")).to_have_attribute(
        "href", re.compile(r"^https://outlook\.live\.com/calendar/0/addfromweb\?url=http")
    )
    address = general.get_by_label("Address to paste into any calendar")
    expect(address).to_have_value(re.compile(r"^https?://.+/meetings/calendar/general\.ics$"))
    for kind in ("all", "topical_forum", "executive_board"):
        expect(page.get_by_test_id(f"subscription-{kind}")).to_be_visible()
    assert axe_serious_violations(page) == []

    upcoming = Meeting.objects.get(title="General meeting: roadmap re-alignment")
    page.goto(upcoming.get_absolute_url())
    add = page.get_by_test_id("add-to-calendar")
    expect(add.get_by_role("link", name="Google Calendar")).to_have_attribute("href", re.compile(r"action=TEMPLATE"))
    expect(add.get_by_role("link", name="Outlook")).to_be_visible()
    expect(add.get_by_role("link", name=re.compile(r"\.ics file"))).to_be_visible()
