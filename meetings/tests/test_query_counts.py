"""The list, meeting and search pages take the same number of queries at 10 and at 1,000 meetings."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings.models import ActionItem, AgendaItem, Attendance, Decision, Meeting, Minutes


def make_meetings(count: int, company) -> Meeting:
    start = datetime(2020, 1, 2, 14, tzinfo=UTC)
    meetings = Meeting.objects.bulk_create(
        Meeting(
            kind="general",
            title=f"General meeting {i} charter",
            starts_at=start + timedelta(days=3 * i),
            duration_minutes=60,
            agenda_published_at=start + timedelta(days=3 * i - 5),
            status="held",
        )
        for i in range(count)
    )
    items = AgendaItem.objects.bulk_create(
        AgendaItem(meeting=m, position=p, title=f"Charter review {p}", description="The charter", discussion="charter")
        for m in meetings
        for p in (1, 2)
    )
    Minutes.objects.bulk_create(Minutes(meeting=m, summary="charter", published_at=m.starts_at) for m in meetings)
    Attendance.objects.bulk_create(Attendance(meeting=m, name="Guest", company=company) for m in meetings)
    Decision.objects.bulk_create(Decision(meeting=i.meeting, agenda_item=i, text="charter agreed") for i in items)
    ActionItem.objects.bulk_create(ActionItem(meeting=m, text="charter to do", owner_name="All") for m in meetings)
    return meetings[-1]


def count_queries(client, url: str, **params) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url, params).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("size", [10, 1000])
def test_pages_take_a_constant_number_of_queries(client_for, member_user, company, size, django_assert_max_num_queries):
    last = make_meetings(size, company)
    client = client_for(member_user)
    # every signed-in page also counts what waits for the person (the header's count, issue 24): with its
    # cache off in tests that is up to 4 queries more (who holds a seat and who coordinates are asked once
    # per request, so pages that ask them anyway pay less)
    with django_assert_max_num_queries(11):  # the archive's years are one query
        client.get(reverse("meetings:index"))
    with django_assert_max_num_queries(15):  # the errata are one
        client.get(last.get_absolute_url())
    # 4 for the meetings' search, 1 each for motions and companies, 3 per request (session, user, role check);
    # search and actions ask once who holds a seat; the search's cache entry asks which drafts the reader
    # sees (whether they chair, whether they proposed one): 2
    with django_assert_max_num_queries(14):
        client.get(reverse("search"), {"q": "charter"})
    with django_assert_max_num_queries(9):  # the pager counts the open items
        client.get(reverse("meetings:actions"))


def test_query_counts_are_equal_at_10_and_1000_meetings(client_for, member_user, company):
    client = client_for(member_user)
    small = make_meetings(10, company)
    counts_small = [
        count_queries(client, reverse("meetings:index")),
        count_queries(client, small.get_absolute_url()),
        count_queries(client, reverse("search"), q="charter"),
    ]
    Meeting.objects.all().delete()
    large = make_meetings(1000, company)
    counts_large = [
        count_queries(client, reverse("meetings:index")),
        count_queries(client, large.get_absolute_url()),
        count_queries(client, reverse("search"), q="charter"),
    ]
    assert counts_small == counts_large, (counts_small, counts_large)
