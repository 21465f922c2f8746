"""Issue 24's main path: a board representative's and the Secretariat's home each list what waits for
them, with a waiting item of each kind, the header counts it, each entry leads to where it is done, and
axe finds nothing serious at desktop and phone widths."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from e2e.conftest import axe_serious_violations
from meetings.models import Meeting
from members.models import Company
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
