"""The person chooser for presenters and owners groups people by company and narrows as one types (issue 24)."""

import re

from playwright.sync_api import expect

from e2e.conftest import axe_serious_violations


def test_secretariat_finds_a_presenter_and_an_owner_by_typing_part_of_their_name(page, demo, sign_in):
    from meetings.tests.factories import MeetingFactory

    meeting = MeetingFactory(title="Chooser forum")
    sign_in("secretariat@example.org")
    page.goto(f"/meetings/{meeting.pk}/agenda/")
    presenter = page.get_by_label("Presenter", exact=True)
    # grouped by company, the people without one in their own group
    expect(presenter.locator("optgroup[label='AT&T']")).to_contain_text("Andre Pollard")
    expect(presenter.locator("optgroup[label='No company']")).to_contain_text("Member Without Role")
    page.get_by_label("Find presenter by name or company").fill("sanj")
    expect(presenter.locator("optgroup:not([hidden]) option:not([hidden])")).to_have_count(1)
    expect(presenter).to_have_value(str(_pk("sanjeev.jaiswal@example.org")))
    assert axe_serious_violations(page) == []
    page.get_by_label("Title").fill("Edge deployments survey")
    page.get_by_role("button", name="Add item").click()
    expect(page.get_by_role("status")).to_contain_text("Added “Edge deployments survey”")
    expect(page.locator("body")).to_contain_text("Sanjeev Jaiswal")

    page.goto(f"/meetings/{meeting.pk}/minutes/")
    page.get_by_label(re.compile(r"^Action\b")).fill("Send the survey to the operators")
    page.get_by_label("Find owner by name or company").fill("pollard")
    expect(page.get_by_label("Owner", exact=True)).to_have_value(str(_pk("andre.pollard@example.org")))
    page.get_by_role("button", name="Add action item").click()
    expect(page.get_by_role("status")).to_contain_text("Action item recorded.")
    from meetings.models import ActionItem

    assert ActionItem.objects.get(text="Send the survey to the operators").owner.email == "andre.pollard@example.org"


def _pk(email: str) -> int:
    from members.models import User

    return User.objects.get(email=email).pk
