"""The Secretariat keeps the coalition's plan: from the roadmap page it adds a phase, edits it, sees it drawn
in the plan's chart and table, and deletes it after the confirmation page says what goes."""

import re

from playwright.sync_api import expect

from e2e.conftest import axe_serious_violations
from governance.models import PlanTask


def fits(page, width: int = 360) -> bool:
    page.set_viewport_size({"width": width, "height": 800})
    scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    return scroll <= inner


def test_the_secretariat_adds_edits_sees_and_deletes_a_phase_of_the_plan(page, demo, sign_in):
    rows = PlanTask.objects.count()
    sign_in("secretariat@example.org")
    expect(page.get_by_test_id("current-user")).to_be_visible()
    page.goto("/governance/roadmap/")
    page.get_by_role("link", name="Edit the plan and the roadmap's items").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit the plan and the roadmap's items")
    expect(page.get_by_test_id("plan-rows").locator("tbody tr")).to_have_count(rows)
    assert axe_serious_violations(page) == []
    assert fits(page)
    page.set_viewport_size({"width": 1280, "height": 800})

    page.get_by_role("link", name="Add a row to the plan").click()
    expect(page.get_by_label("Row number")).to_have_value(str(rows + 1))
    page.get_by_label("Title").fill("Ocata Planning")
    page.get_by_role("radio", name="Phase").check()
    page.get_by_label("Starts on").fill("2016-11-01")
    page.get_by_label("Duration (working days)").fill("15")
    assert axe_serious_violations(page) == []
    page.get_by_role("button", name="Save the row").click()
    expect(page.get_by_role("status")).to_contain_text("“Ocata Planning” is saved")
    expect(page.get_by_test_id("plan-rows")).to_contain_text("Ocata Planning")

    page.get_by_role("link", name="Edit “Ocata Planning”").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit “Ocata Planning”")
    page.get_by_label("Title").fill("Ocata Release Planning")
    page.get_by_label("Duration (working days)").fill("20")
    page.get_by_role("button", name="Save the row").click()
    expect(page.get_by_role("status")).to_contain_text("“Ocata Release Planning” is saved")

    page.get_by_role("link", name="roadmap page").first.click()
    chart = page.locator("svg.timeline-svg").first
    expect(chart.locator("text.tl-label", has_text="Ocata Release Planning")).to_have_count(1)
    row = page.get_by_role("row", name=re.compile("Ocata Release Planning"))
    expect(row).to_contain_text("Tue 1 Nov 2016")
    expect(row).to_contain_text("Mon 28 Nov 2016")  # 20 working days
    expect(row).to_contain_text("20 working days")

    page.get_by_role("link", name="Edit the plan and the roadmap's items").click()
    page.get_by_role("button", name="Delete “Ocata Release Planning”").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete “Ocata Release Planning”?")
    expect(page.get_by_test_id("consequences")).to_contain_text("removed from the plan and from the chart")
    assert PlanTask.objects.filter(title="Ocata Release Planning").exists()  # nothing yet
    assert axe_serious_violations(page) == []
    page.get_by_role("button", name="Delete from the plan").click()
    expect(page.get_by_role("status")).to_contain_text("“Ocata Release Planning” is deleted from the plan")
    assert PlanTask.objects.count() == rows

    page.goto("/governance/roadmap/")
    expect(page.locator("svg.timeline-svg").first).not_to_contain_text("Ocata Release Planning")
