"""Occurrence dates of a series and their start in UTC, keeping the local time across DST changes."""

import calendar
import zoneinfo
from datetime import UTC, date, datetime, time, timedelta


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date | None:
    """The n-th (1-4, or -1 for the last) `weekday` of a month."""
    days = [d for d in calendar.Calendar().itermonthdates(year, month) if d.month == month and d.weekday() == weekday]
    if n == -1:
        return days[-1]
    return days[n - 1] if n <= len(days) else None


def occurrence_dates(
    *, cadence: str, weekday: int, interval_weeks: int, week_of_month: int, starts_on: date, until: date
) -> list[date]:
    """Every occurrence date from `starts_on` to `until` inclusive, in order (index 0 first)."""
    dates: list[date] = []
    if cadence == "monthly":
        year, month = starts_on.year, starts_on.month
        while date(year, month, 1) <= until:
            day = nth_weekday(year, month, weekday, week_of_month)
            if day is not None and starts_on <= day <= until:
                dates.append(day)
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return dates
    day = starts_on + timedelta(days=(weekday - starts_on.weekday()) % 7)
    while day <= until:
        dates.append(day)
        day += timedelta(weeks=interval_weeks)
    return dates


def local_to_utc(day: date, local_time: time, zone: zoneinfo.ZoneInfo) -> datetime:
    """The UTC instant of a wall-clock time in a zone on a date, with that date's offset."""
    return datetime.combine(day, local_time, tzinfo=zone).astimezone(UTC)
