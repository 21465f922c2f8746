"""Past meetings page by page, with an archive by year; open action items page by page."""

from datetime import UTC, datetime, timedelta

import pytest

from meetings.models import ActionItem, Meeting
from meetings.tests.factories import PublishedMeetingFactory

pytestmark = pytest.mark.django_db


def _past(year: int, count: int) -> list[Meeting]:
    start = datetime(year, 1, 10, 14, tzinfo=UTC)
    return [
        PublishedMeetingFactory(title=f"Forum {year}-{i}", starts_at=start + timedelta(days=7 * i))
        for i in range(count)
    ]


def test_past_meetings_are_paginated_without_a_silent_cut(client):
    _past(2022, 30)
    first = client.get("/meetings/").content.decode()
    assert "Page 1 of 2" in first and "Forum 2022-29" in first and "Forum 2022-0<" not in first
    second = client.get("/meetings/", {"page": 2}).content.decode()
    assert "Forum 2022-0<" in second


def test_the_archive_lists_each_year_and_narrows_to_one(client):
    _past(2019, 2)
    _past(2021, 2)
    page = client.get("/meetings/").content.decode()
    assert "?year=2019#past" in page and "?year=2021#past" in page and "?year=2020" not in page
    only = client.get("/meetings/", {"year": 2019}).content.decode()
    assert "Forum 2019-1" in only and "Forum 2021-1" not in only
    assert "Past: 2019" in only


def test_an_unknown_year_shows_every_year(client):
    _past(2019, 1)
    page = client.get("/meetings/", {"year": "1066"})
    assert page.status_code == 200 and "Forum 2019-0" in page.content.decode()


def test_open_action_items_are_paginated(client):
    meeting = PublishedMeetingFactory(starts_at=datetime(2023, 1, 5, 14, tzinfo=UTC))
    from meetings.tests.factories import MinutesFactory

    MinutesFactory(meeting=meeting, published_at=meeting.starts_at)
    ActionItem.objects.bulk_create(
        ActionItem(meeting=meeting, text=f"Task {i:03}", owner_name="All") for i in range(105)
    )
    first = client.get("/meetings/actions/").content.decode()
    assert "Page 1 of 2" in first
    assert "Task" in client.get("/meetings/actions/", {"page": 2}).content.decode()
