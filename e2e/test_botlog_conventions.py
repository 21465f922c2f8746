"""An imported meeting-bot log's minutes, as MeetBot writes them: a #link shows as a link with its
description, and each action its owners (every attendee for "everyone"), its text as written and the due
date written in it."""

import re

from playwright.sync_api import expect

from e2e.conftest import axe_serious_violations
from meetings.models import Meeting
from meetings.services.minutes import minutes_publish
from members.models import User

LOG = """\
14:00:03 <jamemcc> #startmeeting lcoo
14:01:10 <jamemcc> #topic Roadmap links
14:02:00 <andyu> #link https://etherpad.openstack.org/p/lcoo-roadmap The roadmap etherpad
14:03:00 <jamemcc> #action andyu send the final Charter to the board by 2026-12-20
14:04:00 <jamemcc> #action everyone review the roadmap etherpad
14:59:59 <jamemcc> #endmeeting
"""


def test_an_imported_logs_minutes_show_the_link_with_its_description_and_the_owners(page, demo, sign_in):
    sign_in("secretariat@example.org")
    meeting = Meeting.objects.get(title="General meeting: finalize the Charter")
    page.goto(f"/meetings/{meeting.pk}/minutes/import/")
    page.get_by_label("Meeting-bot log").fill(LOG)
    page.get_by_role("button", name="Preview").click()
    preview = page.get_by_test_id("import-actions")
    expect(preview).to_contain_text("andyu send the final Charter to the board by 2026-12-20 — Andy Ukasick; due")
    expect(preview).to_contain_text("everyone review the roadmap etherpad — everyone:")
    page.get_by_role("button", name="Save as draft minutes").click()
    expect(page.get_by_role("status")).to_contain_text("Imported into the draft minutes")
    minutes_publish(meeting=meeting, by=User.objects.get(email="secretariat@example.org"))

    page.context.clear_cookies()  # a visitor reads the published minutes
    page.goto(f"/meetings/{meeting.pk}/")
    link = page.get_by_role("link", name="The roadmap etherpad")
    expect(link).to_have_attribute("href", "https://etherpad.openstack.org/p/lcoo-roadmap")
    rows = page.get_by_role("row")
    charter = rows.filter(has_text="andyu send the final Charter to the board by 2026-12-20")
    expect(charter).to_contain_text("Andy Ukasick")
    expect(charter.get_by_role("cell").nth(2)).to_have_text(re.compile(r"20 Dec 2026"))
    everyone = rows.filter(has_text="everyone review the roadmap etherpad")
    expect(everyone).to_have_count(2)  # the two attendees: jamemcc and andyu
    expect(everyone.filter(has_text="Andy Ukasick")).to_have_count(1)
    assert axe_serious_violations(page) == []
