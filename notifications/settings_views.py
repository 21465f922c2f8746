"""The Secretariat's pages for the mailing-list addresses and the mail schedules. Each change says who
it will reach before acting (kernel.confirm), then goes through `notifications.services.settings`."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods
from django_celery_beat.models import PeriodicTask

from kernel.confirm import confirm_page, is_confirmed
from kernel.view_helpers import message_refusal
from members.permissions import secretariat_required
from notifications.forms import ListAddressForm, ScheduleForm
from notifications.models import Kind, ListAddress, MeetingKind, ScheduleChange
from notifications.services.settings import (
    CRON_FIELDS,
    LISTS_REFUSAL,
    MAIL_TASKS,
    SCHEDULES_REFUSAL,
    list_address_create,
    list_address_update,
    mail_schedule_update,
    mail_schedules,
    schedule_text,
)


def _labels(choices: type, values: list[str]) -> str:
    return ", ".join(str(choices(v).label).lower() for v in values) or "nothing"


def _list_consequences(data: dict, row: ListAddress | None) -> list[str]:
    address = data["address"]
    if not data["is_active"] or not data["kinds"]:
        return [f"{address} receives no mail from the portal from now on."]
    said = [
        f"From now on {address} receives: {_labels(Kind, data['kinds'])}, "
        f"for these meetings: {_labels(MeetingKind, data['meeting_kinds'])}."
    ]
    if row is not None and row.is_active:
        lost = [k for k in row.kinds if k not in data["kinds"]]
        if lost:
            said.append(f"It no longer receives: {_labels(Kind, lost)}.")
        if row.address != address:
            said.append(f"{row.address} no longer receives anything.")
    return said


def _list_form_page(request: HttpRequest, row: ListAddress | None) -> HttpResponse:
    initial = (
        {f: getattr(row, f) for f in ("name", "address", "kinds", "meeting_kinds", "is_active")}
        if row
        else {"is_active": True}
    )
    form = ListAddressForm(request.POST or None, initial=initial)
    back = reverse("notifications:list", args=[row.pk]) if row else reverse("notifications:lists")
    if request.method == "POST":
        if not form.is_valid():
            messages.error(request, "Nothing changed: please correct the errors below.")
        elif not is_confirmed(request):
            return confirm_page(
                request,
                title=f"Save the list {form.cleaned_data['address']}?",
                consequences=_list_consequences(form.cleaned_data, row),
                button="Save the list",
                cancel_url=back,
                danger=False,
            )
        else:
            try:
                if row is None:
                    row = list_address_create(by=request.user, **form.cleaned_data)
                    messages.success(request, f"{row.address} is added.")
                else:
                    changed = list_address_update(list_address=row, by=request.user, **form.cleaned_data)
                    messages.success(request, f"Saved: {', '.join(changed)}." if changed else "Nothing changed.")
            except ValidationError as error:
                message_refusal(request, error, "Nothing changed: ")
            else:
                return redirect("notifications:lists")
    context = {"form": form, "row": row}
    if row is None:
        context["lists"] = ListAddress.objects.all()
    else:
        context["history"] = row.history.select_related("history_user")[:20]
    return render(request, "notifications/lists.html", context)


@require_http_methods(["GET", "POST"])
@secretariat_required(reason=LISTS_REFUSAL)
def lists(request: HttpRequest) -> HttpResponse:
    """The mailing lists the public announcements go to, and a form to add one."""
    return _list_form_page(request, None)


@require_http_methods(["GET", "POST"])
@secretariat_required(reason=LISTS_REFUSAL)
def list_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """One list: what it receives, or stop sending to it; and its history."""
    return _list_form_page(request, get_object_or_404(ListAddress, pk=pk))


@require_http_methods(["GET"])
@secretariat_required(reason=SCHEDULES_REFUSAL)
def schedules(request: HttpRequest) -> HttpResponse:
    """When each mail is sent (UTC), and the changes made to the schedules."""
    context = {
        "schedules": [(task, schedule_text(task)) for task in mail_schedules()],
        "changes": ScheduleChange.objects.select_related("changed_by")[:30],
    }
    return render(request, "notifications/schedules.html", context)


@require_http_methods(["GET", "POST"])
@secretariat_required(reason=SCHEDULES_REFUSAL)
def schedule_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change when one mail is sent, or stop it; says what changes before acting."""
    task = get_object_or_404(PeriodicTask.objects.select_related("crontab"), pk=pk, task__in=MAIL_TASKS)
    initial = {"enabled": task.enabled, **{f: getattr(task.crontab, f, "*") for f in CRON_FIELDS}}
    form = ScheduleForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not form.is_valid():
            messages.error(request, "Nothing changed: please correct the errors below.")
        elif not is_confirmed(request):
            data = form.cleaned_data
            after = ", ".join(f"{f.replace('_', ' ')} {data[f]}" for f in CRON_FIELDS)
            consequences = (
                [f"“{task.name}” is sent at: {after} (UTC).", f"Until now: {schedule_text(task)}."]
                if data["enabled"]
                else [f"“{task.name}” is no longer sent to anyone until it is turned on again."]
            )
            return confirm_page(
                request,
                title=f"Change the schedule of “{task.name}”?",
                consequences=consequences,
                button="Change the schedule",
                cancel_url=reverse("notifications:schedule", args=[task.pk]),
                danger=not data["enabled"],
            )
        else:
            try:
                changed = mail_schedule_update(task=task, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                message_refusal(request, error, "Nothing changed: ")
            else:
                messages.success(request, "The schedule is changed." if changed else "Nothing changed.")
                return redirect("notifications:schedules")
    changes = ScheduleChange.objects.filter(task_name=task.name).select_related("changed_by")[:20]
    return render(request, "notifications/schedule.html", {"task": task, "form": form, "changes": changes})
