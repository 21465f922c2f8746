"""A coordinator keeps their company's record current, and cannot touch another company's."""

from playwright.sync_api import expect

from e2e.conftest import axe_serious_violations


def test_coordinator_edits_ftes_sees_the_history_and_is_refused_elsewhere(page, demo, sign_in):
    sign_in("coordinator.att@example.org")
    expect(page.get_by_test_id("current-user")).to_have_text("Andy Ukasick")

    page.goto("/members/att/")
    page.get_by_role("link", name="Edit the company record").click()
    page.get_by_label("FTEs contributing to OpenStack").fill("42")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("AT&T")
    expect(page.get_by_role("status")).to_contain_text("AT&T is saved")
    expect(page.get_by_role("cell", name="42 contributing FTEs; charter requires at least 4")).to_be_visible()
    history = page.get_by_test_id("company-history")
    expect(history.get_by_role("listitem").first).to_contain_text("by Andy Ukasick")
    expect(history.get_by_role("listitem").first).to_contain_text("FTEs contributing to OpenStack 40 → 42")

    response = page.goto("/members/ntt/edit/")
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Not allowed")


def test_directory_and_company_page_have_no_serious_accessibility_violations(page, demo):
    for path in ["/members/", "/members/comcast/", "/members/att/"]:
        page.goto(path)
        assert axe_serious_violations(page) == [], path
