"""Meeting pages: public lists, meeting pages, feeds and search; the Secretariat's editing pages."""

from collections.abc import Callable
from datetime import timedelta
from typing import NamedTuple

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lcoo_portal.confirm import confirm_page, is_confirmed, people
from lcoo_portal.events import audience_count
from lcoo_portal.fragments import record_fragment
from lcoo_portal.paging import page_of, query_without, year_param
from lcoo_portal.public_record import public_record_view
from lcoo_portal.view_helpers import error_text, form_errors_text, message_refusal, safe_next_url
from meetings import services
from meetings.botlog import match_people, parse_log, start_warning
from meetings.calendar_links import meeting_links, subscriptions
from meetings.forms import (
    ActionItemForm,
    AgendaItemForm,
    AttendanceForm,
    CancelForm,
    DecisionForm,
    ErratumForm,
    GenerateForm,
    ImportForm,
    MeetingForm,
    MinutesForm,
    SeriesForm,
)
from meetings.ics import calendar_response
from meetings.models import ActionItem, AgendaItem, Attendance, Decision, Kind, Meeting, Minutes, Series
from meetings.permissions import (
    PREPARES_MEETINGS,
    can_close_action_item,
    can_manage_meetings,
    can_see_confidential,
    get_meeting_for_viewer,
    is_secretariat,
    secretariat_required,
)
from meetings.rollcall import roll_call
from meetings.search import search_meetings
from meetings.times import headquarters_times, member_zones, rotation_burden
from members.models import Company, User

PAGE_SIZE = 25
ACTIONS_PAGE_SIZE = 100
CALENDAR_HISTORY_DAYS = 365


# --- Public pages -------------------------------------------------------------------------------


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


def _open_actions_before(meeting: Meeting, user) -> list[ActionItem]:
    """Open action items of earlier meetings of the same series (or, outside a series, the same kind)."""
    earlier = (
        ActionItem.objects.open()
        .visible_to(user)
        .filter(meeting__starts_at__lt=meeting.starts_at, meeting__minutes__published_at__isnull=False)
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
    minutes = meeting.published_minutes or (getattr(meeting, "minutes", None) if secretariat else None)
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
        "minutes_pending": started and not cancelled and meeting.published_minutes is None,
        "offer_calendar": not cancelled and meeting.ends_at > now,
        "calendar_links": meeting_links(meeting),
        "today": timezone.localdate(),
    }
    # the record (agenda, minutes, attendance, errata) is the same for every reader of an audience:
    # rendered once per version of the public record (lcoo_portal/fragments.py)
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


def _meeting_record(request: HttpRequest, meeting: Meeting, minutes) -> dict:
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
    name = f"LCOO {Kind(kind).label}s" if kind else "LCOO meetings"
    return calendar_response(list(meetings), name=name, filename=f"{kind or 'meetings'}{year and '-' + year}.ics")


@require_GET
def subscribe(request: HttpRequest) -> HttpResponse:
    """Every calendar to subscribe to (all meetings, then each kind) and the Atom feed."""
    context = {"subscriptions": subscriptions(), "feed_url": f"{settings.PORTAL_BASE_URL}{reverse('meetings:feed')}"}
    return render(request, "meetings/subscribe.html", context)


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """The header's search box: agendas and minutes here, and what the other apps add (motions,
    companies) through the functions named in settings.PORTAL_SEARCH_SECTIONS."""
    query = request.GET.get("q", "").strip()[:200]
    page = request.GET.get("page", "")
    page = min(int(page), 500) if page.isdigit() and int(page) > 0 else 1
    pager_query = query_without(request, "page")
    # the results are the same for every reader of an audience: searched once per version of the record
    found = (
        record_fragment(
            request,
            "search",
            query,
            page,
            pager_query,
            render=lambda: render_to_string(
                "meetings/partials/_search_results.html", _search_results(request, query, page), request=request
            ),
        )
        if query
        else ""
    )
    return render(request, "meetings/search.html", {"query": query, "found": found})


def _search_results(request: HttpRequest, query: str, page: int) -> dict:
    results = search_meetings(query, request.user, page=page)
    sections = [import_string(path)(request, query) for path in settings.PORTAL_SEARCH_SECTIONS]
    sections = [s for s in sections if s and s["results"]]
    total = results.count + sum(len(s["results"]) for s in sections)
    return {
        "query": query,
        "results": results,
        "sections": sections,
        "total": total,
        "pager_query": query_without(request, "page"),
    }


@require_GET
def actions(request: HttpRequest) -> HttpResponse:
    """Open action items of published minutes across meetings, by company and owner."""
    items = (
        ActionItem.objects.open()
        .visible_to(request.user)
        .filter(meeting__minutes__published_at__isnull=False)
        .select_related("owner", "company", "meeting")
        .order_by("company__name", "owner__display_name", "owner_name", "due_on", "id")
    )
    company = request.GET.get("company") or ""
    if company:
        items = items.filter(company__slug=company)
    items = list(items[:500])
    for item in items:
        item.can_close = can_close_action_item(request.user, item)
    return render(
        request,
        "meetings/actions.html",
        {
            "items": page_of(request, items, ACTIONS_PAGE_SIZE),
            "pager_query": query_without(request, "page"),
            "companies": Company.objects.order_by("name"),
            "company": company,
            "can_manage": can_manage_meetings(request.user),
            "can_close_any": any(item.can_close for item in items),
            "today": timezone.localdate(),
        },
    )


@require_POST
@login_required
def action_close(request: HttpRequest, pk: int) -> HttpResponse:
    """Close an action item (the Secretariat, or its owner marking it done), with an optional note;
    an htmx request gets its row back to swap in place, any other a redirect."""
    action = get_object_or_404(ActionItem, pk=pk)
    status, note = request.POST.get("status", ""), request.POST.get("note", "")
    try:
        services.action_item_close(action_item=action, status=status, by=request.user, note=note)
    except ValidationError as error:
        text, failed = error_text(error), True
    else:
        text, failed = f"Action item marked {status}.", False
    next_url = safe_next_url(request, request.POST.get("next", ""), reverse("meetings:actions"))
    if request.htmx:
        context = {
            "a": ActionItem.objects.select_related("owner", "company", "meeting").get(pk=pk),
            "can_manage": can_manage_meetings(request.user),
            "can_close_any": True,
            "today": timezone.localdate(),
            "row_message": text,
            "row_error": failed,
            "next_url": next_url,
        }
        return render(request, "meetings/partials/_action_row.html", context)
    (messages.error if failed else messages.success)(request, text)
    return redirect(next_url)


def home_summary(request: HttpRequest) -> dict | None:
    """The home page's meetings section: the next few published meetings."""
    upcoming = list(Meeting.objects.agenda_published().exclude(status=Meeting.Status.CANCELLED).upcoming()[:3])
    return {"template": "meetings/partials/_home.html", "upcoming": upcoming}


# --- The Secretariat: meetings and agendas ------------------------------------------------------


def _zone(request: HttpRequest) -> str:
    return getattr(request.user, "time_zone", "UTC") or "UTC"


@require_http_methods(["GET", "POST"])
@secretariat_required(reason=PREPARES_MEETINGS)
def meeting_create(request: HttpRequest) -> HttpResponse:
    form = MeetingForm(request.POST or None, initial={"time_zone": _zone(request), "kind": Kind.GENERAL})
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(data=form.meeting_data(), by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Meeting created. Add its agenda items, then publish the agenda.")
            return redirect("meetings:agenda", pk=meeting.pk)
    return render(request, "meetings/meeting_form.html", {"form": form, "meeting": None})


@require_http_methods(["GET", "POST"])
@secretariat_required(reason=PREPARES_MEETINGS)
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    form = MeetingForm.for_meeting(meeting, _zone(request), request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(meeting=meeting, data=form.meeting_data(), by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Meeting updated.")
            return redirect(meeting)
    return render(request, "meetings/meeting_form.html", {"form": form, "meeting": meeting})


def _started(meeting: Meeting) -> str:
    """ "took place 3 days ago" / "started today", for a meeting that has started."""
    days = (timezone.localdate() - timezone.localdate(meeting.starts_at)).days
    if days <= 0:
        return "started today"
    return f"took place {days} day{'s' if days != 1 else ''} ago"


@require_POST
@secretariat_required(reason=PREPARES_MEETINGS)
def meeting_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Cancel a meeting, with a reason, after a confirmation that says whom it e-mails."""
    meeting = get_object_or_404(Meeting, pk=pk)
    form = CancelForm(request.POST if is_confirmed(request) else None)
    if not form.is_valid():
        if meeting.is_agenda_published:
            count = audience_count("meeting_cancelled", meeting=meeting)
            mail = f"This e-mails {people(count)}: the meeting is cancelled, and why."
        else:
            mail = "Nobody is e-mailed: the agenda was never published."
        return confirm_page(
            request,
            title=f"Cancel “{meeting.title}”?",
            consequences=[mail, "Calendars show it as cancelled. A cancelled meeting cannot be brought back."],
            button="Cancel the meeting",
            cancel_url=meeting.get_absolute_url(),
            form=form,
        )
    try:
        services.meeting_cancel(meeting=meeting, by=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        message_refusal(request, error)
    else:
        messages.success(request, "Meeting cancelled; calendars will show it as cancelled.")
    return redirect(meeting)


@require_http_methods(["GET", "POST"])
@secretariat_required(reason=PREPARES_MEETINGS)
def agenda(request: HttpRequest, pk: int) -> HttpResponse:
    """The agenda editor: the items in order, a form to add one, the publish button."""
    meeting = get_object_or_404(Meeting, pk=pk)
    form = AgendaItemForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_item_add(meeting=meeting, data=form.item_data(), by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Added “{form.cleaned_data['title']}”.")
            return redirect("meetings:agenda", pk=meeting.pk)
    items = meeting.agenda_items.select_related("presenter", "presenter_company")
    context = {
        "meeting": meeting,
        "items": items,
        "form": form,
        "minutes_published": services.is_published_minutes(meeting),
    }
    return render(request, "meetings/agenda.html", context)


@require_http_methods(["GET", "POST"])
@secretariat_required(reason=PREPARES_MEETINGS)
def agenda_item_edit(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    item = get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=item_pk, meeting=pk)
    if services.is_published_minutes(item.meeting):
        messages.error(request, "The minutes are published: the agenda and its discussion are final.")
        return redirect("meetings:agenda", pk=pk)
    form = AgendaItemForm(request.POST or None, instance=item, meeting=item.meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_item_update(item=item, data=form.item_data(), by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Agenda item saved.")
            return redirect("meetings:agenda", pk=pk)
    return render(request, "meetings/agenda_item_form.html", {"meeting": item.meeting, "item": item, "form": form})


@require_POST
@secretariat_required(reason=PREPARES_MEETINGS)
def agenda_item_delete(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    item = get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=item_pk, meeting=pk)
    if not is_confirmed(request):
        return confirm_page(
            request,
            title=f"Remove “{item.title}”?",
            consequences=[f"“{item.title}” is removed from the agenda of {item.meeting.title}. This cannot be undone."],
            button="Remove the item",
            cancel_url=reverse("meetings:agenda", args=[pk]),
        )
    try:
        services.agenda_item_delete(item=item, by=request.user)
    except ValidationError as error:
        message_refusal(request, error)
    else:
        messages.success(request, f"Removed “{item.title}”.")
    return redirect("meetings:agenda", pk=pk)


@require_POST
@secretariat_required(reason=PREPARES_MEETINGS)
def agenda_item_move(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    item = get_object_or_404(AgendaItem, pk=item_pk, meeting=pk)
    offset = {"up": -1, "down": 1}.get(request.POST.get("direction", ""))
    if offset is None:
        messages.error(request, "Move an item up or down.")
        return redirect("meetings:agenda", pk=pk)
    try:
        services.agenda_item_move(item=item, offset=offset, by=request.user)
    except ValidationError as error:
        message_refusal(request, error)
    return redirect("meetings:agenda", pk=pk)


def _publish_agenda_consequences(meeting: Meeting) -> list[str]:
    if meeting.starts_at <= timezone.now():
        return [
            f"This meeting {_started(meeting)}: the agenda is published as a late record, labelled so on its "
            "page, and nobody is e-mailed.",
        ]
    consequences = [
        f"This e-mails {people(audience_count('agenda_published', meeting=meeting))} the agenda and a calendar "
        "invitation, and makes the meeting public.",
        "Once published, items can be edited but no longer removed.",
    ]
    required = meeting.agenda_days_required
    days = max((meeting.starts_at - timezone.now()).days, 0)
    if timezone.now() > meeting.agenda_deadline:
        consequences.append(f"The agenda is late: {days} day{'s' if days != 1 else ''} ahead; {required} required.")
    return consequences


@require_POST
@secretariat_required(reason=PREPARES_MEETINGS)
def agenda_publish(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    if not is_confirmed(request):
        return confirm_page(
            request,
            title=f"Publish the agenda of “{meeting.title}”?",
            consequences=_publish_agenda_consequences(meeting),
            button="Publish the agenda",
            cancel_url=reverse("meetings:agenda", args=[pk]),
            danger=False,
        )
    try:
        meeting = services.agenda_publish(meeting=meeting, by=request.user)
    except ValidationError as error:
        message_refusal(request, error)
        return redirect("meetings:agenda", pk=pk)
    if meeting.agenda_is_late_record:
        messages.warning(request, "Agenda published as a late record: the meeting had started, so nobody was told.")
    elif meeting.agenda_published_late:
        messages.warning(
            request,
            f"Agenda published {meeting.agenda_days_ahead} days ahead; "
            f"{meeting.agenda_days_required} required for this kind of meeting.",
        )
    else:
        messages.success(request, "Agenda published.")
    return redirect(meeting)


# --- The Secretariat: minutes -------------------------------------------------------------------


def _minutes_page(
    request: HttpRequest, meeting: Meeting, *, status: str = "", failed: bool = False, **forms
) -> HttpResponse:
    """The minutes editor. Its sections save in place with htmx: a section's response replaces only that
    section (and the status line), so text typed in another section stays where it is."""
    minutes = Minutes.objects.filter(meeting=meeting).first()
    initial = {"summary": minutes.summary, "next_session": minutes.next_session} if minutes else {}
    context = {
        "meeting": meeting,
        "minutes": minutes,
        "form": forms.get("form") or MinutesForm(initial=initial),
        "items": meeting.agenda_items.all(),
        "attendances": meeting.attendances.select_related("user", "company"),
        "decisions": meeting.decisions.select_related("agenda_item"),
        "action_items": meeting.action_items.select_related("owner", "company"),
        "attendance_form": forms.get("attendance_form") or AttendanceForm(prefix="attendance"),
        "decision_form": forms.get("decision_form") or DecisionForm(meeting=meeting, prefix="decision"),
        "action_form": forms.get("action_form") or ActionItemForm(meeting=meeting, prefix="action"),
        "erratum_form": ErratumForm(),
        "errata": meeting.errata.select_related("by"),
        "editor_status": status,
        "editor_failed": failed,
    }
    return render(request, "meetings/minutes_form.html", context)


@require_http_methods(["GET", "POST"])
@secretariat_required(reason=PREPARES_MEETINGS)
def minutes_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything the minutes hold on one page: summary, attendees, decisions, action items."""
    meeting = get_object_or_404(Meeting, pk=pk)
    if request.method == "GET":
        return _minutes_page(request, meeting)
    form = MinutesForm(request.POST)
    if form.is_valid():
        try:
            services.minutes_save(meeting=meeting, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            if request.htmx:
                return _minutes_page(request, meeting, status=error_text(error), failed=True, form=form)
            message_refusal(request, error)
            return redirect("meetings:minutes", pk=pk)
        if request.htmx:
            return _minutes_page(request, meeting, status="Summary saved.", form=form)
        messages.success(request, "Minutes saved.")
        return redirect("meetings:minutes", pk=pk)
    if request.htmx:
        return _minutes_page(request, meeting, status=form_errors_text(form), failed=True, form=form)
    return _minutes_page(request, meeting, form=form)


@require_POST
@secretariat_required(reason=PREPARES_MEETINGS)
def erratum_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a published record: the first POST shows the erratum as it will be published, the
    second (with `confirm`) publishes it, for an erratum cannot be withdrawn."""
    meeting = get_object_or_404(Meeting, pk=pk)
    form = ErratumForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect("meetings:minutes", pk=pk)
    if request.POST.get("confirm") != "yes":
        return render(request, "meetings/erratum_confirm.html", {"meeting": meeting, "form": form})
    try:
        services.erratum_add(meeting=meeting, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        message_refusal(request, error)
        return redirect("meetings:minutes", pk=pk)
    messages.success(request, "Erratum published on the meeting page.")
    return redirect(meeting)


MINUTES_FORMS = {AttendanceForm: "attendance", DecisionForm: "decision", ActionItemForm: "action"}


def _minutes_add(request: HttpRequest, pk: int, form_class, save: Callable, done: str) -> HttpResponse:
    """Bind one of the minutes page's forms (each with its own prefix), save it through `save`; an htmx
    request gets the page back to swap the section in place (the bound form kept on error), any other a
    redirect."""
    meeting = get_object_or_404(Meeting, pk=pk)
    prefix = MINUTES_FORMS[form_class]
    kwargs = {"prefix": prefix} if form_class is AttendanceForm else {"meeting": meeting, "prefix": prefix}
    form = form_class(request.POST, **kwargs)
    text, failed = done, False
    if not form.is_valid():
        text, failed = form_errors_text(form), True
    else:
        try:
            save(meeting, form.cleaned_data)
        except ValidationError as error:
            text, failed = error_text(error), True
    if request.htmx:
        bound = {f"{prefix}_form": form} if failed else {}
        return _minutes_page(request, meeting, status=text, failed=failed, **bound)
    (messages.error if failed else messages.success)(request, text)
    return redirect("meetings:minutes", pk=pk)


@require_POST
@secretariat_required(reason=PREPARES_MEETINGS)
def attendance_add(request: HttpRequest, pk: int) -> HttpResponse:
    def save(meeting: Meeting, data: dict) -> None:
        services.attendance_add(
            meeting=meeting, user=data["user"], name=data["name"], company=data["company"], by=request.user
        )

    return _minutes_add(request, pk, AttendanceForm, save, "Attendee recorded.")


@require_POST
@secretariat_required(reason=PREPARES_MEETINGS)
def decision_add(request: HttpRequest, pk: int) -> HttpResponse:
    def save(meeting: Meeting, data: dict) -> None:
        services.decision_add(meeting=meeting, text=data["text"], agenda_item=data["agenda_item"], by=request.user)

    return _minutes_add(request, pk, DecisionForm, save, "Decision recorded.")


@require_POST
@secretariat_required(reason=PREPARES_MEETINGS)
def action_add(request: HttpRequest, pk: int) -> HttpResponse:
    def save(meeting: Meeting, data: dict) -> None:
        services.action_item_add(meeting=meeting, by=request.user, **data)

    return _minutes_add(request, pk, ActionItemForm, save, "Action item recorded.")


REMOVABLE = {
    "attendance": (Attendance, services.attendance_remove, "attendance"),
    "decision": (Decision, services.decision_remove, "decision"),
    "action": (ActionItem, services.action_item_remove, "action_item"),
}


@require_POST
@secretariat_required(reason=PREPARES_MEETINGS)
def minutes_remove(request: HttpRequest, pk: int, what: str, row_pk: int) -> HttpResponse:
    if what not in REMOVABLE:
        raise Http404("Nothing of that kind to remove.")
    model, remove, argument = REMOVABLE[what]
    row = get_object_or_404(model, pk=row_pk, meeting=pk)
    if not is_confirmed(request):
        label = {"attendance": "attendee", "decision": "decision", "action": "action item"}[what]
        return confirm_page(
            request,
            title=f"Remove this {label}?",
            consequences=[f"“{str(row)[:120]}” is removed from the draft minutes. This cannot be undone."],
            button=f"Remove the {label}",
            cancel_url=reverse("meetings:minutes", args=[pk]),
        )
    try:
        remove(**{argument: row, "by": request.user})
    except ValidationError as error:
        message_refusal(request, error)
    else:
        messages.success(request, "Removed.")
    return redirect("meetings:minutes", pk=pk)


class Editable(NamedTuple):
    """What the minutes page edits and reorders while a draft, and the services that do it."""

    model: type[Decision | ActionItem]
    form: type[DecisionForm | ActionItemForm]
    label: str
    argument: str
    update: Callable
    move: Callable


EDITABLE = {
    "decision": Editable(
        Decision, DecisionForm, "decision", "decision", services.decision_update, services.decision_move
    ),
    "action": Editable(
        ActionItem, ActionItemForm, "action item", "action_item", services.action_item_update, services.action_item_move
    ),
}
MINUTES_FINAL = "The minutes are published; their decisions and action items are final."


def _editable_row(pk: int, what: str, row_pk: int) -> Decision | ActionItem:
    if what not in EDITABLE:
        raise Http404("Only decisions and action items are edited here.")
    return get_object_or_404(EDITABLE[what].model.objects.select_related("meeting__minutes"), pk=row_pk, meeting=pk)


def _row_initial(row: Decision | ActionItem) -> dict:
    initial = {"text": row.text, "agenda_item": row.agenda_item_id}
    if isinstance(row, ActionItem):
        initial.update(owner=row.owner_id, owner_name=row.owner_name, company=row.company_id, due_on=row.due_on)
    return initial


@require_http_methods(["GET", "POST"])
@secretariat_required(reason=PREPARES_MEETINGS)
def minutes_row_edit(request: HttpRequest, pk: int, what: str, row_pk: int) -> HttpResponse:
    """Edit a decision or an action item of draft minutes."""
    row, editable = _editable_row(pk, what, row_pk), EDITABLE[what]
    if row.meeting.is_record_final:
        messages.error(request, MINUTES_FINAL)
        return redirect("meetings:minutes", pk=pk)
    form = editable.form(request.POST or None, initial=_row_initial(row), meeting=row.meeting)
    if request.method == "POST" and form.is_valid():
        try:
            editable.update(**{editable.argument: row}, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{editable.label.capitalize()} saved.")
            return redirect("meetings:minutes", pk=pk)
    context = {"meeting": row.meeting, "form": form, "label": editable.label}
    return render(request, "meetings/minutes_row_form.html", context)


@require_POST
@secretariat_required(reason=PREPARES_MEETINGS)
def minutes_row_move(request: HttpRequest, pk: int, what: str, row_pk: int) -> HttpResponse:
    """Move a decision or an action item of draft minutes up or down."""
    row = _editable_row(pk, what, row_pk)
    offset = {"up": -1, "down": 1}.get(request.POST.get("direction", ""))
    if offset is None:
        messages.error(request, "Move a row up or down.")
        return redirect("meetings:minutes", pk=pk)
    editable = EDITABLE[what]
    text, failed = f"{editable.label.capitalize()} moved.", False
    try:
        editable.move(**{editable.argument: row}, offset=offset, by=request.user)
    except ValidationError as error:
        text, failed = error_text(error), True
    if request.htmx:
        return _minutes_page(request, row.meeting, status=text, failed=failed)
    if failed:
        messages.error(request, text)
    return redirect("meetings:minutes", pk=pk)


@require_POST
@secretariat_required(reason=PREPARES_MEETINGS)
def minutes_publish(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    if not is_confirmed(request):
        consequences = [
            f"This e-mails {people(audience_count('minutes_published', meeting=meeting))} that the minutes are out.",
            "The minutes become public and final: attendance, decisions and action items can no longer change.",
        ]
        if meeting.status != Meeting.Status.HELD:
            consequences.append("The meeting is marked held.")
        return confirm_page(
            request,
            title=f"Publish the minutes of “{meeting.title}”?",
            consequences=consequences,
            button="Publish the minutes",
            cancel_url=reverse("meetings:minutes", args=[pk]),
            danger=False,
        )
    try:
        services.minutes_publish(meeting=meeting, by=request.user)
    except ValidationError as error:
        message_refusal(request, error)
        return redirect("meetings:minutes", pk=pk)
    messages.success(request, "Minutes published.")
    return redirect(meeting)


NICK_FIELD = "person__"


def _chosen_people(request: HttpRequest, people: dict[int, User]) -> dict[str, User | None]:
    """The nick → person table as the Secretariat set it in the preview (`person__<nick>` = a user's id)."""
    chosen = {}
    for key, value in request.POST.items():
        if key.startswith(NICK_FIELD):
            chosen[key.removeprefix(NICK_FIELD)] = people.get(int(value)) if value.isdigit() else None
    return chosen


@require_http_methods(["GET", "POST"])
@secretariat_required(reason=PREPARES_MEETINGS)
def minutes_import(request: HttpRequest, pk: int) -> HttpResponse:
    """Paste or upload a meeting-bot log, preview the structured minutes and the nick → person table,
    then save them as a draft (the table is remembered on the people's profiles)."""
    meeting = get_object_or_404(Meeting, pk=pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    parsed, warning = None, ""
    people = list(User.objects.filter(is_active=True).order_by("display_name", "email"))
    if request.method == "POST" and form.is_valid():
        log = form.cleaned_data["log"]
        chosen = _chosen_people(request, {u.pk: u for u in people})
        parsed = match_people(parse_log(log), people, chosen)
        warning = start_warning(parsed, meeting.starts_at)
        if "save" in request.POST:
            if parsed.is_empty:
                form.add_error("log", "Nothing to import: no #topic, #agreed or #action line was found.")
            elif parsed.malformed and not form.cleaned_data["accept_malformed"]:
                form.add_error("accept_malformed", "Some lines are malformed: tick this box to save without them.")
            else:
                try:
                    services.minutes_import(meeting=meeting, parsed=parsed, source=log, by=request.user)
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    messages.success(request, "Imported into the draft minutes. Check them before publishing.")
                    if warning:
                        messages.warning(request, warning)
                    return redirect("meetings:minutes", pk=pk)
        # the preview carries the log as text, so saving does not need the file again
        form.data = form.data.copy()
        form.data["log"] = log
    context = {
        "meeting": meeting,
        "form": form,
        "parsed": parsed,
        "start_warning": warning,
        "people": people,
        "nick_field": NICK_FIELD,
    }
    return render(request, "meetings/minutes_import.html", context)


# --- The Secretariat: series --------------------------------------------------------------------


@require_GET
@secretariat_required(reason=PREPARES_MEETINGS)
def series_list(request: HttpRequest) -> HttpResponse:
    series = Series.objects.prefetch_related("rotation")
    return render(request, "meetings/series_list.html", {"series_list": series})


@require_http_methods(["GET", "POST"])
@secretariat_required(reason=PREPARES_MEETINGS)
def series_edit(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    series = get_object_or_404(Series, slug=slug) if slug else None
    form = SeriesForm(request.POST or None, instance=series)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.series_save(
                series=series, data=form.series_data(), rotation=form.cleaned_data["rotation"], by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Series saved.")
            return redirect("meetings:series", slug=saved.slug)
    return render(request, "meetings/series_form.html", {"form": form, "series": series})


@require_GET
@secretariat_required(reason=PREPARES_MEETINGS)
def series_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A series, its meetings and the fair-rotation table over the next year of occurrences."""
    series = get_object_or_404(Series.objects.prefetch_related("rotation"), slug=slug)
    today = timezone.now().date()
    starts = [s for _, s in services.series_starts(series=series, since=today, until=today + timedelta(days=365))]
    burden = rotation_burden(starts, series.duration_minutes, list(Company.objects.members()))
    context = {
        "series": series,
        "meetings": series.meetings.select_related("minutes").order_by("starts_at"),
        "burden": burden,
        "occurrences": len(starts),
        "convenient": settings.MEETING_CONVENIENT_HOURS,
        "generate_form": GenerateForm(initial={"until": today + timedelta(days=90)}),
    }
    return render(request, "meetings/series_detail.html", context)


@require_POST
@secretariat_required(reason=PREPARES_MEETINGS)
def series_generate(request: HttpRequest, slug: str) -> HttpResponse:
    series = get_object_or_404(Series, slug=slug)
    form = GenerateForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
    else:
        created = services.series_generate(series=series, until=form.cleaned_data["until"], by=request.user)
        messages.success(request, f"{len(created)} meeting(s) generated as drafts.")
    return redirect("meetings:series", slug=slug)
