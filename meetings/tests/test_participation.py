"""Attendance → participation: one measure (the meetings counted, and who attended each) over one window."""

from datetime import timedelta

from django.utils import timezone

from meetings.participation import counted_kinds_label, participation_by_company
from meetings.tests.factories import AttendanceFactory, MeetingFactory, MinutesFactory, PublishedMeetingFactory
from members.tests.factories import CompanyFactory


def _attended(result: dict, company) -> list[bool]:
    return [present for _, _, present in result[company.pk]]


def test_participation_counts_general_meetings_held_in_the_window(db, company, other_company, settings):
    settings.PORTAL_CRITERIA = {**settings.PORTAL_CRITERIA, "PARTICIPATION_WINDOW_DAYS": 100}
    now = timezone.now()
    held = PublishedMeetingFactory(starts_at=now - timedelta(days=10), status="held", title="Held")
    published = PublishedMeetingFactory(starts_at=now - timedelta(days=20), title="Minuted")
    MinutesFactory(meeting=published, published_at=now - timedelta(days=19))
    PublishedMeetingFactory(starts_at=now - timedelta(days=30))  # scheduled, no minutes: not held
    old = PublishedMeetingFactory(starts_at=now - timedelta(days=200), status="held")
    forum = PublishedMeetingFactory(kind="topical_forum", starts_at=now - timedelta(days=5), status="held")
    for meeting in (held, old, forum):
        AttendanceFactory(meeting=meeting, company=company)
    AttendanceFactory(meeting=held, company=company)  # two people of one company count once
    AttendanceFactory(meeting=published, company=other_company)
    absent = CompanyFactory(name="Orange")
    result = participation_by_company([company, other_company, absent])
    assert [title for _, title, _ in result[company.pk]] == ["Minuted", "Held"]  # oldest first
    assert _attended(result, company) == [False, True]
    assert _attended(result, other_company) == [True, False]
    assert _attended(result, absent) == [False, False]


def test_a_meeting_nobody_was_told_of_counts_against_no_one(db, company, other_company):
    """A late record (agenda published once the meeting had started, as the archive import does) and a
    meeting whose agenda was never published are left out of the measure, whoever attended them."""
    now = timezone.now()
    announced = PublishedMeetingFactory(starts_at=now - timedelta(days=10), status="held", title="Announced")
    late = MeetingFactory(
        starts_at=now - timedelta(days=20), status="held", agenda_published_at=now - timedelta(days=19)
    )
    MeetingFactory(starts_at=now - timedelta(days=30), status="held")  # never published
    AttendanceFactory(meeting=late, company=company)
    AttendanceFactory(meeting=announced, company=other_company)
    result = participation_by_company([company, other_company])
    assert [title for _, title, _ in result[company.pk]] == ["Announced"]
    assert _attended(result, company) == [False] and _attended(result, other_company) == [True]


def test_companies_are_omitted_when_no_general_meeting_was_held(db, company):
    PublishedMeetingFactory(starts_at=timezone.now() + timedelta(days=3))
    assert participation_by_company([company]) == {}


def test_participation_takes_two_queries_for_any_number_of_companies(db, django_assert_max_num_queries):
    companies = [CompanyFactory() for _ in range(5)]
    PublishedMeetingFactory(starts_at=timezone.now() - timedelta(days=3), status="held")
    with django_assert_max_num_queries(2):
        participation_by_company(companies)


def test_the_kinds_counted_are_named_in_words():
    assert counted_kinds_label() == "general meetings"


def test_attendance_counts_for_the_company_of_the_meetings_date(db, company, other_company, secretariat):
    """Someone who moved from AT&T to NTT after a meeting is credited to AT&T for it, whenever the
    minutes are recorded; a later meeting counts for NTT."""
    from meetings.services.minutes import attendance_add
    from members.models import Affiliation
    from members.tests.factories import UserFactory

    now = timezone.now()
    person = UserFactory()
    Affiliation.objects.create(user=person, company=company, started_at=now - timedelta(days=60))
    earlier = PublishedMeetingFactory(starts_at=now - timedelta(days=20), status="held")
    Affiliation.objects.filter(user=person).update(ended_at=now - timedelta(days=10))
    Affiliation.objects.create(user=person, company=other_company, started_at=now - timedelta(days=10))
    later = PublishedMeetingFactory(starts_at=now - timedelta(days=2), status="held")
    assert attendance_add(meeting=earlier, user=person, by=secretariat).company == company
    assert attendance_add(meeting=later, user=person, by=secretariat).company == other_company
    result = participation_by_company([company, other_company])
    assert _attended(result, company) == [True, False] and _attended(result, other_company) == [False, True]
