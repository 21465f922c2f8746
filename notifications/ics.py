"""The iCalendar (.ics) attachment of a meeting announcement (meetings has no reusable builder yet)."""

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from meetings.models import Meeting
from notifications.services import object_url


def meeting_ics(meeting: Meeting) -> str:
    calendar = Calendar()
    calendar.add("prodid", "-//LCOO Portal//notifications//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"{meeting.uid}@lcoo-portal")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    event.add("summary", meeting.title)
    event.add("sequence", meeting.sequence)
    event.add("url", f"{settings.PORTAL_BASE_URL}{object_url(meeting, 'meetings:index')}")
    if meeting.place:
        event.add("location", meeting.place)
    if meeting.status == Meeting.Status.CANCELLED:
        event.add("status", "CANCELLED")
    calendar.add_component(event)
    return calendar.to_ical().decode()


def meeting_ics_attachment(meeting: Meeting) -> dict:
    return {"filename": "meeting.ics", "content": meeting_ics(meeting), "mimetype": "text/calendar"}
