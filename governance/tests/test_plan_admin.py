"""The admin's door to the plan and the roadmap's items reaches the same services as the Secretariat's
pages: their rules hold there, their history says who, and a history version is never reverted around them."""

from datetime import date

import pytest
from django.urls import reverse

from governance.models import PlanTask, RoadmapItem
from governance.services import plan
from governance.tests.factories import RoadmapVectorFactory

pytestmark = pytest.mark.django_db


def test_a_roadmap_item_saved_in_the_admin_goes_through_the_service(client_for, superuser):
    vector = RoadmapVectorFactory()
    data = {"title": "Rolling upgrades", "vector": vector.pk, "description": "", "upstream_links": ""}
    data["created_at_0"], data["created_at_1"] = "2016-09-22", "10:00"
    response = client_for(superuser).post(reverse("admin:governance_roadmapitem_add"), data)
    assert response.status_code == 302
    # no request middleware records the user: the service did
    assert RoadmapItem.objects.get().history.get().history_user == superuser


def test_the_services_rule_holds_in_the_admin_with_a_message_and_nothing_changed(client_for, superuser, secretariat):
    phase = plan.plan_task_save(
        task=None,
        data={"position": 1, "title": "Scope", "kind": "phase", "starts_on": date(2016, 8, 23)},
        by=secretariat,
    )
    plan.plan_task_save(
        task=None,
        data={"position": 2, "title": "Summit", "kind": "milestone", "phase": phase, "starts_on": date(2016, 10, 24)},
        by=secretariat,
    )
    data = {"position": 1, "title": "Scope", "kind": "task", "starts_on": "2016-08-23", "duration_days": 5}
    response = client_for(superuser).post(reverse("admin:governance_plantask_change", args=[phase.pk]), data)
    assert response.status_code == 302
    assert "holds 1 row of the plan" in " ".join(str(m) for m in response.wsgi_request._messages)
    assert PlanTask.objects.get(pk=phase.pk).kind == "phase"


def test_a_plan_rows_history_is_shown_but_never_reverted(client_for, superuser, secretariat):
    task = plan.plan_task_save(
        task=None,
        data={"position": 1, "title": "Summit", "kind": "milestone", "starts_on": date(2016, 10, 24)},
        by=secretariat,
    )
    first = task.history.get()
    plan.plan_task_save(task=task, data={"title": "Barcelona Summit"}, by=secretariat)
    url = reverse("admin:governance_plantask_simple_history", args=[task.pk, first.history_id])
    client = client_for(superuser)
    assert client.get(url).status_code == 200
    assert client.post(url, {"position": 1, "title": "Summit", "kind": "milestone"}).status_code == 403
    assert PlanTask.objects.get().title == "Barcelona Summit"
