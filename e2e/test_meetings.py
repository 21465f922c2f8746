"""The Secretariat prepares a meeting, publishes its agenda and its minutes; a visitor reads and searches them."""

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from e2e.conftest import axe_serious_violations


def test_secretariat_publishes_agenda_and_minutes_and_a_visitor_reads_and_finds_them(
    browser, live_server, page, demo, sign_in
):
    sign_in("secretariat@example.org")
    expect(page.get_by_test_id("current-user")).to_be_visible()

    # A meeting that started two hours ago, so its minutes can be published at the end.
    starts = (datetime.now(UTC) - timedelta(hours=2)).replace(second=0, microsecond=0)
    page.goto("/meetings/new/")
    page.get_by_label("Kind").select_option("general")
    page.get_by_label("Title").fill("General meeting: Zephyrine working group status")
    page.get_by_label("Starts").fill(starts.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Time zone").fill("UTC")
    page.get_by_role("button", name="Create meeting").click()
    # warned at creation: the agenda of a meeting that has started can only be a late record
    expect(page.get_by_test_id("late-notice")).to_contain_text("has already started")
    page.get_by_role("button", name="Create it anyway, with a late agenda").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Agenda of")

    for title in ("Requesting working group status", "Charter: the membership section"):
        page.get_by_label("Title").fill(title)
        page.get_by_role("button", name="Add item").click()
        expect(page.get_by_role("status")).to_contain_text(f"Added “{title}”")
    page.get_by_role("button", name="Publish agenda").click()
    # the meeting has started: the confirmation says so, and the agenda is a late record mailed to no one
    started = re.compile(r"This meeting (started today|took place 1 day ago)")
    expect(page.get_by_test_id("consequences")).to_contain_text(started)
    assert axe_serious_violations(page) == []
    page.get_by_role("button", name="Publish the agenda").click()
    expect(page.get_by_role("status")).to_contain_text("late record")
    expect(page.get_by_test_id("late-record")).to_be_visible()
    meeting_url = page.url
    expect(page.get_by_role("heading", name="Agenda", exact=True)).to_be_visible()

    visitor_context = browser.new_context(base_url=live_server.url, timezone_id="Asia/Kolkata")
    visitor = visitor_context.new_page()
    visitor.goto(meeting_url)
    expect(visitor.get_by_role("heading", level=1)).to_have_text("General meeting: Zephyrine working group status")
    agenda = visitor.locator("ol.agenda")
    expect(agenda).to_contain_text("Requesting working group status")
    expect(agenda).to_contain_text("Charter: the membership section")
    expect(visitor.locator("#minutes")).to_have_count(0)
    # the visitor's browser converts times to its own zone (+05:30)
    local = starts.astimezone(ZoneInfo("Asia/Kolkata"))
    expect(visitor.locator("time[data-local]").first).to_contain_text(f"{local:%a %-d %b %Y, %H:%M} UTC+05:30")
    assert axe_serious_violations(visitor) == []

    page.get_by_role("link", name="Record minutes").click()
    page.get_by_label(re.compile(r"^Decision\b")).fill("Shilla begins the official process for working group status")
    page.get_by_role("button", name="Add decision").click()
    expect(page.get_by_role("status")).to_contain_text("Decision recorded.")
    page.get_by_label(re.compile(r"^Action\b")).fill("Draft the Zephyrine working group request")
    page.get_by_label("Or an owner's name (or “All”)").fill("All")
    page.get_by_role("button", name="Add action item").click()
    expect(page.get_by_role("status")).to_contain_text("Action item recorded.")
    assert axe_serious_violations(page) == []
    page.get_by_role("button", name="Publish minutes").click()
    expect(page.get_by_test_id("consequences")).to_contain_text("This e-mails")
    page.get_by_role("button", name="Publish the minutes").click()
    expect(page.get_by_role("status")).to_contain_text("Minutes published.")

    visitor.reload()
    minutes = visitor.locator("#minutes").locator("xpath=..")
    expect(minutes).to_contain_text("Shilla begins the official process for working group status")
    expect(minutes).to_contain_text("Draft the Zephyrine working group request")

    visitor.goto("/meetings/search/")
    visitor.get_by_label("Words to find").fill("Zephyrine")
    visitor.get_by_role("button", name="Search").click()
    expect(visitor.get_by_role("link", name="Draft the Zephyrine working group request")).to_be_visible()
    visitor.get_by_role("link", name="Draft the Zephyrine working group request").click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text("General meeting: Zephyrine working group status")
    visitor_context.close()


def test_secretariat_imports_past_meetings_from_a_folder_of_bot_logs(page, demo, sign_in, tmp_path):
    from meetings.tests.test_archive_import import FOLDER

    sign_in("secretariat@example.org")
    page.goto("/meetings/")
    page.get_by_role("link", name="Import past meetings").click()
    paths = []
    for name, text in FOLDER:
        (tmp_path / name).write_text(text)
        paths.append(str(tmp_path / name))
    page.get_by_label("Kind of meeting").select_option("general")
    page.get_by_label("Meeting-bot logs").set_input_files(paths)
    page.get_by_role("button", name="Preview the import").click()
    expect(page.get_by_role("row", name="lcoo.2016-09-22-14.00.log.txt")).to_contain_text("A new general meeting")
    page.get_by_role("button", name="Import 2 meetings (no mail is sent)").click()
    expect(page.get_by_role("status")).to_contain_text("Imported 2 past meetings with draft minutes")
    assert axe_serious_violations(page) == []
