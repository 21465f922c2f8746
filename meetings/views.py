"""Meeting pages: public lists, meeting pages, feeds and search; the Secretariat's editing pages."""

from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import NamedTuple

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lcoo_portal.paging import page_of, query_without, year_param
from lcoo_portal.public_record import public_record_view
from meetings import services
from meetings.botlog import match_people, parse_log, start_warning
from meetings.forms import (
    ActionItemForm,
    AgendaItemForm,
    AttendanceForm,
    DecisionForm,
    GenerateForm,
    ImportForm,
    MeetingForm,
    MinutesForm,
    SeriesForm,
)
from meetings.ics import calendar_response
from meetings.models import ActionItem, AgendaItem, Attendance, Decision, Kind, Meeting, Minutes, Series
from meetings.permissions import (
    can_manage_meetings,
    can_see_confidential,
    get_meeting_for_viewer,
    is_secretariat,
    require_secretariat,
)
from meetings.rollcall import roll_call
from meetings.search import search_meetings
from meetings.times import headquarters_times, member_zones, rotation_burden
from members.models import Company, User

PAGE_SIZE = 25
ACTIONS_PAGE_SIZE = 100
CALENDAR_HISTORY_DAYS = 365


def secretariat_only(view: Callable) -> Callable:
    """Sign-in first (anonymous visitors go to the sign-in page), then the Secretariat's role (403)."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        require_secretariat(request)
        return view(request, *args, **kwargs)

    return wrapped


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def _form_errors(form) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


# --- Public pages -------------------------------------------------------------------------------


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind") or None
    if kind not in Kind.values:
        kind = None
    meetings = Meeting.objects.visible_to(request.user).of_kind(kind).listed()
    upcoming = list(meetings.upcoming()[:PAGE_SIZE])
    past = meetings.past()
    years = [d.year for d in past.dates("starts_at", "year", order="DESC")]
    year = year_param(request, years)
    if year:
        past = past.filter(starts_at__year=year)
    return render(
        request,
        "meetings/index.html",
        {
            "upcoming": upcoming,
            "past": page_of(request, past, PAGE_SIZE),
            "years": years,
            "year": year,
            "pager_query": query_without(request, "page"),
            "year_query": query_without(request, "page", "year"),
            "kind": kind,
            "kinds": Kind.choices,
            "can_manage": can_manage_meetings(request.user),
        },
    )


def _open_actions_before(meeting: Meeting) -> list[ActionItem]:
    """Open action items of earlier meetings of the same series (or, outside a series, the same kind)."""
    earlier = ActionItem.objects.open().filter(
        meeting__starts_at__lt=meeting.starts_at, meeting__minutes__published_at__isnull=False
    )
    if meeting.series_id:
        earlier = earlier.filter(meeting__series=meeting.series_id)
    else:
        earlier = earlier.filter(meeting__series__isnull=True, meeting__kind=meeting.kind)
    return list(earlier.select_related("owner", "company", "meeting").order_by("due_on", "meeting__starts_at", "id"))


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_viewer(request, pk)
    items = list(meeting.agenda_items.select_related("presenter", "presenter_company"))
    secretariat = is_secretariat(request.user)
    minutes = meeting.published_minutes or (getattr(meeting, "minutes", None) if secretariat else None)
    context = {
        "meeting": meeting,
        "items": items,
        "see_confidential": can_see_confidential(request.user),
        "minutes": minutes,
        "hq_times": headquarters_times(meeting.starts_at, member_zones()),
        "open_actions": _open_actions_before(meeting),
        "can_manage": secretariat,
    }
    if minutes is not None:
        attendances = list(meeting.attendances.select_related("user", "company"))
        context.update(
            attendances=attendances,
            decisions=list(meeting.decisions.select_related("agenda_item")),
            action_items=list(meeting.action_items.select_related("owner", "company", "agenda_item")),
            roll=roll_call(meeting, attendances),
        )
    return render(request, "meetings/detail.html", context)


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
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    page = request.GET.get("page", "")
    page = min(int(page), 500) if page.isdigit() and int(page) > 0 else 1
    results = search_meetings(query, page=page) if query else None
    return render(
        request,
        "meetings/search.html",
        {"query": query, "results": results, "pager_query": query_without(request, "page")},
    )


@require_GET
def actions(request: HttpRequest) -> HttpResponse:
    """Open action items of published minutes across meetings, by company and owner."""
    items = (
        ActionItem.objects.open()
        .filter(meeting__minutes__published_at__isnull=False)
        .select_related("owner", "company", "meeting")
        .order_by("company__name", "owner__display_name", "owner_name", "due_on", "id")
    )
    company = request.GET.get("company") or ""
    if company:
        items = items.filter(company__slug=company)
    return render(
        request,
        "meetings/actions.html",
        {
            "items": page_of(request, items, ACTIONS_PAGE_SIZE),
            "pager_query": query_without(request, "page"),
            "companies": Company.objects.order_by("name"),
            "company": company,
            "can_manage": can_manage_meetings(request.user),
            "today": timezone.localdate(),
        },
    )


@require_POST
@secretariat_only
def action_close(request: HttpRequest, pk: int) -> HttpResponse:
    """Close an action item; an htmx request gets its row back to swap in place, any other a redirect."""
    action = get_object_or_404(ActionItem, pk=pk)
    try:
        services.action_item_close(action_item=action, status=request.POST.get("status", ""), by=request.user)
    except ValidationError as error:
        text, failed = _error_text(error), True
    else:
        text, failed = f"Action item marked {request.POST['status']}.", False
    next_url = request.POST.get("next", "")
    if not next_url.startswith("/") or next_url.startswith("//"):
        next_url = reverse("meetings:actions")
    if request.htmx:
        context = {
            "a": ActionItem.objects.select_related("owner", "company", "meeting").get(pk=pk),
            "can_manage": True,
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
@secretariat_only
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
@secretariat_only
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


@require_POST
@secretariat_only
def meeting_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    try:
        services.meeting_cancel(meeting=meeting, by=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, "Meeting cancelled; calendars will show it as cancelled.")
    return redirect(meeting)


@require_http_methods(["GET", "POST"])
@secretariat_only
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
    return render(request, "meetings/agenda.html", {"meeting": meeting, "items": items, "form": form})


@require_http_methods(["GET", "POST"])
@secretariat_only
def agenda_item_edit(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    item = get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=item_pk, meeting=pk)
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
@secretariat_only
def agenda_item_delete(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    item = get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=item_pk, meeting=pk)
    try:
        services.agenda_item_delete(item=item, by=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, f"Removed “{item.title}”.")
    return redirect("meetings:agenda", pk=pk)


@require_POST
@secretariat_only
def agenda_item_move(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    item = get_object_or_404(AgendaItem, pk=item_pk, meeting=pk)
    offset = {"up": -1, "down": 1}.get(request.POST.get("direction", ""))
    if offset is None:
        messages.error(request, "Move an item up or down.")
    else:
        services.agenda_item_move(item=item, offset=offset, by=request.user)
    return redirect("meetings:agenda", pk=pk)


@require_POST
@secretariat_only
def agenda_publish(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    try:
        meeting = services.agenda_publish(meeting=meeting, by=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect("meetings:agenda", pk=pk)
    if meeting.agenda_published_late:
        messages.warning(
            request,
            f"Agenda published {meeting.agenda_days_ahead} days ahead; "
            f"{meeting.agenda_days_required} required for this kind of meeting.",
        )
    else:
        messages.success(request, "Agenda published.")
    return redirect(meeting)


# --- The Secretariat: minutes -------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@secretariat_only
def minutes_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything the minutes hold on one page: summary, attendees, decisions, action items."""
    meeting = get_object_or_404(Meeting.objects.select_related("minutes"), pk=pk)
    minutes = getattr(meeting, "minutes", None)
    initial = {"summary": minutes.summary, "next_session": minutes.next_session} if minutes else {}
    form = MinutesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.minutes_save(meeting=meeting, by=request.user, **form.cleaned_data)
        messages.success(request, "Minutes saved.")
        return redirect("meetings:minutes", pk=pk)
    context = {
        "meeting": meeting,
        "minutes": minutes,
        "form": form,
        "items": meeting.agenda_items.all(),
        "attendances": meeting.attendances.select_related("user", "company"),
        "decisions": meeting.decisions.select_related("agenda_item"),
        "action_items": meeting.action_items.select_related("owner", "company"),
        "attendance_form": AttendanceForm(prefix="attendance"),
        "decision_form": DecisionForm(meeting=meeting, prefix="decision"),
        "action_form": ActionItemForm(meeting=meeting, prefix="action"),
    }
    return render(request, "meetings/minutes_form.html", context)


def _minutes_add(request: HttpRequest, pk: int, form_class, save: Callable, done: str) -> HttpResponse:
    """Bind one of the minutes page's forms (each with its own prefix), save it through `save`, go back."""
    meeting = get_object_or_404(Meeting, pk=pk)
    kwargs = {"prefix": "attendance"} if form_class is AttendanceForm else {"meeting": meeting}
    if form_class is DecisionForm:
        kwargs["prefix"] = "decision"
    elif form_class is ActionItemForm:
        kwargs["prefix"] = "action"
    form = form_class(request.POST, **kwargs)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
    else:
        try:
            save(meeting, form.cleaned_data)
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, done)
    return redirect("meetings:minutes", pk=pk)


@require_POST
@secretariat_only
def attendance_add(request: HttpRequest, pk: int) -> HttpResponse:
    def save(meeting: Meeting, data: dict) -> None:
        services.attendance_add(
            meeting=meeting, user=data["user"], name=data["name"], company=data["company"], by=request.user
        )

    return _minutes_add(request, pk, AttendanceForm, save, "Attendee recorded.")


@require_POST
@secretariat_only
def decision_add(request: HttpRequest, pk: int) -> HttpResponse:
    def save(meeting: Meeting, data: dict) -> None:
        services.decision_add(meeting=meeting, text=data["text"], agenda_item=data["agenda_item"], by=request.user)

    return _minutes_add(request, pk, DecisionForm, save, "Decision recorded.")


@require_POST
@secretariat_only
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
@secretariat_only
def minutes_remove(request: HttpRequest, pk: int, what: str, row_pk: int) -> HttpResponse:
    if what not in REMOVABLE:
        raise Http404("Nothing of that kind to remove.")
    model, remove, argument = REMOVABLE[what]
    row = get_object_or_404(model, pk=row_pk, meeting=pk)
    try:
        remove(**{argument: row, "by": request.user})
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
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
    return get_object_or_404(EDITABLE[what].model.objects.select_related("meeting"), pk=row_pk, meeting=pk)


def _row_initial(row: Decision | ActionItem) -> dict:
    initial = {"text": row.text, "agenda_item": row.agenda_item_id}
    if isinstance(row, ActionItem):
        initial.update(owner=row.owner_id, owner_name=row.owner_name, company=row.company_id, due_on=row.due_on)
    return initial


@require_http_methods(["GET", "POST"])
@secretariat_only
def minutes_row_edit(request: HttpRequest, pk: int, what: str, row_pk: int) -> HttpResponse:
    """Edit a decision or an action item of draft minutes."""
    row, editable = _editable_row(pk, what, row_pk), EDITABLE[what]
    if Minutes.objects.filter(meeting=pk, published_at__isnull=False).exists():
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
@secretariat_only
def minutes_row_move(request: HttpRequest, pk: int, what: str, row_pk: int) -> HttpResponse:
    """Move a decision or an action item of draft minutes up or down."""
    row = _editable_row(pk, what, row_pk)
    offset = {"up": -1, "down": 1}.get(request.POST.get("direction", ""))
    if offset is None:
        messages.error(request, "Move a row up or down.")
        return redirect("meetings:minutes", pk=pk)
    editable = EDITABLE[what]
    try:
        editable.move(**{editable.argument: row}, offset=offset, by=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    return redirect("meetings:minutes", pk=pk)


@require_POST
@secretariat_only
def minutes_publish(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    try:
        services.minutes_publish(meeting=meeting, by=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect("meetings:minutes", pk=pk)
    messages.success(request, "Minutes published.")
    return redirect(meeting)


@require_http_methods(["GET", "POST"])
@secretariat_only
def minutes_import(request: HttpRequest, pk: int) -> HttpResponse:
    """Paste a meeting-bot log, preview the structured minutes, then save them as a draft."""
    meeting = get_object_or_404(Meeting, pk=pk)
    form = ImportForm(request.POST or None)
    parsed, warning = None, ""
    if request.method == "POST" and form.is_valid():
        log = form.cleaned_data["log"]
        parsed = match_people(parse_log(log), list(User.objects.filter(is_active=True)))
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
    context = {"meeting": meeting, "form": form, "parsed": parsed, "start_warning": warning}
    return render(request, "meetings/minutes_import.html", context)


# --- The Secretariat: series --------------------------------------------------------------------


@require_GET
@secretariat_only
def series_list(request: HttpRequest) -> HttpResponse:
    series = Series.objects.prefetch_related("rotation")
    return render(request, "meetings/series_list.html", {"series_list": series})


@require_http_methods(["GET", "POST"])
@secretariat_only
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
@secretariat_only
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
@secretariat_only
def series_generate(request: HttpRequest, slug: str) -> HttpResponse:
    series = get_object_or_404(Series, slug=slug)
    form = GenerateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
    else:
        created = services.series_generate(series=series, until=form.cleaned_data["until"], by=request.user)
        messages.success(request, f"{len(created)} meeting(s) generated as drafts.")
    return redirect("meetings:series", slug=slug)
