"""The Secretariat's pages for the plan (the timeline's phases, tasks and milestones) and the roadmap's
items: a list with add, edit and delete for each; a deletion asks once more. The roadmap page draws them."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from governance.models import PlanTask, RoadmapEntry, RoadmapItem
from governance.plan_forms import PlanTaskForm, RoadmapItemForm
from governance.services import plan
from lcoo_portal.confirm import confirm_page, is_confirmed
from lcoo_portal.view_helpers import message_refusal
from members.permissions import secretariat_required

EDITS_PLAN = "Only the Secretariat edits the plan and the roadmap's items."


def _back(anchor: str) -> str:
    return f"{reverse('governance:roadmap-edit')}#{anchor}"


@require_GET
@secretariat_required(reason=EDITS_PLAN)
def roadmap_edit(request: HttpRequest) -> HttpResponse:
    """The plan's rows and the roadmap's items, each with its edit and delete buttons."""
    ranks = RoadmapEntry.objects.select_related("quarter").order_by("quarter__year", "quarter__quarter")
    context = {
        "tasks": list(PlanTask.objects.select_related("phase")),
        "items": list(
            RoadmapItem.objects.select_related("vector", "team").prefetch_related(
                Prefetch("entries", queryset=ranks, to_attr="ranks")
            )
        ),
    }
    return render(request, "governance/roadmap_edit.html", context)


@require_http_methods(["GET", "POST"])
@secretariat_required(reason=EDITS_PLAN)
def plan_task_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    task = get_object_or_404(PlanTask, pk=pk) if pk else None
    heading = f"Edit “{task.title}”" if task else "Add a row to the plan"
    form = PlanTaskForm(request.POST or None, instance=task)
    if request.method == "POST" and form.is_valid():
        try:
            saved = plan.plan_task_save(task=task, data=form.task_data(), by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"“{saved.title}” is saved: the roadmap page draws it.")
            return redirect(_back("plan"))
    return render(request, "governance/plan_task_form.html", {"form": form, "task": task, "heading": heading})


@require_POST
@secretariat_required(reason=EDITS_PLAN)
def plan_task_delete(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_object_or_404(PlanTask, pk=pk)
    if not is_confirmed(request):
        held = [row.title for row in task.tasks.all()]
        consequences = [f"“{task.title}” is removed from the plan and from the chart on the roadmap page."]
        if held:
            consequences.append(f"Its rows in the plan are deleted with it: {', '.join(held)}.")
        consequences.append("This cannot be undone here; the plan's history keeps what was deleted.")
        return confirm_page(
            request,
            title=f"Delete “{task.title}”?",
            consequences=consequences,
            button="Delete from the plan",
            cancel_url=_back("plan"),
        )
    try:
        plan.plan_task_delete(task=task, by=request.user)
    except ValidationError as error:
        message_refusal(request, error, "Nothing changed: ")
    else:
        messages.success(request, f"“{task.title}” is deleted from the plan.")
    return redirect(_back("plan"))


@require_http_methods(["GET", "POST"])
@secretariat_required(reason=EDITS_PLAN)
def roadmap_item_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    item = get_object_or_404(RoadmapItem, pk=pk) if pk else None
    heading = f"Edit “{item.title}”" if item else "Add a roadmap item"
    form = RoadmapItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            saved = plan.roadmap_item_save(item=item, data=form.item_data(), by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"“{saved.title}” is saved.")
            return redirect(_back("items"))
    return render(request, "governance/roadmap_item_form.html", {"form": form, "item": item, "heading": heading})


@require_POST
@secretariat_required(reason=EDITS_PLAN)
def roadmap_item_delete(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(RoadmapItem, pk=pk)
    if not is_confirmed(request):
        return confirm_page(
            request,
            title=f"Delete “{item.title}”?",
            consequences=[
                f"“{item.title}” is removed from the roadmap's items and from the roadmap page.",
                "This cannot be undone here; the item's history keeps what was deleted.",
            ],
            button="Delete the item",
            cancel_url=_back("items"),
        )
    try:
        plan.roadmap_item_delete(item=item, by=request.user)
    except ValidationError as error:
        message_refusal(request, error, "Nothing changed: ")
    else:
        messages.success(request, f"“{item.title}” is deleted.")
    return redirect(_back("items"))
