"""A company's participation is stated once, on its page, with a link to the one rule on the directory."""

from playwright.sync_api import expect

from e2e.conftest import axe_serious_violations


def test_a_visitor_follows_the_participation_figure_to_the_rule(page, demo):
    page.goto("/members/att/")
    row = page.get_by_role("row").filter(has_text="Participation in meetings")
    expect(row).to_contain_text("counted")
    row.get_by_role("link", name="how it is measured").click()
    rule = page.get_by_test_id("participation-rule")
    expect(rule).to_contain_text("whose agenda was published before they began")
    expect(rule).to_contain_text("never “not met”")
    assert page.url.endswith("/members/#participation-rule")
    assert axe_serious_violations(page) == []
