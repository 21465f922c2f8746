"""NTT's representative votes on the open demo motion and keeps the receipt; the chair closes voting;
a visitor reads the published result and verifies the motion's record. The chair drafts a resolution
and opens it for consensus; a visitor sees it open."""

import re

from playwright.sync_api import expect

from e2e.conftest import axe_serious_violations
from governance.models import Motion


def test_board_member_votes_chair_closes_and_visitor_verifies(page, demo, sign_in):
    motion = Motion.objects.get(title="Admit Comcast as a member company")

    sign_in("board.ntt@example.org")
    page.goto(f"/governance/motions/{motion.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Admit Comcast as a member company")
    # before voting: the rules in words, the time left, who has voted and who has not
    expect(page.get_by_role("heading", name="How this vote is decided")).to_be_visible()
    expect(page.get_by_text(re.compile(r"Quorum: .* seats must cast a ballot"))).to_be_visible()
    expect(page.get_by_text(re.compile(r"^Abstaining: "))).to_be_visible()
    expect(page.get_by_text(re.compile(r"closes in \d+ days?"))).to_be_visible()
    expect(page.get_by_text(re.compile(r"Have not voted yet \(\d\)"))).to_be_visible()
    page.get_by_role("radio", name="Yes").check()
    page.get_by_role("button", name="Cast the vote").click()
    expect(page.get_by_role("status")).to_contain_text("NTT's ballot is recorded: Yes")
    panel = page.get_by_test_id("receipt-panel")
    expect(panel).to_contain_text("Your receipt for NTT's ballot")
    receipt = page.locator("#receipt-code").inner_text()
    assert re.fullmatch(r"[A-Z0-9]{4}(-[A-Z0-9]{4}){4}", receipt)
    expect(panel.get_by_role("button", name="E-mail me this receipt")).to_be_visible()
    assert axe_serious_violations(page) == []
    page.get_by_role("button", name="Sign out").click()

    sign_in("chair@example.org")
    page.goto(f"/governance/motions/{motion.pk}/")
    page.get_by_role("button", name="Close voting").click()
    # the confirmation page says what closing early does, from the count of ballots alone
    expect(page.get_by_test_id("consequences")).to_contain_text("Voting closes before its deadline")
    expect(page.get_by_test_id("consequences")).to_contain_text("not voted")
    assert axe_serious_violations(page) == []
    page.get_by_label("Why does voting close before its deadline?").fill("The board agreed to close at its meeting.")
    page.get_by_role("button", name="Close voting").click()
    expect(page.get_by_role("status")).to_contain_text("The motion is closed")
    expect(page.get_by_test_id("closed-early")).to_contain_text("The board agreed to close at its meeting.")
    page.get_by_role("button", name="Sign out").click()

    page.goto("/governance/")
    page.get_by_role("link", name="Admit Comcast as a member company").click()
    expect(page.get_by_test_id("result")).to_contain_text("Passed")
    expect(page.get_by_role("cell", name="NTT")).to_be_visible()
    page.get_by_role("link", name="Verify the record of this motion").click()
    expect(page.get_by_test_id("verification")).to_contain_text("Verified")
    expect(page.get_by_role("heading", name="What this page checks, in plain words")).to_be_visible()
    page.get_by_label("Find your ballot by its receipt").fill(receipt.lower().replace("-", " "))
    page.get_by_role("button", name="Find").click()
    expect(page.get_by_text(re.compile(r"Your ballot is entry #\d+ and it counts: yes"))).to_be_visible()
    assert axe_serious_violations(page) == []


def test_chair_drafts_a_resolution_opens_it_and_a_visitor_sees_it_open(page, demo, sign_in):
    title = "Hold the spring planning session in Boston"

    sign_in("chair@example.org")
    page.goto("/governance/")
    page.get_by_role("link", name="Draft a motion").click()
    page.get_by_role("link", name="Resolution", exact=True).click()
    page.get_by_label("Title").fill(title)
    page.get_by_label("Text").fill("The board holds its **spring planning** session at the Boston summit.")
    assert axe_serious_violations(page) == []
    page.get_by_role("button", name="Save the draft").click()
    expect(page.get_by_role("status")).to_contain_text("The draft is saved")
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    page.get_by_role("button", name="Open for consensus").click()
    expect(page.get_by_test_id("consequences")).to_contain_text("This e-mails")
    page.get_by_role("button", name="Open for consensus").click()
    expect(page.get_by_role("status")).to_contain_text("The motion is open for consensus")
    page.get_by_role("button", name="Sign out").click()

    page.goto("/governance/")
    page.get_by_role("link", name=title).click()
    expect(page.get_by_text("Open for consensus", exact=True)).to_be_visible()
    expect(page.get_by_text("Objections until")).to_be_visible()
    expect(page.get_by_role("button", name="Object")).to_have_count(0)
    assert Motion.objects.get(title=title).status == Motion.Status.CONSENSUS
