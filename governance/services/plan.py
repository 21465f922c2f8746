"""Actions on the coalition's plan (the timeline's phases, tasks and milestones) and on the roadmap's items.

The Secretariat keeps both (the board ranks items in a quarter's roadmap and publishes it; that stays
the superuser's, in the admin). Every door, the portal's pages and the admin alike, saves and deletes
through these services: each checks who acts, validates the whole row (the model's `clean()` and its
constraints), and the row's history (simple-history) records who changed it.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model

from governance.models import PlanTask, RoadmapItem
from governance.permissions import can_edit_plan
from members.models import User

PLAN_TASK_FIELDS = ("position", "title", "kind", "phase", "starts_on", "duration_days")
ROADMAP_ITEM_FIELDS = ("title", "vector", "team", "description", "upstream_links")


def _check_editor(by: User) -> None:
    if not can_edit_plan(by):
        raise PermissionDenied("Only the Secretariat changes the plan and the roadmap's items.")


def _rows(count: int) -> str:
    return f"{count} row{'s' if count != 1 else ''}"


def _row_save(model: type[Model], row: Model | None, fields: tuple[str, ...], data: dict, by: User) -> Model:
    """The row locked (or a new one) with the given fields set and validated, not yet saved (the caller
    checks what the row alone cannot, then saves it)."""
    _check_editor(by)
    row = model.objects.select_for_update().get(pk=row.pk) if row is not None and row.pk else model()
    for name in fields:
        if name in data:
            setattr(row, name, data[name])
    row.full_clean()
    return row


@transaction.atomic
def plan_task_save(*, task: PlanTask | None, data: dict, by: User) -> PlanTask:
    """Create or change a row of the plan. The model's clean() holds for the row (a milestone lasts no
    day, a phase holds no phase, dates within the years a person enters); a phase that holds rows stays a
    phase, or its rows would belong to a task."""
    task = _row_save(PlanTask, task, PLAN_TASK_FIELDS, data, by)
    if task.pk and task.kind != PlanTask.Kind.PHASE:
        held = task.tasks.count()
        if held:
            raise ValidationError(
                {"kind": f"“{task.title}” holds {_rows(held)} of the plan: it stays a phase until they move."}
            )
    task._history_user = by
    task.save()
    return task


@transaction.atomic
def plan_task_delete(*, task: PlanTask, by: User) -> None:
    """Delete a row of the plan; a phase takes its tasks and milestones with it (each deletion is in the
    history, with who)."""
    _check_editor(by)
    task = PlanTask.objects.select_for_update().get(pk=task.pk)
    for row in [*task.tasks.all(), task]:
        row._history_user = by
        row.delete()


@transaction.atomic
def roadmap_item_save(*, item: RoadmapItem | None, data: dict, by: User) -> RoadmapItem:
    """Create or change a roadmap item (its title, vector, team, description and upstream links)."""
    item = _row_save(RoadmapItem, item, ROADMAP_ITEM_FIELDS, data, by)
    item._history_user = by
    item.save()
    return item


@transaction.atomic
def roadmap_item_delete(*, item: RoadmapItem, by: User) -> None:
    """Delete a roadmap item that no quarter ranks: a quarter's roadmap is the board's, and keeps its items."""
    _check_editor(by)
    item = RoadmapItem.objects.select_for_update().get(pk=item.pk)
    quarters = sorted({str(entry.quarter) for entry in item.entries.select_related("quarter")})
    if quarters:
        raise ValidationError(
            f"“{item.title}” is ranked in the roadmap of {', '.join(quarters)}: it stays while a quarter ranks it."
        )
    item._history_user = by
    item.delete()
