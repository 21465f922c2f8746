"""The roadmap page draws the plan and the quarterly roadmap as SVG, with a table saying the same."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from governance import demo
from governance.models import PlanTask, RoadmapItem, RoadmapQuarter, RoadmapVector, add_working_days
from governance.services import plan
from governance.timeline import plan_chart


def test_durations_count_working_days_as_the_plan_does():
    # "Each company comment", 5 days from Wed 31 Aug 2016, ends Tue 6 Sep; the next task starts Wed 7 Sep.
    assert PlanTask(starts_on=date(2016, 8, 31), duration_days=5).finishes_on == date(2016, 9, 6)
    # "Milestones", 37 days from Thu 1 Sep 2016, reach the Barcelona summit on Mon 24 Oct.
    assert add_working_days(date(2016, 9, 1), 36) == date(2016, 10, 21)
    assert PlanTask(starts_on=date(2016, 10, 24), duration_days=0, kind="milestone").finishes_on == date(2016, 10, 24)


def test_the_plan_of_the_22_september_minutes_is_drawn_with_a_table(client, db):
    demo._plan()
    html = client.get(reverse("governance:roadmap")).content.decode()
    svg = html.split("<svg")[1].split("</svg>")[0]
    assert svg.count('class="tl-milestone"') == 3 and svg.count('class="tl-bar"') == 12
    assert "Finalize Governance" in svg and "Barcelona Scope Process" in svg
    table = html.split("plan, row by row")[1].split("</table>")[0]
    assert "Review with Product Development WG" in table and "10 working days" in table
    assert "Mon 24 Oct 2016" in table  # the Barcelona summit milestone
    assert "<script" not in svg


def test_the_plans_bars_sit_where_their_dates_are(db):
    demo._plan()
    chart = plan_chart(list(PlanTask.objects.all()))
    shapes = {s.row.label: s for s in chart.shapes}
    scope, combine = shapes["Barcelona Scope Process"], shapes["Combine Objectives"]
    assert scope.x == combine.x == chart.label_width  # 23 Aug 2016 is the plan's first day
    assert shapes["Barcelona Summit"].x > shapes["Companies commit resources to Ocata"].x > combine.x
    # a grid line every Sunday; dated as every page dates, every other week so that the dates do not overlap
    assert [t.label for t in chart.ticks][:3] == ["28 Aug 2016", "", "11 Sep 2016"]


def test_the_quarterly_roadmap_items_are_drawn_over_their_quarters(client, db):
    vector = RoadmapVector.objects.create(name="Resiliency at Scale", slug="resiliency")
    item = RoadmapItem.objects.create(title="Resiliency testing at scale", vector=vector)
    for year, quarter in ((2016, 4), (2017, 1)):
        q = RoadmapQuarter.objects.create(year=year, quarter=quarter, published_at="2016-10-01T00:00Z")
        q.entries.create(item=item, rank=1)
    html = client.get(reverse("governance:roadmap")).content.decode()
    table = html.split("Quarterly roadmap, row by row")[1].split("</table>")[0]
    assert "Resiliency testing at scale" in table and "Sat 1 Oct 2016" in table and "Fri 31 Mar 2017" in table
    assert "2016 Q4: #1; 2017 Q1: #1" in table


def test_the_plan_rules_hold_at_the_service(db, secretariat):
    with pytest.raises(ValidationError):
        plan.plan_task_save(
            task=None,
            data={
                "position": 1,
                "title": "Summit",
                "kind": "milestone",
                "starts_on": date(2016, 10, 24),
                "duration_days": 3,
            },
            by=secretariat,
        )
    phase = plan.plan_task_save(
        task=None,
        data={"position": 2, "title": "Phase", "kind": "phase", "starts_on": date(2016, 9, 1)},
        by=secretariat,
    )
    with pytest.raises(ValidationError):
        plan.plan_task_save(
            task=None,
            data={"position": 3, "title": "Sub", "kind": "phase", "phase": phase, "starts_on": date(2016, 9, 1)},
            by=secretariat,
        )
    assert PlanTask.objects.count() == 1


def test_the_secretariat_edits_the_plan_in_the_admin_through_the_service(client_for, secretariat, db):
    from django.contrib.auth.models import Permission

    secretariat.user_permissions.add(*Permission.objects.filter(codename__endswith="plantask"))
    data = {
        "position": 1,
        "title": "Barcelona Summit",
        "kind": "milestone",
        "starts_on": "2016-10-24",
        "duration_days": 2,
    }
    response = client_for(secretariat).post(reverse("admin:governance_plantask_add"), data)
    assert response.status_code == 200 and not PlanTask.objects.exists()  # a milestone has no duration
    data["duration_days"] = 0
    assert client_for(secretariat).post(reverse("admin:governance_plantask_add"), data).status_code == 302
    assert PlanTask.objects.get().title == "Barcelona Summit"
