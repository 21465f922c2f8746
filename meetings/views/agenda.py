"""The Secretariat's pages for a meeting and its agenda: create, edit, cancel; add, edit, remove, move
and publish agenda items."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from kernel.confirm import confirm_page, is_confirmed, people
from kernel.events import audience_count
from kernel.view_helpers import message_refusal, run_service
from meetings.forms import AgendaItemForm, CancelForm, MeetingForm
from meetings.models import AgendaItem, Kind, Meeting
from meetings.permissions import PREPARES_MEETINGS
from meetings.services import agenda as agenda_services
from meetings.services import meeting as meeting_services
from members.permissions import secretariat_required


def _zone(request: HttpRequest) -> str:
    return getattr(request.user, "time_zone", "UTC") or "UTC"


def _late_notice(data: dict) -> str:
    """What the Secretariat is told before creating a meeting whose agenda can no longer be published
    with its kind's notice (the deadline is `Meeting.agenda_deadline`, the days `meetings.kinds`); "" if it can."""
    planned = Meeting(kind=data["kind"], starts_at=data["starts_at"])
    now = timezone.now()
    if planned.agenda_deadline >= now:
        return ""
    required = planned.agenda_days_required
    kind = planned.get_kind_display().lower()
    if planned.starts_at <= now:
        return (
            f"This {kind} has already started: its agenda can only be published as a late record, labelled so "
            "on its page, and nobody is e-mailed."
        )
    left = planned.starts_at - now
    ahead = f"{left.days} day{'s' if left.days != 1 else ''}" if left.days else "less than a day"
    return (
        f"A {kind}'s agenda is due {required} day{'s' if required != 1 else ''} before it starts; this one starts "
        f"in {ahead}, so its agenda will be late however soon it is published. Choose a later start, or create "
        "it anyway."
    )


@require_http_methods(["GET", "POST"])
@secretariat_required(reason=PREPARES_MEETINGS)
def meeting_create(request: HttpRequest) -> HttpResponse:
    form = MeetingForm(request.POST or None, initial={"time_zone": _zone(request), "kind": Kind.GENERAL})
    late_notice = ""
    if request.method == "POST" and form.is_valid():
        late_notice = _late_notice(form.meeting_data())
    if request.method == "POST" and form.is_valid() and (not late_notice or request.POST.get("late_notice_seen")):
        try:
            meeting = meeting_services.meeting_create(data=form.meeting_data(), by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Meeting created. Add its agenda items, then publish the agenda.")
            if late_notice:
                messages.warning(request, late_notice)
            return redirect("meetings:agenda", pk=meeting.pk)
    return render(request, "meetings/meeting_form.html", {"form": form, "meeting": None, "late_notice": late_notice})


@require_http_methods(["GET", "POST"])
@secretariat_required(reason=PREPARES_MEETINGS)
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    form = MeetingForm.for_meeting(meeting, _zone(request), request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting_services.meeting_update(meeting=meeting, data=form.meeting_data(), by=request.user)
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
    run_service(
        request,
        lambda: meeting_services.meeting_cancel(meeting=meeting, by=request.user, reason=form.cleaned_data["reason"]),
        success="Meeting cancelled; calendars will show it as cancelled.",
    )
    return redirect(meeting)


@require_http_methods(["GET", "POST"])
@secretariat_required(reason=PREPARES_MEETINGS)
def agenda(request: HttpRequest, pk: int) -> HttpResponse:
    """The agenda editor: the items in order, a form to add one, the publish button."""
    meeting = get_object_or_404(Meeting, pk=pk)
    form = AgendaItemForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            agenda_services.agenda_item_add(meeting=meeting, data=form.item_data(), by=request.user)
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
        "minutes_published": meeting.is_record_final,
    }
    return render(request, "meetings/agenda.html", context)


@require_http_methods(["GET", "POST"])
@secretariat_required(reason=PREPARES_MEETINGS)
def agenda_item_edit(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    item = get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=item_pk, meeting=pk)
    if item.meeting.is_record_final:
        messages.error(request, "The minutes are published: the agenda and its discussion are final.")
        return redirect("meetings:agenda", pk=pk)
    form = AgendaItemForm(request.POST or None, instance=item, meeting=item.meeting)
    if request.method == "POST" and form.is_valid():
        try:
            agenda_services.agenda_item_update(item=item, data=form.item_data(), by=request.user)
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
    run_service(
        request,
        lambda: agenda_services.agenda_item_delete(item=item, by=request.user),
        success=f"Removed “{item.title}”.",
    )
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
        agenda_services.agenda_item_move(item=item, offset=offset, by=request.user)
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
        meeting = agenda_services.agenda_publish(meeting=meeting, by=request.user)
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
