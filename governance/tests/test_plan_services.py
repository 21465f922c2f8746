"""The plan's rows and the roadmap's items change only through governance.services.plan: the Secretariat acts, every
refusal leaves the rows as they were, and each change is in the row's history with who made it."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from governance.models import PlanTask, RoadmapEntry, RoadmapItem
from governance.services import plan
from governance.tests.factories import RoadmapItemFactory, RoadmapQuarterFactory, RoadmapVectorFactory

pytestmark = pytest.mark.django_db


def rows() -> list[tuple]:
    return list(PlanTask.objects.values_list("pk", "position", "title", "kind", "phase", "starts_on", "duration_days"))


def items() -> list[tuple]:
    return list(RoadmapItem.objects.values_list("pk", "title", "vector", "team", "description", "upstream_links"))


@pytest.fixture
def phase(secretariat) -> PlanTask:
    return plan.plan_task_save(
        task=None,
        data={"position": 1, "title": "Finalize Governance", "kind": "phase", "starts_on": date(2016, 8, 23)},
        by=secretariat,
    )


@pytest.fixture
def task(phase, secretariat) -> PlanTask:
    data = {"position": 2, "title": "Each company comment", "kind": "task", "phase": phase}
    return plan.plan_task_save(
        task=None, data={**data, "starts_on": date(2016, 8, 31), "duration_days": 5}, by=secretariat
    )


def test_the_secretariat_adds_and_edits_a_row_and_the_history_says_who(phase, secretariat):
    plan.plan_task_save(task=phase, data={"title": "Finalize the governance", "duration_days": 20}, by=secretariat)
    phase.refresh_from_db()
    assert (phase.title, phase.duration_days, phase.finishes_on) == ("Finalize the governance", 20, date(2016, 9, 19))
    assert [h.history_type for h in phase.history.order_by("history_id")] == ["+", "~"]
    assert {h.history_user for h in phase.history.all()} == {secretariat}


@pytest.mark.parametrize(
    "change,field",
    [
        ({"kind": "milestone", "duration_days": 3}, "duration_days"),  # a milestone is a day
        ({"phase_of_itself": True}, "phase"),  # a phase belongs to no phase
        ({"starts_on": date(9999, 12, 31)}, "starts_on"),
        ({"starts_on": date(2100, 12, 1), "duration_days": 30}, "duration_days"),  # finishes in 2101
        ({"position": 2}, "position"),  # the task's row number
        ({"title": ""}, "title"),
    ],
)
def test_a_refused_change_leaves_the_plan_as_it_was(change, field, phase, task, secretariat):
    if change.pop("phase_of_itself", False):
        change = {"phase": phase}
    before = rows()
    with pytest.raises(ValidationError) as refused:
        plan.plan_task_save(task=phase, data=change, by=secretariat)
    assert field in refused.value.message_dict
    assert rows() == before and phase.history.count() == 1


def test_a_phase_holding_rows_stays_a_phase(phase, task, secretariat):
    before = rows()
    with pytest.raises(ValidationError) as refused:
        plan.plan_task_save(task=phase, data={"kind": "task", "duration_days": 10}, by=secretariat)
    assert "holds 1 row of the plan" in refused.value.message_dict["kind"][0]
    assert rows() == before


def test_a_row_cannot_join_a_task_as_its_phase(phase, task, secretariat):
    with pytest.raises(ValidationError):
        plan.plan_task_save(
            task=None,
            data={"position": 3, "title": "Sub", "kind": "task", "phase": task, "starts_on": date(2016, 9, 1)},
            by=secretariat,
        )
    assert PlanTask.objects.count() == 2


def test_deleting_a_phase_takes_its_rows_and_the_history_keeps_them_with_who(phase, task, secretariat):
    plan.plan_task_delete(task=phase, by=secretariat)
    assert not PlanTask.objects.exists()
    deleted = PlanTask.history.filter(history_type="-")
    assert sorted(deleted.values_list("title", flat=True)) == ["Each company comment", "Finalize Governance"]
    assert {h.history_user for h in deleted} == {secretariat}


@pytest.mark.parametrize("name", ["member_user", "coordinator", "board_member", "chair"])
def test_only_the_secretariat_changes_the_plan_and_the_items(name, persona, phase, secretariat):
    someone = persona(name)
    item = RoadmapItemFactory(title="Rolling upgrades")
    before = (rows(), items())
    attempts = [
        lambda: plan.plan_task_save(
            task=None, data={"position": 5, "title": "X", "starts_on": date(2017, 1, 2)}, by=someone
        ),
        lambda: plan.plan_task_save(task=phase, data={"title": "Renamed"}, by=someone),
        lambda: plan.plan_task_delete(task=phase, by=someone),
        lambda: plan.roadmap_item_save(item=None, data={"title": "X", "vector": item.vector}, by=someone),
        lambda: plan.roadmap_item_save(item=item, data={"title": "Renamed"}, by=someone),
        lambda: plan.roadmap_item_delete(item=item, by=someone),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied):
            attempt()
    assert (rows(), items()) == before


def test_the_secretariat_adds_edits_and_deletes_a_roadmap_item_with_history(secretariat):
    vector = RoadmapVectorFactory(name="Resiliency at Scale")
    item = plan.roadmap_item_save(
        item=None,
        data={"title": "Resiliency testing", "vector": vector, "upstream_links": "https://review.example.org/1"},
        by=secretariat,
    )
    plan.roadmap_item_save(item=item, data={"description": "At scale, **nightly**."}, by=secretariat)
    item.refresh_from_db()
    assert (item.title, item.description) == ("Resiliency testing", "At scale, **nightly**.")
    plan.roadmap_item_delete(item=item, by=secretariat)
    assert not RoadmapItem.objects.exists()
    history = RoadmapItem.history.filter(id=item.pk).order_by("history_id")
    assert [h.history_type for h in history] == ["+", "~", "-"]
    assert {h.history_user for h in history} == {secretariat}


@pytest.mark.parametrize(
    "change,field",
    [
        ({"upstream_links": "javascript:alert(1)"}, "upstream_links"),
        ({"title": ""}, "title"),
        ({"title": "x" * 301}, "title"),
        ({"vector": None}, "vector"),
    ],
)
def test_a_refused_item_change_leaves_the_items_as_they_were(change, field, secretariat):
    item = RoadmapItemFactory()
    before = items()
    with pytest.raises(ValidationError) as refused:
        plan.roadmap_item_save(item=item, data=change, by=secretariat)
    assert field in refused.value.message_dict
    assert items() == before


def test_an_item_a_quarter_ranks_is_not_deleted(secretariat):
    item = RoadmapItemFactory(title="Rolling upgrades")
    RoadmapEntry.objects.create(quarter=RoadmapQuarterFactory(year=2016, quarter=4), item=item, rank=1)
    with pytest.raises(ValidationError, match="ranked in the roadmap of 2016 Q4"):
        plan.roadmap_item_delete(item=item, by=secretariat)
    assert RoadmapItem.objects.filter(pk=item.pk).exists() and RoadmapEntry.objects.count() == 1


def test_a_duration_beyond_any_calendar_is_refused_without_counting_it_out(phase, secretariat):
    with pytest.raises(ValidationError) as refused:
        plan.plan_task_save(task=phase, data={"duration_days": 10**30}, by=secretariat)
    assert "finish after 2100" in " ".join(refused.value.message_dict["duration_days"])
    assert PlanTask.objects.get().duration_days == 0
