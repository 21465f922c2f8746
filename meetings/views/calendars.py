"""Calendars to download or subscribe to: one meeting's, every published meeting's or one kind's."""

from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from kernel.public_record import public_record_view
from meetings.calendar_links import subscriptions
from meetings.ics import calendar_response
from meetings.models import Kind, Meeting
from meetings.permissions import get_meeting_for_viewer

CALENDAR_HISTORY_DAYS = 365


@require_GET
def meeting_ics(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_viewer(request, pk)
    return calendar_response([meeting], name=meeting.title, filename="meeting.ics")


@require_GET
@public_record_view
def calendar_ics(request: HttpRequest, kind: str | None = None) -> HttpResponse:
    """Published meetings of the past twelve months and everything ahead (cancellations reach
    subscribers), of one kind or all; `?year=2019` gives that year instead."""
    if kind is not None and kind not in Kind.values:
        return HttpResponse("No such meeting kind.", status=404, content_type="text/plain")
    meetings = Meeting.objects.agenda_published().of_kind(kind).order_by("starts_at")
    year = request.GET.get("year", "")
    if year:
        if not year.isdigit() or not 1990 <= int(year) <= timezone.now().year + 5:
            return HttpResponse("The year must be a year, such as 2019.", status=400, content_type="text/plain")
        meetings = meetings.filter(starts_at__year=int(year))
    else:
        meetings = meetings.filter(starts_at__gte=timezone.now() - timedelta(days=CALENDAR_HISTORY_DAYS))
    short = settings.PORTAL_COALITION_SHORT_NAME
    name = f"{short} {Kind(kind).label}s" if kind else f"{short} meetings"
    return calendar_response(list(meetings), name=name, filename=f"{kind or 'meetings'}{year and '-' + year}.ics")


@require_GET
def subscribe(request: HttpRequest) -> HttpResponse:
    """Every calendar to subscribe to (all meetings, then each kind) and the Atom feed."""
    context = {"subscriptions": subscriptions(), "feed_url": f"{settings.PORTAL_BASE_URL}{reverse('meetings:feed')}"}
    return render(request, "meetings/subscribe.html", context)
