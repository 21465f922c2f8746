"""Each company's attendance over the last general meetings, drawn as a small strip."""

from datetime import UTC, datetime

from django.urls import reverse

from meetings.participation import participation_strips
from meetings.tests.factories import AttendanceFactory, MeetingFactory


def _held(day: int, title: str):
    return MeetingFactory(
        title=title,
        starts_at=datetime(2016, 9, day, 14, tzinfo=UTC),
        status="held",
        agenda_published_at=datetime(2016, 9, 1, tzinfo=UTC),
    )


def test_a_strip_marks_each_of_the_last_general_meetings_attended_or_not(company, other_company):
    first, _, third = _held(8, "First"), _held(15, "Second"), _held(22, "Third")
    MeetingFactory(kind="executive_board", starts_at=datetime(2016, 9, 20, tzinfo=UTC), status="held")
    AttendanceFactory(meeting=first, company=company)
    AttendanceFactory(meeting=third, company=company)
    AttendanceFactory(meeting=third, company=company)
    strips = participation_strips([company, other_company], last=2)
    assert [(t, a) for _, t, a in strips[company.pk]] == [("Second", False), ("Third", True)]
    assert [a for _, _, a in strips[other_company.pk]] == [False, False]


def test_the_company_page_and_the_directory_draw_the_strip(client, company):
    AttendanceFactory(meeting=_held(22, "General meeting"), company=company)
    company.status = "member"
    company.save()
    html = client.get(reverse("members:company", args=[company.slug])).content.decode()
    assert 'aria-label="Attended 1 of the last 1 general meetings"' in html and 'class="ps-attended"' in html
    assert "22 Sep 2016, General meeting: attended" in html
    directory = client.get(reverse("members:directory")).content.decode()
    assert 'aria-label="Attended 1 of the last 1 general meetings"' in directory
