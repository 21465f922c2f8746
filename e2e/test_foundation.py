"""A visitor finds their way around, signs in as a demo user, sees their name and signs out."""

import re

from playwright.sync_api import expect

from e2e.conftest import axe_serious_violations


def test_visitor_follows_header_links_signs_in_and_out(page, demo, sign_in):
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Large Contributing OpenStack Operators")
    nav = page.get_by_role("navigation", name="Main")
    for label, path in [("Members", "/members/"), ("Meetings", "/meetings/"), ("Governance", "/governance/")]:
        nav.get_by_role("link", name=label).click()
        expect(page).to_have_url(re.compile(re.escape(path) + "$"))
        expect(page.get_by_role("heading", level=1)).to_be_visible()

    page.get_by_role("banner").get_by_role("link", name="Sign in").click()
    page.get_by_label("Email").fill("coordinator.att@example.org")
    page.get_by_label("Password").fill("lcoo-demo-2026")
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_test_id("current-user")).to_have_text("Andy Ukasick")

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("banner").get_by_role("link", name="Sign in")).to_be_visible()
    expect(page.get_by_test_id("current-user")).to_have_count(0)


def test_wrong_password_shows_a_clear_message(page, demo, sign_in):
    sign_in("coordinator.att@example.org", "not-the-password")
    expect(page.get_by_role("alert")).to_contain_text("not correct")
    expect(page.get_by_test_id("current-user")).to_have_count(0)


def test_home_and_sign_in_pages_have_no_serious_accessibility_violations(page, demo):
    for path in ["/", "/accounts/login/"]:
        page.goto(path)
        assert axe_serious_violations(page) == [], path
