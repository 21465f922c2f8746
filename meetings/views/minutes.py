"""The Secretariat's minutes editor: the summary, attendees, decisions and action items of draft minutes,
each added, edited, moved or removed by its own view, and the publication."""

from collections.abc import Callable
from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from kernel.confirm import confirm_page, is_confirmed, people
from kernel.events import audience_count
from kernel.view_helpers import error_text, form_errors_text, message_refusal, run_service
from meetings.forms import ActionItemForm, AttendanceForm, DecisionForm, ErratumForm, MinutesForm
from meetings.models import ActionItem, Attendance, Decision, Meeting, Minutes
from meetings.permissions import PREPARES_MEETINGS
from meetings.services import minutes as minutes_services
from members.permissions import secretariat_required


def _minutes_page(
    request: HttpRequest, meeting: Meeting, *, status: str = "", failed: bool = False, **forms: Form
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
            minutes_services.minutes_save(meeting=meeting, by=request.user, **form.cleaned_data)
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


MINUTES_FORMS = {AttendanceForm: "attendance", DecisionForm: "decision", ActionItemForm: "action"}


def _minutes_add(
    request: HttpRequest,
    pk: int,
    form_class: type[AttendanceForm | DecisionForm | ActionItemForm],
    save: Callable[[Meeting, dict], None],
    done: str,
) -> HttpResponse:
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
        minutes_services.attendance_add(
            meeting=meeting, user=data["user"], name=data["name"], company=data["company"], by=request.user
        )

    return _minutes_add(request, pk, AttendanceForm, save, "Attendee recorded.")


@require_POST
@secretariat_required(reason=PREPARES_MEETINGS)
def decision_add(request: HttpRequest, pk: int) -> HttpResponse:
    def save(meeting: Meeting, data: dict) -> None:
        minutes_services.decision_add(
            meeting=meeting, text=data["text"], agenda_item=data["agenda_item"], by=request.user
        )

    return _minutes_add(request, pk, DecisionForm, save, "Decision recorded.")


@require_POST
@secretariat_required(reason=PREPARES_MEETINGS)
def action_add(request: HttpRequest, pk: int) -> HttpResponse:
    def save(meeting: Meeting, data: dict) -> None:
        minutes_services.action_item_add(meeting=meeting, by=request.user, **data)

    return _minutes_add(request, pk, ActionItemForm, save, "Action item recorded.")


# --- Rows of draft minutes: each kind has its own views, which share the steps below ------------------

MINUTES_FINAL = "The minutes are published; their decisions and action items are final."


def _remove_row(
    request: HttpRequest, model: type[Attendance | Decision | ActionItem], pk: int, row_pk: int, label: str
) -> HttpResponse:
    """Ask once more, then remove the row through its service and go back to the minutes."""
    row = get_object_or_404(model, pk=row_pk, meeting=pk)
    if not is_confirmed(request):
        return confirm_page(
            request,
            title=f"Remove this {label}?",
            consequences=[f"“{str(row)[:120]}” is removed from the draft minutes. This cannot be undone."],
            button=f"Remove the {label}",
            cancel_url=reverse("meetings:minutes", args=[pk]),
        )
    run_service(request, partial(minutes_services.minutes_row_remove, row=row, by=request.user), success="Removed.")
    return redirect("meetings:minutes", pk=pk)


def _edit_row(
    request: HttpRequest,
    row: Decision | ActionItem,
    form_class: type[DecisionForm | ActionItemForm],
    initial: dict,
    label: str,
    update: Callable[..., object],
) -> HttpResponse:
    """The row's form while the minutes are a draft; a valid POST saves it through `update`."""
    if row.meeting.is_record_final:
        messages.error(request, MINUTES_FINAL)
        return redirect("meetings:minutes", pk=row.meeting_id)
    form = form_class(request.POST or None, initial=initial, meeting=row.meeting)
    if request.method == "POST" and form.is_valid():
        try:
            update(**form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{label.capitalize()} saved.")
            return redirect("meetings:minutes", pk=row.meeting_id)
    return render(request, "meetings/minutes_row_form.html", {"meeting": row.meeting, "form": form, "label": label})


def _move_row(
    request: HttpRequest, model: type[Decision | ActionItem], pk: int, row_pk: int, label: str
) -> HttpResponse:
    """Move the row up or down through its service; an htmx request gets the page back to swap in place."""
    row = get_object_or_404(model.objects.select_related("meeting__minutes"), pk=row_pk, meeting=pk)
    offset = {"up": -1, "down": 1}.get(request.POST.get("direction", ""))
    if offset is None:
        messages.error(request, "Move a row up or down.")
        return redirect("meetings:minutes", pk=row.meeting_id)
    text, failed = f"{label.capitalize()} moved.", False
    try:
        minutes_services.minutes_row_move(row=row, offset=offset, by=request.user)
    except ValidationError as error:
        text, failed = error_text(error), True
    if request.htmx:
        return _minutes_page(request, row.meeting, status=text, failed=failed)
    if failed:
        messages.error(request, text)
    return redirect("meetings:minutes", pk=row.meeting_id)


@require_POST
@secretariat_required(reason=PREPARES_MEETINGS)
def attendance_remove(request: HttpRequest, pk: int, row_pk: int) -> HttpResponse:
    return _remove_row(request, Attendance, pk, row_pk, "attendee")


@require_http_methods(["GET", "POST"])
@secretariat_required(reason=PREPARES_MEETINGS)
def decision_edit(request: HttpRequest, pk: int, row_pk: int) -> HttpResponse:
    decision = get_object_or_404(Decision.objects.select_related("meeting__minutes"), pk=row_pk, meeting=pk)
    initial = {"text": decision.text, "agenda_item": decision.agenda_item_id}
    update = partial(minutes_services.decision_update, decision=decision, by=request.user)
    return _edit_row(request, decision, DecisionForm, initial, "decision", update)


@require_POST
@secretariat_required(reason=PREPARES_MEETINGS)
def decision_move(request: HttpRequest, pk: int, row_pk: int) -> HttpResponse:
    return _move_row(request, Decision, pk, row_pk, "decision")


@require_POST
@secretariat_required(reason=PREPARES_MEETINGS)
def decision_remove(request: HttpRequest, pk: int, row_pk: int) -> HttpResponse:
    return _remove_row(request, Decision, pk, row_pk, "decision")


@require_http_methods(["GET", "POST"])
@secretariat_required(reason=PREPARES_MEETINGS)
def action_edit(request: HttpRequest, pk: int, row_pk: int) -> HttpResponse:
    action = get_object_or_404(ActionItem.objects.select_related("meeting__minutes"), pk=row_pk, meeting=pk)
    initial = {
        "text": action.text,
        "agenda_item": action.agenda_item_id,
        "owner": action.owner_id,
        "owner_name": action.owner_name,
        "company": action.company_id,
        "due_on": action.due_on,
    }
    update = partial(minutes_services.action_item_update, action_item=action, by=request.user)
    return _edit_row(request, action, ActionItemForm, initial, "action item", update)


@require_POST
@secretariat_required(reason=PREPARES_MEETINGS)
def action_move(request: HttpRequest, pk: int, row_pk: int) -> HttpResponse:
    return _move_row(request, ActionItem, pk, row_pk, "action item")


@require_POST
@secretariat_required(reason=PREPARES_MEETINGS)
def action_remove(request: HttpRequest, pk: int, row_pk: int) -> HttpResponse:
    return _remove_row(request, ActionItem, pk, row_pk, "action item")


# --- Publication -------------------------------------------------------------------------------------


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
    publish = partial(minutes_services.minutes_publish, meeting=meeting, by=request.user)
    if not run_service(request, publish, success="Minutes published."):
        return redirect("meetings:minutes", pk=pk)
    return redirect(meeting)
