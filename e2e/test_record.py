"""The record in a browser: the Secretariat corrects published minutes with an erratum a visitor reads;
on a motion open for consensus a seat stands aside, objects and withdraws, and the chair's view follows;
a voter mails themselves the receipt."""

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from e2e.conftest import axe_serious_violations
from governance.models import Motion
from governance.services.drafting import MotionDraft, motion_create
from governance.services.lifecycle import motion_open
from meetings.models import Meeting
from members.models import User


def test_secretariat_publishes_an_erratum_that_a_visitor_reads(page, demo, sign_in):
    meeting = Meeting.objects.with_published_minutes().order_by("starts_at").first()
    sign_in("secretariat@example.org")
    page.goto(f"/meetings/{meeting.pk}/minutes/")
    expect(page.get_by_role("button", name="Add decision")).to_have_count(0)
    page.get_by_label("What is corrected").select_option("minutes")
    page.get_by_label("What changed").fill("The second decision names Orange, not Intel.")
    page.get_by_label("Why").fill("A slip when the minutes were typed up.")
    page.get_by_role("button", name="Preview the erratum").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Publish this erratum?")
    assert axe_serious_violations(page) == []
    page.get_by_role("button", name="Publish the erratum").click()
    expect(page.get_by_role("status")).to_contain_text("Erratum published")
    page.get_by_role("button", name="Sign out").click()

    page.goto(f"/meetings/{meeting.pk}/")
    errata = page.locator("section.errata")
    expect(errata).to_contain_text("The second decision names Orange, not Intel.")
    expect(errata).to_contain_text("A slip when the minutes were typed up.")
    assert axe_serious_violations(page) == []


def test_a_seat_stands_aside_objects_withdraws_and_the_chair_sees_it(page, demo, sign_in):
    chair = User.objects.get(email="chair@example.org")
    draft = MotionDraft(title="Meet in Boston in spring", text="The board meets in Boston.")
    motion = motion_create(by=chair, draft=draft)
    motion_open(motion=motion, by=chair, consensus_deadline=timezone.now() + timedelta(days=3))

    sign_in("board.jio@example.org")
    page.goto(f"/governance/motions/{motion.pk}/")
    expect(page.get_by_role("heading", name="How consensus works")).to_be_visible()
    page.get_by_role("button", name="Stand aside").click()
    expect(page.get_by_role("status")).to_contain_text("stands aside")
    page.get_by_label("Why does your company object?").fill("Boston is too far for our engineers.")
    page.get_by_role("button", name="Object", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("objection is recorded")
    assert axe_serious_violations(page) == []
    page.get_by_role("button", name="Sign out").click()

    sign_in("chair@example.org")
    page.goto(f"/governance/motions/{motion.pk}/")
    expect(page.get_by_test_id("chair-summary")).to_contain_text("Reliance Jio objects — you may call a vote")
    page.get_by_role("button", name="Sign out").click()

    sign_in("board.jio@example.org")
    page.goto(f"/governance/motions/{motion.pk}/")
    page.get_by_role("button", name="Withdraw the objection").click()
    expect(page.get_by_role("status")).to_contain_text("objection is withdrawn")
    page.get_by_role("button", name="Sign out").click()

    sign_in("chair@example.org")
    page.goto(f"/governance/motions/{motion.pk}/")
    expect(page.get_by_test_id("chair-summary")).to_contain_text("No seat objects")
    assert Motion.objects.get(pk=motion.pk).status == Motion.Status.CONSENSUS


def test_a_voter_mails_themselves_the_receipt(page, demo, sign_in):
    motion = Motion.objects.get(title="Admit Comcast as a member company")
    sign_in("board.ntt@example.org")
    page.goto(f"/governance/motions/{motion.pk}/")
    page.get_by_role("radio", name="No").check()
    page.get_by_role("button", name="Cast the vote").click()
    receipt = page.locator("#receipt-code").inner_text()
    page.get_by_role("button", name="E-mail me this receipt").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("E-mail this receipt to yourself?")
    expect(page.get_by_text(receipt)).to_be_visible()
    assert axe_serious_violations(page) == []
    page.get_by_role("button", name="Send the e-mail").click()
    expect(page.get_by_role("status")).to_contain_text(re.compile(r"on its way to board\.ntt@example\.org"))
