"""Addresses people subscribe to or add to their calendars, absolute on PORTAL_BASE_URL.

A subscription (the whole calendar, or one kind of meeting) is offered as a webcal:// address, the https
address to copy, and links that add it to Google Calendar and Outlook; a single meeting as links that add
it to Google Calendar or Outlook, and its .ics file.
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote, urlencode

from django.conf import settings
from django.urls import reverse

from meetings.models import Kind, Meeting

GOOGLE_SUBSCRIBE = "https://calendar.google.com/calendar/render"
GOOGLE_EVENT = "https://calendar.google.com/calendar/render"
OUTLOOK_SUBSCRIBE = "https://outlook.live.com/calendar/0/addfromweb"
OUTLOOK_EVENT = "https://outlook.live.com/calendar/0/deeplink/compose"


def absolute(path: str) -> str:
    return f"{settings.PORTAL_BASE_URL}{path}"


def webcal(url: str) -> str:
    return "webcal://" + url.split("://", 1)[1]


@dataclass(frozen=True)
class Subscription:
    """One calendar to subscribe to, with every way of subscribing."""

    name: str
    slug: str
    https: str

    @property
    def webcal(self) -> str:
        return webcal(self.https)

    @property
    def google(self) -> str:
        return f"{GOOGLE_SUBSCRIBE}?{urlencode({'cid': self.webcal}, quote_via=quote)}"

    @property
    def outlook(self) -> str:
        return f"{OUTLOOK_SUBSCRIBE}?{urlencode({'url': self.https, 'name': self.name}, quote_via=quote)}"


def subscription(kind: str | None = None) -> Subscription:
    short = settings.PORTAL_COALITION_SHORT_NAME
    if kind is None:
        return Subscription(f"{short} meetings", "all", absolute(reverse("meetings:calendar")))
    return Subscription(f"{short} {Kind(kind).label}s", kind, absolute(reverse("meetings:calendar-kind", args=[kind])))


def subscriptions() -> list[Subscription]:
    """The whole calendar first, then each kind of meeting's own."""
    return [subscription(), *(subscription(kind) for kind in Kind.values)]


def _utc(when: datetime, pattern: str) -> str:
    return when.astimezone(UTC).strftime(pattern)


def meeting_links(meeting: Meeting) -> dict[str, str]:
    """Links that add one meeting to Google Calendar or Outlook, and its .ics file."""
    page = absolute(meeting.get_absolute_url())
    details = f"{meeting.get_kind_display()}. Agenda and minutes: {page}"
    location = " ".join(part for part in (meeting.place, meeting.place_url) if part)
    google = {
        "action": "TEMPLATE",
        "text": meeting.title,
        "dates": f"{_utc(meeting.starts_at, '%Y%m%dT%H%M%SZ')}/{_utc(meeting.ends_at, '%Y%m%dT%H%M%SZ')}",
        "details": details,
        "location": location,
    }
    outlook = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": meeting.title,
        "startdt": _utc(meeting.starts_at, "%Y-%m-%dT%H:%M:%SZ"),
        "enddt": _utc(meeting.ends_at, "%Y-%m-%dT%H:%M:%SZ"),
        "body": details,
        "location": location,
    }
    return {
        "google": f"{GOOGLE_EVENT}?{urlencode(google, quote_via=quote)}",
        "outlook": f"{OUTLOOK_EVENT}?{urlencode(outlook, quote_via=quote)}",
        "ics": absolute(reverse("meetings:meeting-ics", args=[meeting.pk])),
    }
