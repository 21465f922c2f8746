"""A meeting moved within its series keeps its occurrence; generating again never re-times it."""

from datetime import UTC, date, time, timedelta

from django.urls import reverse

from meetings.services.meeting import meeting_update
from meetings.services.series import series_generate
from meetings.tests.factories import RotationSlotFactory, SeriesFactory


def test_a_moved_meeting_keeps_its_occurrence_and_is_not_regenerated_or_re_timed(secretariat):
    series = SeriesFactory(starts_on=date(2030, 1, 3), interval_weeks=2)
    RotationSlotFactory(series=series, position=0, local_time=time(7, 0), time_zone="America/Los_Angeles")
    first = series_generate(series=series, until=date(2030, 3, 1), by=secretariat)
    second = sorted(first, key=lambda m: m.occurrence)[1]
    moved_to = second.starts_at + timedelta(days=1, hours=3)
    meeting_update(meeting=second, data={"starts_at": moved_to}, by=secretariat)

    # a different rotation, then generate again over the same range and further
    series.rotation.all().delete()
    RotationSlotFactory(series=series, position=0, local_time=time(18, 0), time_zone="Asia/Tokyo")
    again = series_generate(series=series, until=date(2030, 4, 1), by=secretariat)

    second.refresh_from_db()
    assert second.occurrence == 1 and second.starts_at == moved_to
    assert {m.occurrence for m in again}.isdisjoint({m.occurrence for m in first})
    assert [m.starts_at for m in series.meetings.filter(occurrence__in=[0, 2, 3]).order_by("occurrence")] == [
        m.starts_at for m in sorted(first, key=lambda m: m.occurrence) if m.occurrence in (0, 2, 3)
    ]
    assert again and all(m.starts_at.astimezone(UTC).hour == 9 for m in again)  # 18:00 Tokyo: only new ones
    assert series.meetings.count() == len(first) + len(again)


def test_the_series_page_says_that_generating_never_re_times_meetings(client_for, secretariat):
    series = SeriesFactory()
    RotationSlotFactory(series=series)
    html = client_for(secretariat).get(reverse("meetings:series", args=[series.slug])).content.decode()
    assert "It never re-times a meeting already generated" in html
