"""The main path of each page not walked by the other browser tests: the profile, the Secretariat's
company pages, a coordinator's roles page, the compliance CSV, meeting series, the meeting-bot import,
action items, the calendar and feed links, the charter with its diff, the roadmap, the teams, mail
delivery and the admin."""

import csv
import re
from datetime import date, datetime, time, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from e2e.conftest import axe_serious_violations
from governance.models import CharterVersion
from meetings.models import Meeting


def signed_in(page, sign_in, email: str) -> None:
    sign_in(email)
    expect(page.get_by_test_id("current-user")).to_be_visible()


def test_a_person_changes_name_and_time_zone_and_meeting_times_follow(page, demo, sign_in):
    signed_in(page, sign_in, "member@example.org")
    page.get_by_test_id("current-user").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your profile")
    page.get_by_label("Name shown to others").fill("Mira Okafor")
    page.get_by_label("Time zone").fill("Asia/Kolkata")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_role("status")).to_contain_text("Your profile is saved.")
    expect(page.get_by_test_id("current-user")).to_have_text("Mira Okafor")

    meeting = Meeting.objects.get(title="General meeting: roadmap re-alignment")
    local = meeting.starts_at.astimezone(ZoneInfo("Asia/Kolkata"))
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Meetings").click()
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=meeting.title))
    expect(row.locator("time")).to_have_text(f"{local:%a %-d %b %Y, %H:%M} IST (UTC+05:30)")
    expect(page.get_by_role("contentinfo")).to_contain_text("Times are shown in Asia/Kolkata.")


def test_the_secretariat_adds_a_company_and_invites_its_coordinator_by_email(page, demo, sign_in):
    signed_in(page, sign_in, "secretariat@example.org")
    page.goto("/members/")
    page.get_by_role("link", name="Add a company").click()
    page.get_by_label(re.compile(r"^Name\b")).fill("Zephyr Cloud")
    page.get_by_label("Headquarters country").fill("Norway")
    page.get_by_label("Headquarters time zone").fill("Europe/Oslo")
    page.get_by_role("button", name="Add the company").click()
    expect(page.get_by_role("status")).to_contain_text("Zephyr Cloud is created as a prospect.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Zephyr Cloud")
    expect(page).to_have_url(re.compile(r"/members/zephyr-cloud/$"))

    page.get_by_role("link", name="Coordinators and roles").click()
    expect(page.get_by_text("No coordinator.")).to_be_visible()
    page.get_by_label("E-mail address").fill("ola.nordmann@zephyr.example")
    page.get_by_label("Name", exact=True).fill("Ola Nordmann")
    page.get_by_role("combobox", name="Role").select_option("coordinator")
    page.get_by_role("button", name="Name this person").click()
    expect(page.get_by_role("status")).to_contain_text(
        "ola.nordmann@zephyr.example is invited as coordinator: they get an e-mail to set a password."
    )
    row = page.get_by_role("row").filter(has_text="Ola Nordmann")
    expect(row.get_by_role("cell").first).to_have_text("Coordinator")
    expect(page.get_by_text("No coordinator.")).to_have_count(0)

    # The invitation is in the Secretariat's mail-delivery page.
    page.get_by_role("link", name="Mail delivery").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Announcements")
    page.get_by_role("link", name="You are now coordinator for Zephyr Cloud on the LCOO Portal").click()
    expect(page.get_by_role("cell", name="ola.nordmann@zephyr.example")).to_be_visible()


def test_the_secretariat_moves_a_company_on_with_a_reason_and_a_stale_step_is_refused(page, demo, sign_in):
    signed_in(page, sign_in, "secretariat@example.org")
    page.goto("/members/walmart/")
    page.get_by_role("link", name="Change the membership status").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Membership status of Walmart")
    # A second tab holds the same form, still showing “Participating”.
    stale = page.context.new_page()
    stale.goto(page.url)

    page.get_by_label("New status").select_option(label="Membership requested")
    page.get_by_label("Reason").fill("Walmart asked to join at the general meeting.")
    page.get_by_label("Reference").fill("General meeting of 22 September")
    page.get_by_role("button", name="Change the status").click()
    expect(page.get_by_role("status")).to_contain_text("Walmart is now “Membership requested”.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Walmart")
    expect(page.get_by_text("Walmart asked to join at the general meeting.")).to_be_visible()

    stale.get_by_label("New status").select_option(label="Membership requested")
    stale.get_by_label("Reason").fill("Asked again.")
    stale.get_by_role("button", name="Change the status").click()
    expect(stale.get_by_role("status")).to_contain_text(
        "The status did not change: Walmart cannot go from “Membership requested” to “Membership requested”."
    )
    expect(stale.get_by_text("Now: Membership requested")).to_be_visible()


def test_a_coordinator_invites_a_colleague_who_accepts_then_ends_their_role(browser, live_server, page, demo, sign_in):
    from members.models import CompanyInvitation

    signed_in(page, sign_in, "coordinator.ntt@example.org")
    page.goto("/members/ntt/")
    page.get_by_role("link", name="Coordinators and roles").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Coordinators and roles at NTT")
    # Board seats are the Secretariat's: the coordinator can end neither nor name anyone to one.
    expect(page.get_by_role("button", name=re.compile("^End board"))).to_have_count(0)
    options = page.get_by_role("combobox", name="Role").locator("option")
    expect(options).to_have_text(["Coordinator", "Colleague (no role)"])
    expect(page.get_by_test_id("people")).to_contain_text("Shintaro Mizuno")

    page.get_by_label("E-mail address").fill("kenji.sato@ntt.example")
    page.get_by_label("Name", exact=True).fill("Kenji Sato")
    page.get_by_role("combobox", name="Role").select_option("coordinator")
    page.get_by_role("button", name="Name this person").click()
    expect(page.get_by_role("status")).to_contain_text("kenji.sato@ntt.example is invited as coordinator")
    expect(page.get_by_test_id("invitations")).to_contain_text("Waiting for an answer")
    expect(page.get_by_role("row").filter(has_text="Kenji Sato")).to_have_count(0)  # not before accepting

    # Kenji opens the link of the invitation mail, reads what accepting does, and accepts.
    link = CompanyInvitation.objects.get(email="kenji.sato@ntt.example").get_absolute_url()
    kenji_context = browser.new_context(base_url=live_server.url)
    kenji = kenji_context.new_page()
    kenji.goto(link)
    expect(kenji.get_by_role("heading", level=1)).to_have_text("Join NTT")
    expect(kenji.get_by_test_id("consequences")).to_contain_text("An account is created for kenji.sato@ntt.example")
    assert axe_serious_violations(kenji) == []
    kenji.get_by_role("button", name="Accept the invitation").click()
    expect(kenji).to_have_url(re.compile(r"/accounts/password/reset/key/"))  # then chooses a password
    kenji_context.close()

    page.reload()
    expect(page.get_by_test_id("invitations")).to_contain_text("Accepted")
    expect(page.get_by_role("row").filter(has_text="Kenji Sato")).to_be_visible()
    page.get_by_role("button", name="End coordinator role of Kenji Sato").click()
    expect(page.get_by_test_id("consequences")).to_contain_text("Kenji Sato is no longer coordinator for NTT.")
    assert axe_serious_violations(page) == []
    page.get_by_role("button", name="End the role").click()
    expect(page.get_by_role("status")).to_contain_text("Kenji Sato is no longer coordinator.")
    expect(page.get_by_role("row").filter(has_text="Kenji Sato")).to_have_count(0)
    expect(page.get_by_role("row").filter(has_text="Shintaro Mizuno")).to_be_visible()


def test_a_signed_in_person_downloads_the_compliance_table(page, demo, sign_in):
    signed_in(page, sign_in, "member@example.org")
    page.goto("/members/")
    with page.expect_download() as info:
        page.get_by_role("link", name="Download the compliance table (CSV)").click()
    download = info.value
    assert re.fullmatch(r"lcoo-compliance-\d{4}-\d{2}-\d{2}\.csv", download.suggested_filename)
    with open(download.path(), encoding="utf-8", newline="") as file:
        rows = list(csv.reader(file))
    assert rows[0][:3] == ["company", "status", "operator kind"]
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["AT&T"][1] == "Member"
    assert by_name["Walmart"][1] == "Participating"


def test_the_secretariat_creates_a_series_with_a_rotation_and_generates_its_meetings(page, demo, sign_in):
    first = date.today() + timedelta(days=7 + (1 - date.today().weekday()) % 7)  # a Tuesday, a week or more ahead
    signed_in(page, sign_in, "secretariat@example.org")
    page.goto("/meetings/")
    page.get_by_role("navigation", name="Meetings").get_by_role("link", name="Series").click()
    page.get_by_role("link", name="New series").click()
    page.get_by_label("Title").fill("Upgrades team")
    page.get_by_label("Slug").fill("upgrades-team")
    page.get_by_label("Kind").select_option(label="Team meeting")
    page.get_by_label("Cadence").select_option(label="Every N weeks")
    page.get_by_label("Interval weeks").fill("1")
    page.get_by_label("Weekday").select_option(label="Tuesday")
    page.get_by_label("Starts on").fill(first.isoformat())
    page.get_by_label("Duration minutes").fill("60")
    page.get_by_label("Rotation").fill("07:00 America/Los_Angeles\n17:00 Asia/Tokyo")
    page.get_by_role("button", name="Save series").click()
    expect(page.get_by_role("status")).to_contain_text("Series saved.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Upgrades team")
    expect(page.get_by_text("07:00 America/Los_Angeles, then 17:00 Asia/Tokyo")).to_be_visible()
    expect(page.get_by_test_id("fair-rotation").get_by_role("row").filter(has_text="Asia/Tokyo")).to_contain_text("NTT")
    expect(page.get_by_text("None generated yet.")).to_be_visible()

    page.get_by_label("Generate occurrences until").fill((first + timedelta(days=14)).isoformat())
    page.get_by_role("button", name="Generate").click()
    expect(page.get_by_role("status")).to_contain_text("3 meeting(s) generated as drafts.")
    rows = page.get_by_role("table", name="Meetings of this series").get_by_role("row")
    expect(rows).to_have_count(4)  # a header and three meetings
    # The occurrences take the rotation in turn; the Secretariat, who has not chosen a zone, reads times in
    # the browser's zone (Europe/Paris) rather than a silent UTC.
    slots = [(time(7), "America/Los_Angeles"), (time(17), "Asia/Tokyo"), (time(7), "America/Los_Angeles")]
    for n, (at, zone) in enumerate(slots):
        starts = datetime.combine(first + timedelta(weeks=n), at, tzinfo=ZoneInfo(zone))
        local = starts.astimezone(ZoneInfo("Europe/Paris"))
        expect(rows.nth(n + 1)).to_contain_text(f"{local:%a %-d %b %Y, %H:%M %Z}")
        expect(rows.nth(n + 1)).to_contain_text("Draft agenda")

    page.goto("/meetings/series/")
    expect(page.get_by_role("row").filter(has_text="Upgrades team")).to_contain_text(
        "07:00 America/Los_Angeles, then 17:00 Asia/Tokyo"
    )


def test_the_fair_rotation_table_counts_inconvenient_meetings_by_headquarters(page, demo, sign_in):
    signed_in(page, sign_in, "secretariat@example.org")
    page.goto("/meetings/series/")
    page.get_by_role("link", name="Topical forum").click()
    table = page.get_by_test_id("fair-rotation")
    expect(table.get_by_role("row").filter(has_text="Asia/Tokyo")).to_contain_text("NTT")
    expect(table.get_by_role("row").filter(has_text="America/Chicago")).to_contain_text("AT&T")
    expect(table.get_by_role("row").filter(has_text="Asia/Kolkata").get_by_role("cell").nth(3)).to_have_text(
        re.compile(r"^\d+%$")
    )


BOT_LOG = """\
14:00:03 <jamemcc> #startmeeting lcoo
14:01:10 <jamemcc> #topic Finalize the Charter: the last section
14:02 this line has no nick at all
14:03:41 <andyu> #info The membership section reads well
14:05:12 <jamemcc> #agreed The Charter is final once the board adopts it
14:06:30 <jamemcc> #action andyu send the final Charter to the board
14:59:59 <jamemcc> #endmeeting
"""


def test_the_secretariat_imports_a_meeting_bot_log_with_a_malformed_line(page, demo, sign_in):
    signed_in(page, sign_in, "secretariat@example.org")
    meeting = Meeting.objects.get(title="General meeting: finalize the Charter")
    page.goto(f"/meetings/{meeting.pk}/")
    page.get_by_role("link", name="Record minutes").click()
    page.get_by_role("link", name="Import a meeting-bot log").click()
    page.get_by_label("Meeting-bot log").fill(BOT_LOG)
    page.get_by_role("button", name="Preview").click()

    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("1 line could not be read")
    expect(alert).to_contain_text("Line 3: not a “time <nick> text” line — 14:02 this line has no nick at all")
    preview = page.get_by_role("region", name="Preview")
    expect(preview).to_contain_text("The Charter is final once the board adopts it")
    expect(preview).to_contain_text("send the final Charter to the board — Andy Ukasick")

    page.get_by_role("button", name="Save as draft minutes").click()
    expect(page.get_by_text("Some lines are malformed: tick this box to save without them.")).to_be_visible()
    page.get_by_label("Save without the lines listed as malformed").check()
    page.get_by_role("button", name="Save as draft minutes").click()
    expect(page.get_by_role("status")).to_contain_text("Imported into the draft minutes. Check them before publishing.")
    expect(page.get_by_text("The Charter is final once the board adopts it")).to_be_visible()
    expect(page.get_by_text("send the final Charter to the board")).to_be_visible()


def test_the_secretariat_closes_an_action_item_in_place(page, demo, sign_in):
    text = "Schedule the next meetings and add the corresponding Slack channels"
    signed_in(page, sign_in, "secretariat@example.org")
    page.goto("/meetings/")
    page.get_by_role("link", name="Open action items").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Open action items")
    page.evaluate("window.notReloaded = true")
    row = page.get_by_role("row").filter(has_text=text)
    # the button's name is “Done”, then the item's text in a visually hidden span
    row.get_by_role("button", name=re.compile(r"^Done\W+" + re.escape(text))).click()

    expect(row.get_by_role("status")).to_have_text("Action item marked done.")
    expect(row.get_by_text("Done", exact=True)).to_be_visible()
    expect(row.get_by_role("button")).to_have_count(0)
    assert page.evaluate("window.notReloaded") is True  # htmx swapped the row; the page did not reload
    page.reload()
    expect(page.get_by_role("row").filter(has_text=text)).to_have_count(0)


def test_a_visitor_downloads_the_calendar_and_reads_the_atom_feed(page, demo):
    page.goto("/meetings/")
    page.get_by_role("link", name="Subscribe to the calendar").click()
    address = page.get_by_test_id("subscription-all").get_by_label("Address to paste into any calendar")
    # the address is on PORTAL_BASE_URL; fetch its path from the server under test
    calendar = page.request.get(urlsplit(address.input_value()).path).text()
    assert calendar.startswith("BEGIN:VCALENDAR")
    assert "SUMMARY:General meeting: roadmap re-alignment" in calendar

    page.goto("/meetings/")
    with page.expect_response(re.compile(r"/meetings/feed/$")) as response_info:
        page.get_by_role("link", name="Atom feed", exact=True).click()
    response = response_info.value
    assert response.ok
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = response.text()
    assert "<title>LCOO meetings: agendas and minutes</title>" in feed
    assert "Agenda: General meeting: roadmap re-alignment" in feed
    assert "Minutes: General meeting: joining procedure, Comcast, Barcelona, Charter" in feed


def test_a_visitor_reads_the_charter_and_compares_two_versions(page, demo):
    page.goto("/governance/")
    page.get_by_role("navigation", name="Governance").get_by_role("link", name="Charter").click()
    expect(page.get_by_role("heading", name="Charter", exact=True)).to_be_visible()
    expect(page.get_by_text("Version 3, effective Thu 22 Sep 2016")).to_be_visible()
    # the sources keep the change history but only the third version's text
    history = page.get_by_role("table").filter(has_text="Heavy reword and rearchitect")
    expect(history).to_contain_text("text not preserved")
    expect(page.get_by_role("button", name="Show the differences")).to_have_count(0)

    # a later amendment (typed in as the Secretariat would) compares with version 3 word by word
    current = CharterVersion.objects.get(number=3)
    CharterVersion.objects.create(
        number=4,
        effective_on=date(2017, 3, 1),
        text=current.text.replace("published", "made public", 1)
        + "\n\n## Review\n\nThe charter is reviewed every year.\n",
        change_summary="Review clause",
        author_name="Group",
    )
    page.reload()
    page.get_by_label("From version").select_option(value="3")
    page.get_by_label("To version").select_option(value="4")
    page.get_by_role("button", name="Show the differences").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Charter: version 3 → version 4")
    diff = page.get_by_role("region", name="Differences")
    expect(diff.locator("ins").filter(has_text="made public").first).to_be_visible()
    expect(diff.locator("del").filter(has_text="published").first).to_be_visible()
    expect(diff.locator("ins").filter(has_text="reviewed every year")).to_have_count(1)

    page.get_by_role("link", name="Back to the charter").click()
    page.get_by_role("link", name="1", exact=True).click()
    expect(page.get_by_role("heading", name="Charter, version 1")).to_be_visible()
    expect(page.get_by_test_id("text-not-preserved")).to_contain_text("no source preserves its text")


def test_a_visitor_reads_the_roadmap_and_follows_an_item_to_its_team(page, demo):
    page.goto("/governance/")
    page.get_by_role("navigation", name="Governance").get_by_role("link", name="Roadmap").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Roadmap")
    current = page.get_by_role("region", name=re.compile("Published"))
    expect(current.get_by_role("row").nth(1)).to_contain_text("Rolling upgrades without tenant downtime")
    expect(page.get_by_text("Awaiting the board's approval")).to_be_visible()

    page.get_by_role("link", name="Multisite Management and Upgradeability").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Functional specialty teams")
    team = page.locator("#team-multisite-upgradeability")
    expect(team.get_by_role("listitem").filter(has_text="Andy Ukasick (AT&T)")).to_contain_text("Lead")
    expect(team).to_contain_text("Rolling upgrades without tenant downtime")


def test_the_secretariat_opens_the_admin_from_the_header(page, demo, sign_in):
    signed_in(page, sign_in, "secretariat@example.org")
    page.get_by_role("link", name="Admin").click()
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()
    expect(page.get_by_role("link", name="Companies")).to_be_visible()
    expect(page.get_by_role("link", name="Meetings", exact=True).first).to_be_visible()
    expect(page.get_by_role("link", name="Motions")).to_be_visible()
