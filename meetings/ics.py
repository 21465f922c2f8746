"""iCalendar for meetings, built with `icalendar`: stable UIDs, UTC starts, SEQUENCE, cancellations."""

from datetime import UTC

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar, Event

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
    calendar.add("x-wr-calname", name)
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting))
    return calendar.to_ical()


def calendar_response(meetings: list[Meeting], *, name: str, filename: str) -> HttpResponse:
    response = HttpResponse(meetings_calendar(meetings, name=name), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
