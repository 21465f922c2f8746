"""A person creates an API token on their account page, a tool reads the API with it, and they revoke it."""

from playwright.sync_api import expect

from e2e.conftest import axe_serious_violations


def test_a_person_creates_uses_and_revokes_a_token(page, demo, sign_in):
    sign_in("coordinator.att@example.org")
    page.goto("/accounts/profile/")
    page.get_by_role("link", name="API tokens").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your API tokens")
    page.get_by_label("Name").fill("My dashboard")
    page.get_by_label("Expires after").select_option("30")
    page.get_by_role("button", name="Create the token").click()

    expect(page.locator("#new-token")).to_contain_text("shown this once")
    raw = page.get_by_label("Token").input_value()
    assert raw.startswith("lcoo_")
    assert axe_serious_violations(page) == []

    answer = page.request.get("/api/v1/meetings/", headers={"Authorization": f"Bearer {raw}"})
    assert answer.status == 200 and answer.json()["results"]

    page.goto("/accounts/profile/tokens/")
    expect(page.get_by_label("Token")).to_have_count(0)  # shown once: not on the page again
    expect(page.locator("#tokens")).to_contain_text("My dashboard")
    page.get_by_role("button", name="Revoke “My dashboard”").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Revoke the token")
    page.get_by_role("button", name="Revoke the token").click()
    expect(page.get_by_role("status")).to_contain_text("is revoked")
    expect(page.locator("#tokens")).to_contain_text("revoked")

    refused = page.request.get("/api/v1/meetings/", headers={"Authorization": f"Bearer {raw}"})
    assert refused.status == 401


def test_the_api_documentation_page_reads_well(page, demo):
    page.goto("/api/v1/")
    expect(page.get_by_role("heading", level=1)).to_have_text("LCOO Portal API")
    expect(page.get_by_role("heading", name="GET /api/v1/meetings/", exact=True)).to_be_visible()
    assert axe_serious_violations(page) == []
