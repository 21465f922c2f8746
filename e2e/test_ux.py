"""Main paths of issue 13's new UI: the browser's zone offered at first sign-in (one click), the footer's
zone picker, each role's next steps on the home page, focus on the first invalid field, the 403 page."""

import re

from playwright.sync_api import expect

from meetings.models import Meeting


def signed_in(page, sign_in, email: str) -> None:
    sign_in(email)
    expect(page.get_by_test_id("current-user")).to_be_visible()


def test_the_browsers_zone_is_offered_at_first_sign_in_and_kept_in_one_click(page, demo, sign_in):
    meeting = Meeting.objects.get(title="General meeting: roadmap re-alignment")
    page.goto(meeting.get_absolute_url())
    visitor_time = page.locator("dd time").first.inner_text()
    assert visitor_time.endswith(("CET", "CEST", "GMT+1", "GMT+2")), visitor_time

    signed_in(page, sign_in, "member@example.org")
    page.goto(meeting.get_absolute_url())
    # Signing in no longer switches silently to UTC: the page still follows the browser, and asks.
    expect(page.locator("dd time").first).to_have_text(visitor_time)
    offer = page.get_by_role("region", name="How times are shown")
    expect(offer).to_contain_text("follow your browser's time zone, Europe/Paris")
    offer.get_by_role("button", name="Use Europe/Paris").click()

    expect(page.get_by_role("status")).to_contain_text("Times are now shown in Europe/Paris.")
    expect(page.get_by_role("region", name="How times are shown")).to_have_count(0)
    expect(page.get_by_role("contentinfo")).to_contain_text("Times are shown in Europe/Paris.")
    expect(page.locator("dd time").first).to_have_text(re.compile(r", \d\d:\d\d CET$"))
    assert page.url.endswith(meeting.get_absolute_url())


def test_the_zone_is_changed_from_the_footer_of_any_page(page, demo, sign_in):
    signed_in(page, sign_in, "member@example.org")
    page.goto("/governance/")
    footer = page.get_by_role("contentinfo")
    footer.get_by_role("combobox", name="Show times in").fill("Asia/Tokyo")
    footer.get_by_role("button", name="Change the time zone").click()
    expect(page.get_by_role("status")).to_contain_text("Times are now shown in Asia/Tokyo.")
    expect(page).to_have_url(re.compile(r"/governance/$"))
    expect(page.get_by_role("contentinfo")).to_contain_text("Times are shown in Asia/Tokyo.")
    page.goto("/meetings/")
    expect(page.get_by_role("row").nth(1).locator("time")).to_have_text(re.compile(r" JST$"))


def test_a_board_representative_is_asked_for_the_vote_their_seat_owes(page, demo, sign_in):
    signed_in(page, sign_in, "board.ntt@example.org")
    page.goto("/")
    steps = page.get_by_test_id("next-steps")
    expect(steps).to_contain_text("Your vote is needed for NTT")
    steps.get_by_role("link", name="Admit Comcast as a member company").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Admit Comcast as a member company")
    expect(page.get_by_role("navigation", name="Breadcrumb")).to_contain_text("Governance")


def test_a_coordinator_goes_from_the_home_page_to_confirming_the_ftes(page, demo, sign_in):
    signed_in(page, sign_in, "coordinator.att@example.org")
    page.goto("/")
    steps = page.get_by_test_id("next-steps")
    expect(steps.get_by_role("heading", name="AT&T")).to_be_visible()
    steps.get_by_role("link", name="confirm or update").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit AT&T")


def test_the_secretariat_sees_its_list_on_the_home_page(page, demo, sign_in):
    signed_in(page, sign_in, "secretariat@example.org")
    page.goto("/")
    expect(page.get_by_test_id("next-steps").get_by_role("heading", name="For the Secretariat")).to_be_visible()


def test_after_a_form_error_the_first_invalid_field_has_the_focus(page, demo, sign_in):
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill("not-an-address")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_label("Email")).to_be_focused()


def test_the_403_page_says_why_and_whom_to_ask(page, demo, sign_in):
    signed_in(page, sign_in, "member@example.org")
    page.goto("/notifications/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Not allowed")
    expect(page.get_by_test_id("reason")).to_have_text("Only the Secretariat sees the delivery of announcements.")
    expect(page.get_by_role("link", name="secretariat@example.org")).to_have_attribute(
        "href", "mailto:secretariat@example.org"
    )
