"""Meeting pages anyone may read: the meetings list, a meeting's page, search, the home page's section."""

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET

from kernel.fragments import record_fragment
from kernel.paging import page_of, query_without, year_param
from meetings.calendar_links import meeting_links
from meetings.models import ActionItem, Attendance, Kind, Meeting, Minutes
from meetings.permissions import can_manage_meetings, get_meeting_for_viewer, minutes_for_viewer
from meetings.rollcall import roll_call
from meetings.times import headquarters_times, member_zones
from members.models import User
from members.permissions import can_see_confidential, is_secretariat

PAGE_SIZE = 25


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind") or None
    if kind not in Kind.values:
        kind = None
    # the lists are the same for every reader of an audience: built once per version of the record
    lists = record_fragment(
        request,
        "meetings",
        request.GET.urlencode(),
        render=lambda: render_to_string(
            "meetings/partials/_index_lists.html", _index_lists(request, kind), request=request
        ),
    )
    context = {"lists": lists, "kind": kind, "kinds": Kind.choices, "can_manage": can_manage_meetings(request.user)}
    return render(request, "meetings/index.html", context)


def _index_lists(request: HttpRequest, kind: str | None) -> dict:
    """The upcoming meetings, and the past ones a page at a time with their archive by year."""
    meetings = Meeting.objects.visible_to(request.user).of_kind(kind).listed()
    upcoming = list(meetings.upcoming()[:PAGE_SIZE])
    past = meetings.past()
    years = [d.year for d in past.dates("starts_at", "year", order="DESC")]
    year = year_param(request, years)
    if year:
        past = past.filter(starts_at__year=year)
    return {
        "upcoming": upcoming,
        "past": page_of(request, past, PAGE_SIZE),
        "years": years,
        "year": year,
        "pager_query": query_without(request, "page"),
        "year_query": query_without(request, "page", "year"),
        "kind": kind,
    }


def _open_actions_before(meeting: Meeting, user: User | AnonymousUser) -> list[ActionItem]:
    """Open action items of earlier meetings of the same series (or, outside a series, the same kind)."""
    earlier = (
        ActionItem.objects.open()
        .visible_to(user)
        .of_published_minutes()
        .filter(meeting__starts_at__lt=meeting.starts_at)
    )
    if meeting.series_id:
        earlier = earlier.filter(meeting__series=meeting.series_id)
    else:
        earlier = earlier.filter(meeting__series__isnull=True, meeting__kind=meeting.kind)
    return list(earlier.select_related("owner", "company", "meeting").order_by("due_on", "meeting__starts_at", "id"))


def _attendance_by_company(attendances: list[Attendance]) -> list[tuple[str, list[str]]]:
    """Attendees grouped under their company's name (people without a company last), as the minutes list them."""
    groups: dict[str, list[str]] = {}
    for attendance in attendances:
        groups.setdefault(attendance.company.name if attendance.company else "", []).append(str(attendance))
    return sorted(groups.items(), key=lambda group: (group[0] == "", group[0].lower()))


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Reader first: a held meeting opens with its summary box (decisions, action items, attendance by
    company), an upcoming one with its agenda and the action items carried over to it."""
    meeting = get_meeting_for_viewer(request, pk)
    secretariat = is_secretariat(request.user)
    minutes = minutes_for_viewer(request.user, meeting)
    now = timezone.now()
    started = meeting.starts_at <= now
    cancelled = meeting.status == Meeting.Status.CANCELLED
    context = {
        "meeting": meeting,
        "see_confidential": can_see_confidential(request.user),
        "minutes": minutes,
        "can_manage": secretariat,
        "started": started,
        "ended": meeting.ends_at <= now,
        "minutes_pending": meeting.may_have_minutes and not meeting.is_record_final,
        "offer_calendar": not cancelled and meeting.ends_at > now,
        "calendar_links": meeting_links(meeting),
        "today": timezone.localdate(),
    }
    # the record (agenda, minutes, attendance, errata) is the same for every reader of an audience:
    # rendered once per version of the public record (kernel/fragments.py)
    record: dict = {}

    def render_part(template: str) -> str:
        if not record:
            record.update(context, **_meeting_record(request, meeting, minutes))
        return render_to_string(template, record, request=request)

    context["head"] = record_fragment(
        request, "meeting-head", meeting.pk, render=lambda: render_part("meetings/partials/_detail_head.html")
    )
    context["record"] = record_fragment(
        request, "meeting-record", meeting.pk, render=lambda: render_part("meetings/partials/_detail_record.html")
    )
    return render(request, "meetings/detail.html", context)


def _meeting_record(request: HttpRequest, meeting: Meeting, minutes: Minutes | None) -> dict:
    """What a meeting's page shows alike to every reader of an audience."""
    context = {
        "items": list(meeting.agenda_items.select_related("presenter", "presenter_company")),
        "hq_times": headquarters_times(meeting.starts_at, member_zones(), timezone.localdate(meeting.starts_at)),
        "errata": list(meeting.errata.select_related("by")),
    }
    if minutes is not None:
        attendances = list(meeting.attendances.select_related("user", "company"))
        context.update(
            attendances=attendances,
            attendance_by_company=_attendance_by_company(attendances),
            decisions=list(meeting.decisions.select_related("agenda_item")),
            action_items=list(meeting.action_items.select_related("owner", "company", "agenda_item")),
            roll=roll_call(meeting, attendances),
        )
    else:
        context["open_actions"] = _open_actions_before(meeting, request.user)
    return context


def home_summary(request: HttpRequest) -> dict | None:
    """The home page's meetings section: the next few published meetings."""
    upcoming = list(Meeting.objects.agenda_published().exclude(status=Meeting.Status.CANCELLED).upcoming()[:3])
    return {"template": "meetings/partials/_home.html", "upcoming": upcoming}
