from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from meetings.models import Meeting, Series
from meetings.recurrence import local_to_utc, nth_weekday, occurrence_dates
from meetings.services.series import Slot, series_generate, series_save
from meetings.tests.factories import SeriesFactory

THURSDAY = 3


def test_monthly_occurrences_fall_on_the_nth_and_last_weekday():
    assert nth_weekday(2026, 3, THURSDAY, 4) == date(2026, 3, 26)
    assert nth_weekday(2026, 4, THURSDAY, -1) == date(2026, 4, 30)
    assert nth_weekday(2026, 4, THURSDAY, 1) == date(2026, 4, 2)


def test_monthly_series_skips_a_date_before_its_start():
    dates = occurrence_dates(
        cadence="monthly", weekday=THURSDAY, interval_weeks=1, week_of_month=1,
        starts_on=date(2026, 3, 10), until=date(2026, 6, 30),
    )  # fmt: skip
    assert dates == [date(2026, 4, 2), date(2026, 5, 7), date(2026, 6, 4)]


def test_every_two_weeks_starts_on_the_first_matching_weekday():
    dates = occurrence_dates(
        cadence="weekly", weekday=THURSDAY, interval_weeks=2, week_of_month=1,
        starts_on=date(2026, 1, 1), until=date(2026, 2, 1),
    )  # fmt: skip
    assert dates == [date(2026, 1, 1), date(2026, 1, 15), date(2026, 1, 29)]


def test_kolkata_half_hour_offset_is_kept():
    assert local_to_utc(date(2026, 7, 2), time(19, 30), ZoneInfo("Asia/Kolkata")) == datetime(
        2026, 7, 2, 14, 0, tzinfo=UTC
    )


@pytest.fixture
def weekly_series(db, secretariat):
    def make(rotation: list[Slot], starts_on: date) -> Series:
        series = SeriesFactory(cadence="weekly", interval_weeks=1, weekday=THURSDAY, starts_on=starts_on)
        return series_save(series=series, data={}, rotation=rotation, by=secretariat)

    return make


def test_los_angeles_series_keeps_seven_am_across_march_and_november_changes(weekly_series, secretariat):
    series = weekly_series([Slot(time(7, 0), "America/Los_Angeles")], date(2026, 2, 26))
    series_generate(series=series, until=date(2026, 11, 12), by=secretariat)
    starts = {m.starts_at.date(): m.starts_at for m in series.meetings.all()}
    assert starts[date(2026, 3, 5)] == datetime(2026, 3, 5, 15, 0, tzinfo=UTC)  # PST, UTC-8
    assert starts[date(2026, 3, 12)] == datetime(2026, 3, 12, 14, 0, tzinfo=UTC)  # PDT since March 8
    assert starts[date(2026, 10, 29)] == datetime(2026, 10, 29, 14, 0, tzinfo=UTC)
    assert starts[date(2026, 11, 5)] == datetime(2026, 11, 5, 15, 0, tzinfo=UTC)  # PST again since November 1


def test_paris_series_changes_utc_time_on_its_own_date_not_the_american_one(weekly_series, secretariat):
    series = weekly_series([Slot(time(16, 0), "Europe/Paris")], date(2026, 3, 12))
    series_generate(series=series, until=date(2026, 4, 2), by=secretariat)
    utc_hours = [m.starts_at.astimezone(UTC).hour for m in series.meetings.order_by("starts_at")]
    # March 12, 19, 26 still CET (UTC+1); Europe changed on March 29, so April 2 is CEST (UTC+2)
    assert utc_hours == [15, 15, 15, 14]


def test_rotation_cycles_through_its_slots_by_occurrence_index(weekly_series, secretariat):
    series = weekly_series(
        [Slot(time(7, 0), "America/Los_Angeles"), Slot(time(18, 0), "Asia/Tokyo"), Slot(time(9, 0), "Europe/Paris")],
        date(2026, 6, 4),
    )
    series_generate(series=series, until=date(2026, 7, 2), by=secretariat)
    meetings = list(series.meetings.order_by("occurrence"))
    assert [m.occurrence for m in meetings] == [0, 1, 2, 3, 4]
    assert [m.starts_at for m in meetings] == [
        datetime(2026, 6, 4, 14, 0, tzinfo=UTC),  # 07:00 PDT
        datetime(2026, 6, 11, 9, 0, tzinfo=UTC),  # 18:00 JST
        datetime(2026, 6, 18, 7, 0, tzinfo=UTC),  # 09:00 CEST
        datetime(2026, 6, 25, 14, 0, tzinfo=UTC),
        datetime(2026, 7, 2, 9, 0, tzinfo=UTC),
    ]


def test_generating_twice_creates_each_occurrence_once(weekly_series, secretariat):
    series = weekly_series([Slot(time(7, 0), "America/Los_Angeles")], date(2026, 6, 4))
    assert len(series_generate(series=series, until=date(2026, 6, 30), by=secretariat)) == 4
    assert series_generate(series=series, until=date(2026, 6, 30), by=secretariat) == []
    assert len(series_generate(series=series, until=date(2026, 7, 9), by=secretariat)) == 2
    assert Meeting.objects.filter(series=series).count() == 6


def test_generated_meetings_are_drafts_with_the_series_details(weekly_series, secretariat):
    series = weekly_series([Slot(time(7, 0), "America/Los_Angeles")], date(2026, 6, 4))
    meeting = series_generate(series=series, until=date(2026, 6, 4), by=secretariat)[0]
    assert (meeting.kind, meeting.title, meeting.duration_minutes, meeting.place) == (
        series.kind, series.title, 90, "Zoom",
    )  # fmt: skip
    assert meeting.agenda_published_at is None


def test_a_series_without_rotation_is_refused(db, secretariat):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        series_save(series=SeriesFactory(), data={}, rotation=[], by=secretariat)
