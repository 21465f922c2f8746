"""Archives by year: a visitor finds a decided motion of a past year, and a past meeting of a year."""

from datetime import UTC, datetime

from playwright.sync_api import expect

from governance.models import Motion
from governance.tests.factories import MotionFactory
from meetings.models import Meeting
from members.models import User


def test_a_visitor_finds_a_decided_motion_in_the_archive_by_year(page, demo):
    motion = MotionFactory(
        proposer=User.objects.get(email="board.ntt@example.org"),
        title="Adopt the 2019 roadmap",
        status=Motion.Status.PASSED,
        closed_at=datetime(2019, 6, 1, 12, tzinfo=UTC),
        result_text="Passed.",
    )
    page.goto("/governance/")
    page.get_by_role("link", name="All decided motions, by year").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Decided motions")
    page.get_by_role("navigation", name="Decided motions by year").get_by_role("link", name="2019").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Decided motions: 2019")
    page.get_by_role("link", name=motion.title).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(motion.title)


def test_a_visitor_narrows_past_meetings_to_a_year(page, demo):
    meeting = Meeting.objects.agenda_published().filter(starts_at__lt=datetime(2026, 1, 1, tzinfo=UTC)).first()
    year = meeting.starts_at.year
    page.goto("/meetings/")
    page.get_by_role("navigation", name="Past meetings by year").get_by_role("link", name=str(year)).click()
    expect(page.get_by_role("heading", name=f"Past: {year}")).to_be_visible()
    expect(page.get_by_role("link", name=meeting.title).first).to_be_visible()
