from datetime import timedelta

from django.utils import timezone

from meetings.participation import participation_by_company
from meetings.tests.factories import AttendanceFactory, MeetingFactory, MinutesFactory
from members.tests.factories import CompanyFactory


def test_participation_counts_general_meetings_held_in_the_window(db, company, other_company, settings):
    settings.PORTAL_CRITERIA = {**settings.PORTAL_CRITERIA, "PARTICIPATION_WINDOW_DAYS": 100}
    now = timezone.now()
    held = MeetingFactory(starts_at=now - timedelta(days=10), status="held")
    published = MeetingFactory(starts_at=now - timedelta(days=20))
    MinutesFactory(meeting=published, published_at=now - timedelta(days=19))
    MeetingFactory(starts_at=now - timedelta(days=30))  # scheduled, no minutes: not held
    old = MeetingFactory(starts_at=now - timedelta(days=200), status="held")
    forum = MeetingFactory(kind="topical_forum", starts_at=now - timedelta(days=5), status="held")
    for meeting in (held, old, forum):
        AttendanceFactory(meeting=meeting, company=company)
    AttendanceFactory(meeting=held, company=company)  # two people of one company count once
    AttendanceFactory(meeting=published, company=other_company)
    absent = CompanyFactory(name="Orange")
    result = participation_by_company([company, other_company, absent])
    assert result == {company.pk: (1, 2), other_company.pk: (1, 2), absent.pk: (0, 2)}


def test_companies_are_omitted_when_no_general_meeting_was_held(db, company):
    MeetingFactory(starts_at=timezone.now() + timedelta(days=3))
    assert participation_by_company([company]) == {}


def test_participation_takes_two_queries_for_any_number_of_companies(db, django_assert_max_num_queries):
    companies = [CompanyFactory() for _ in range(5)]
    MeetingFactory(starts_at=timezone.now() - timedelta(days=3), status="held")
    with django_assert_max_num_queries(2):
        participation_by_company(companies)


def test_attendance_counts_for_the_company_of_the_meetings_date(db, company, other_company, secretariat):
    """Someone who moved from AT&T to NTT after a meeting is credited to AT&T for it, whenever the
    minutes are recorded; a later meeting counts for NTT."""
    from meetings.services.minutes import attendance_add
    from members.models import Affiliation
    from members.tests.factories import UserFactory

    now = timezone.now()
    person = UserFactory()
    Affiliation.objects.create(user=person, company=company, started_at=now - timedelta(days=60))
    earlier = MeetingFactory(starts_at=now - timedelta(days=20), status="held")
    Affiliation.objects.filter(user=person).update(ended_at=now - timedelta(days=10))
    Affiliation.objects.create(user=person, company=other_company, started_at=now - timedelta(days=10))
    later = MeetingFactory(starts_at=now - timedelta(days=2), status="held")
    assert attendance_add(meeting=earlier, user=person, by=secretariat).company == company
    assert attendance_add(meeting=later, user=person, by=secretariat).company == other_company
    result = participation_by_company([company, other_company])
    assert result == {company.pk: (1, 2), other_company.pk: (1, 2)}
