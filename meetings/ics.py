"""iCalendar for meetings, built with `icalendar`: stable UIDs, UTC starts, SEQUENCE, cancellations."""

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar, Event, Timezone, TimezoneStandard, vText

from meetings.models import Meeting


def meeting_event(meeting: Meeting) -> Event:
    event = Event()
    event.add("uid", f"{meeting.uid}@lcoo-portal")
    event.add("dtstamp", meeting.updated_at or timezone.now())
    event.add("dtstart", meeting.starts_at.astimezone(UTC))
    event.add("dtend", meeting.ends_at.astimezone(UTC))
    event.add("summary", meeting.title)
    event.add("sequence", meeting.sequence)
    event.add("url", f"{settings.PORTAL_BASE_URL}{meeting.get_absolute_url()}")
    event.add(
        "description",
        f"{meeting.get_kind_display()}. Agenda and minutes: {settings.PORTAL_BASE_URL}{meeting.get_absolute_url()}",
    )
    location = " ".join(part for part in (meeting.place, meeting.place_url) if part)
    if location:
        event.add("location", location)
    event.add("status", "CANCELLED" if meeting.status == Meeting.Status.CANCELLED else "CONFIRMED")
    return event


def meetings_calendar(meetings: list[Meeting], *, name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.PORTAL_NAME}//meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", vText(name))  # a TEXT value: its commas and semicolons escaped
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting))
    if not meetings:
        # RFC 5545 wants at least one component in a calendar: an empty one (a year without meetings)
        # carries the zone its events would be written in
        calendar.add_component(_utc_zone())
    return calendar.to_ical()


def _utc_zone() -> Timezone:
    standard = TimezoneStandard()
    standard.add("dtstart", datetime(1970, 1, 1))
    standard.add("tzoffsetfrom", timedelta(0))
    standard.add("tzoffsetto", timedelta(0))
    standard.add("tzname", "UTC")
    zone = Timezone()
    zone.add("tzid", "UTC")
    zone.add_component(standard)
    return zone


def calendar_response(meetings: list[Meeting], *, name: str, filename: str) -> HttpResponse:
    response = HttpResponse(meetings_calendar(meetings, name=name), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
