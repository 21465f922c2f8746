"""The admin in a browser: its sign-in is the portal's, and the Secretariat ends a role there through
the same service as the pages, after a confirmation that says what it does (issue 10)."""

from playwright.sync_api import expect

from members.models import RoleAssignment


def test_the_admin_sends_visitors_to_the_portals_sign_in(page, demo):
    page.goto("/admin/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    page.get_by_label("Email").fill("secretariat@example.org")
    page.get_by_label("Password").fill("lcoo-demo-2026")
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()


def test_the_secretariat_ends_a_coordinator_role_in_the_admin_after_confirming(page, demo, sign_in):
    role = RoleAssignment.objects.current().get(user__email="coordinator.ntt@example.org")
    sign_in("secretariat@example.org")
    expect(page.get_by_test_id("current-user")).to_be_visible()
    page.goto("/admin/members/roleassignment/")
    page.locator(f'input[name="_selected_action"][value="{role.pk}"]').check()
    page.get_by_role("combobox", name="Action").select_option("end_roles")
    page.get_by_role("button", name="Go").click()
    expect(page.get_by_role("heading", name="End these roles?")).to_be_visible()
    expect(page.get_by_text("This cannot be undone")).to_be_visible()
    page.get_by_label("Reason").fill("Moved to another team")
    page.get_by_role("button", name="Yes, end them").click()
    expect(page.get_by_text("Ended 1.")).to_be_visible()
    role.refresh_from_db()
    assert role.ended_at is not None and role.end_reason == "Moved to another team"
    assert not role.user.has_perm("members.change_company", role.company)
