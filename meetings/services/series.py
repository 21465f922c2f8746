"""Series of meetings: their rotation of start times, their occurrences, and the meetings generated from them."""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.db import transaction

from kernel.public_record import public_record_changed
from meetings.models import Meeting, RotationSlot, Series
from meetings.permissions import PREPARES_MEETINGS, can_manage_meetings
from meetings.recurrence import local_to_utc, occurrence_dates
from members.models import User
from members.permissions import authorise

SERIES_FIELDS = (
    "title",
    "slug",
    "kind",
    "team",
    "cadence",
    "interval_weeks",
    "weekday",
    "week_of_month",
    "starts_on",
    "ends_on",
    "duration_minutes",
    "place",
    "place_url",
    "is_active",
)


@dataclass(frozen=True)
class Slot:
    """A rotation entry as typed: a local time in a named zone."""

    local_time: time
    time_zone: str


@transaction.atomic
def series_save(*, series: Series | None, data: dict, rotation: list[Slot], by: User) -> Series:
    """Create or update a series and replace its rotation (at least one slot)."""
    authorise(by, can_manage_meetings, PREPARES_MEETINGS)
    if not rotation:
        raise ValidationError("A series needs at least one start time in its rotation.")
    series = series or Series()
    for name in SERIES_FIELDS:
        if name in data:
            setattr(series, name, data[name])
    series.full_clean()
    series.save()
    series.rotation.all().delete()
    # no post_save for these rows: the series' own save above moves the version in this transaction
    RotationSlot.objects.bulk_create(
        RotationSlot(series=series, position=i, local_time=s.local_time, time_zone=s.time_zone)
        for i, s in enumerate(rotation)
    )
    return series


def series_starts(*, series: Series, since: date, until: date) -> list[tuple[int, datetime]]:
    """(occurrence index, UTC start) of the series' occurrences dated between `since` and `until`."""
    rotation = list(series.rotation.all())
    if not rotation:
        return []
    end = min(until, series.ends_on) if series.ends_on else until
    dates = occurrence_dates(
        cadence=series.cadence,
        weekday=series.weekday,
        interval_weeks=series.interval_weeks,
        week_of_month=series.week_of_month,
        starts_on=series.starts_on,
        until=end,
    )
    starts = []
    for index, day in enumerate(dates):
        if day < since:
            continue
        slot = rotation[index % len(rotation)]
        starts.append((index, local_to_utc(day, slot.local_time, slot.time_zone)))
    return starts


@transaction.atomic
def series_generate(*, series: Series, until: date, by: User | None) -> list[Meeting]:
    """Create the series' meetings up to `until` that do not exist yet; returns the new ones.

    Idempotent: an occurrence already generated (even if since moved or cancelled) is left alone.
    Each occurrence takes the rotation slot of its index and keeps that slot's local wall-clock time.
    """
    authorise(by, can_manage_meetings, PREPARES_MEETINGS)
    series = Series.objects.select_for_update().get(pk=series.pk)
    existing = set(series.meetings.exclude(occurrence=None).values_list("occurrence", flat=True))
    new = [
        Meeting(
            kind=series.kind,
            series=series,
            occurrence=index,
            title=series.title,
            starts_at=starts_at,
            duration_minutes=series.duration_minutes,
            place=series.place,
            place_url=series.place_url,
        )
        for index, starts_at in series_starts(series=series, since=series.starts_on, until=until)
        if index not in existing
    ]
    created = Meeting.objects.bulk_create(new)
    if created:
        public_record_changed()  # bulk_create sends no post_save
    return created
