"""The Secretariat's pages for the plan (the timeline's phases, tasks and milestones) and the roadmap's
items: a list with add, edit and delete for each; a deletion asks once more. The roadmap page draws them."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

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
from kernel.confirm import confirm_page, is_confirmed
from kernel.view_helpers import run_service
from members.models import User
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


@dataclass(frozen=True)
class _Rows:
    """What differs between the plan's rows and the roadmap's items on their edit and delete pages."""

    model: type[PlanTask] | type[RoadmapItem]
    form: type[PlanTaskForm] | type[RoadmapItemForm]
    template: str
    name: str  # the row's name in the template's context
    adding: str  # the heading of the page that adds one
    save: Callable[[Any, dict, User], Any]  # (row or None, the form's data, by) -> the saved row
    saved: str  # the message after the row's title, once saved
    delete: Callable[[Any, User], None]
    consequences: Callable[[Any], list[str]]
    button: str
    deleted: str  # the message after the row's title, once deleted
    anchor: str  # the list on the roadmap's edit page


def _task_consequences(task: PlanTask) -> list[str]:
    held = [row.title for row in task.tasks.all()]
    consequences = [f"“{task.title}” is removed from the plan and from the chart on the roadmap page."]
    if held:
        consequences.append(f"Its rows in the plan are deleted with it: {', '.join(held)}.")
    consequences.append("This cannot be undone here; the plan's history keeps what was deleted.")
    return consequences


TASKS = _Rows(
    model=PlanTask,
    form=PlanTaskForm,
    template="governance/plan_task_form.html",
    name="task",
    adding="Add a row to the plan",
    save=lambda task, data, by: plan.plan_task_save(task=task, data=data, by=by),
    saved="is saved: the roadmap page draws it.",
    delete=lambda task, by: plan.plan_task_delete(task=task, by=by),
    consequences=_task_consequences,
    button="Delete from the plan",
    deleted="is deleted from the plan.",
    anchor="plan",
)
ITEMS = _Rows(
    model=RoadmapItem,
    form=RoadmapItemForm,
    template="governance/roadmap_item_form.html",
    name="item",
    adding="Add a roadmap item",
    save=lambda item, data, by: plan.roadmap_item_save(item=item, data=data, by=by),
    saved="is saved.",
    delete=lambda item, by: plan.roadmap_item_delete(item=item, by=by),
    consequences=lambda item: [
        f"“{item.title}” is removed from the roadmap's items and from the roadmap page.",
        "This cannot be undone here; the item's history keeps what was deleted.",
    ],
    button="Delete the item",
    deleted="is deleted.",
    anchor="items",
)


def _edit(request: HttpRequest, rows: _Rows, pk: int | None) -> HttpResponse:
    row = get_object_or_404(rows.model, pk=pk) if pk else None
    heading = f"Edit “{row.title}”" if row else rows.adding
    form = rows.form(request.POST or None, instance=row)
    if request.method == "POST" and form.is_valid():
        try:
            saved = rows.save(row, form.row_data(), request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"“{saved.title}” {rows.saved}")
            return redirect(_back(rows.anchor))
    return render(request, rows.template, {"form": form, rows.name: row, "heading": heading})


def _delete(request: HttpRequest, rows: _Rows, pk: int) -> HttpResponse:
    row = get_object_or_404(rows.model, pk=pk)
    if not is_confirmed(request):
        return confirm_page(
            request,
            title=f"Delete “{row.title}”?",
            consequences=rows.consequences(row),
            button=rows.button,
            cancel_url=_back(rows.anchor),
        )
    run_service(
        request,
        lambda: rows.delete(row, request.user),
        success=f"“{row.title}” {rows.deleted}",
        prefix="Nothing changed: ",
    )
    return redirect(_back(rows.anchor))


@require_http_methods(["GET", "POST"])
@secretariat_required(reason=EDITS_PLAN)
def plan_task_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    return _edit(request, TASKS, pk)


@require_POST
@secretariat_required(reason=EDITS_PLAN)
def plan_task_delete(request: HttpRequest, pk: int) -> HttpResponse:
    return _delete(request, TASKS, pk)


@require_http_methods(["GET", "POST"])
@secretariat_required(reason=EDITS_PLAN)
def roadmap_item_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    return _edit(request, ITEMS, pk)


@require_POST
@secretariat_required(reason=EDITS_PLAN)
def roadmap_item_delete(request: HttpRequest, pk: int) -> HttpResponse:
    return _delete(request, ITEMS, pk)
