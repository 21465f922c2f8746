"""The calendar is bounded (past twelve months and ahead, or one year asked for) and, like the feed,
answers conditional requests and is rebuilt only when the public record changes."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from meetings.services.meeting import meeting_cancel
from meetings.tests.factories import PublishedMeetingFactory

pytestmark = pytest.mark.django_db


def test_the_calendar_holds_the_past_twelve_months_and_everything_ahead(client):
    now = timezone.now()
    PublishedMeetingFactory(title="Two years ago", starts_at=now - timedelta(days=730))
    PublishedMeetingFactory(title="Last spring", starts_at=now - timedelta(days=200))
    PublishedMeetingFactory(title="Next year", starts_at=now + timedelta(days=400))
    body = client.get("/meetings/calendar.ics").content.decode()
    assert "Last spring" in body and "Next year" in body
    assert "Two years ago" not in body


def test_a_year_of_history_is_asked_for_by_year(client):
    PublishedMeetingFactory(title="Forum of 2019", starts_at=datetime(2019, 5, 2, 14, tzinfo=UTC))
    PublishedMeetingFactory(title="Forum of 2020", starts_at=datetime(2020, 5, 2, 14, tzinfo=UTC))
    body = client.get("/meetings/calendar.ics", {"year": "2019"}).content.decode()
    assert "Forum of 2019" in body and "Forum of 2020" not in body


@pytest.mark.parametrize("year", ["nineteen", "1200", "-1"])
def test_a_bad_year_is_refused_with_a_message(client, year):
    response = client.get("/meetings/calendar.ics", {"year": year})
    assert response.status_code == 400
    assert b"year" in response.content


@pytest.mark.parametrize("url", ["/meetings/calendar.ics", "/meetings/feed/"])
def test_signed_in_readers_get_304_until_a_meeting_changes(
    url, client_for, board_member, secretariat, django_capture_on_commit_callbacks
):
    meeting = PublishedMeetingFactory(starts_at=timezone.now() + timedelta(days=5))
    reader = client_for(board_member)
    first = reader.get(url)
    assert first.status_code == 200 and first["ETag"]
    assert reader.get(url, headers={"if-none-match": first["ETag"]}).status_code == 304
    assert reader.get(url, headers={"if-modified-since": first["Last-Modified"]}).status_code == 304
    with django_capture_on_commit_callbacks(execute=True):
        meeting_cancel(meeting=meeting, by=secretariat, reason="The venue fell through")
    assert reader.get(url, headers={"if-none-match": first["ETag"]}).status_code == 200
