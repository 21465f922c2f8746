"""Issue 24's main path: every role's home (board representative, chair, coordinator, Secretariat, and
anyone who owns an action) lists what waits for them, with a waiting item of each kind, the header counts
it, each entry leads to where it is done, and axe finds nothing serious at desktop and phone widths."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from e2e.conftest import axe_serious_violations
from governance.demo import ROADMAP_MOTION
from governance.models import Motion
from governance.services.lifecycle import objection_raise
from governance.tests.factories import MotionFactory
from meetings.models import Meeting
from meetings.tests.factories import ActionItemFactory, MinutesFactory, PublishedMeetingFactory
from members.models import Company, RoleAssignment, User
from members.services import company_invitation_create
from notifications.models import Announcement, OutboxMessage

WIDTHS = [(1280, 800), (360, 800)]


def check_widths(page) -> None:
    for width, height in WIDTHS:
        page.set_viewport_size({"width": width, "height": height})
        assert axe_serious_violations(page) == [], width
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), width


def test_a_board_representative_sees_the_stance_and_the_vote_its_seat_owes(page, demo, sign_in):
    sign_in("board.ntt@example.org")
    page.goto("/")
    steps = page.get_by_test_id("next-steps")
    expect(steps).to_contain_text("Your company's stance is awaited for NTT")
    expect(steps).to_contain_text("Your vote is needed for NTT")
    expect(page.get_by_test_id("waiting-count")).to_have_text("2 waiting for you")
    check_widths(page)
    steps.get_by_role("link", name="Approve the 2017 Q1 roadmap").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Approve the 2017 Q1 roadmap")
    expect(page.get_by_role("heading", name="For NTT")).to_be_visible()


def test_the_secretariat_sees_each_kind_of_waiting_item(page, demo, sign_in):
    now = timezone.now()
    # what the demo cannot show truthfully on its own: an agenda now late, an agenda soon due, mail that failed
    Meeting.objects.create(
        kind="general", title="General meeting tomorrow", starts_at=now + timedelta(days=1), duration_minutes=60
    )
    Meeting.objects.create(
        kind="general", title="General meeting in four days", starts_at=now + timedelta(days=4), duration_minutes=60
    )
    announcement = Announcement.objects.create(event="agenda_published", key="e2e-24", subject="Agenda published: X")
    OutboxMessage.objects.create(
        announcement=announcement,
        idempotency_key="e2e-24-1",
        to_email="a@example.org",
        subject="s",
        body_text="b",
        status=OutboxMessage.Status.FAILED,
    )
    sign_in("secretariat@example.org")
    page.goto("/")
    queue = page.locator("[data-queue=secretariat]")
    for badge in ("Membership requested", "No minutes", "Agenda due", "Late agenda", "Failed mail"):
        expect(queue).to_contain_text(badge)
    expect(page.get_by_test_id("waiting-count")).to_contain_text("waiting for you")
    check_widths(page)
    queue.get_by_role("link", name="draft the admission motion").click()
    comcast = Company.objects.get(slug="comcast")
    expect(page.locator("select[name=subject_company]")).to_have_value(str(comcast.pk))


def test_the_chair_sees_each_motion_to_move_on_and_the_ballot_it_may_change(page, demo, sign_in):
    now = timezone.now()
    chair = User.objects.get(email="chair@example.org")
    ntt = Company.objects.get(slug="ntt")
    objection_raise(
        motion=Motion.objects.get(title=ROADMAP_MOTION),
        company=ntt,
        by=User.objects.get(email="board.ntt@example.org"),
        reason="The networking item needs another quarter.",
    )
    # the clock moved past the admission vote's deadline, and past a revocation's cure period
    Motion.objects.filter(kind=Motion.Kind.ADMIT, status=Motion.Status.VOTING).update(
        voting_deadline=now - timedelta(hours=1)
    )
    revocation = MotionFactory(
        kind=Motion.Kind.REVOKE,
        title="Revoke Walmart",
        subject_company=Company.objects.get(slug="walmart"),
        proposer=chair,
    )
    Motion.objects.filter(pk=revocation.pk).update(
        notice_given_at=now - timedelta(days=31), cure_period_ends_at=now - timedelta(days=1)
    )
    sign_in("chair@example.org")
    page.goto("/")
    steps = page.get_by_test_id("next-steps")
    for badge in ("Objection", "Cure period over", "Past deadline"):
        expect(steps).to_contain_text(badge)
    expect(steps.locator("[data-queue=ballots]")).to_contain_text("you may change it until")
    expect(page.get_by_test_id("waiting-count")).to_contain_text("waiting for you")
    check_widths(page)
    steps.get_by_role("link", name=ROADMAP_MOTION).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ROADMAP_MOTION)


def test_a_coordinator_sees_the_unanswered_invitation_and_an_owner_their_action(page, demo, sign_in):
    coordinator = User.objects.get(email="coordinator.att@example.org")
    att = Company.objects.get(slug="att")
    company_invitation_create(
        company=att, email="new.colleague@example.org", role=RoleAssignment.Role.COORDINATOR, by=coordinator
    )
    meeting = PublishedMeetingFactory(title="General meeting, last week", starts_at=timezone.now() - timedelta(days=7))
    MinutesFactory(meeting=meeting, published_at=timezone.now() - timedelta(days=6))
    ActionItemFactory(meeting=meeting, text="Send the roadmap notes to the list", owner=coordinator, owner_name="")
    sign_in("coordinator.att@example.org")
    page.goto("/")
    steps = page.get_by_test_id("next-steps")
    expect(steps.locator("[data-queue=invitations]")).to_contain_text("new.colleague@example.org")
    expect(steps.locator("[data-queue=actions]")).to_contain_text("Send the roadmap notes to the list")
    check_widths(page)
    steps.get_by_role("link", name="send it again or cancel it on the roles page").click()
    expect(page.get_by_role("button", name="Cancel").first).to_be_visible()
