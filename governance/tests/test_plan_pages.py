"""The Secretariat's pages for the plan and the roadmap's items: add, edit, delete after a second question;
the roadmap page draws what they save. Everyone else is refused at every door."""

from datetime import date

import pytest
from django.urls import reverse

from governance.models import PlanTask, RoadmapEntry, RoadmapItem
from governance.services import plan
from governance.tests.factories import RoadmapItemFactory, RoadmapQuarterFactory, RoadmapVectorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def phase(secretariat) -> PlanTask:
    return plan.plan_task_save(
        task=None,
        data={"position": 1, "title": "Barcelona Scope Process", "kind": "phase", "starts_on": date(2016, 8, 23)},
        by=secretariat,
    )


@pytest.fixture
def milestone(phase, secretariat) -> PlanTask:
    data = {"position": 2, "title": "Barcelona Summit", "kind": "milestone", "phase": phase}
    return plan.plan_task_save(task=None, data={**data, "starts_on": date(2016, 10, 24)}, by=secretariat)


@pytest.fixture
def item(db) -> RoadmapItem:
    return RoadmapItemFactory(title="Rolling upgrades")


# (url name, needs: None | "task" | "item", methods allowed)
PAGES = [
    ("governance:roadmap-edit", None, "GET"),
    ("governance:plan-task-new", None, "GET POST"),
    ("governance:plan-task-edit", "task", "GET POST"),
    ("governance:plan-task-delete", "task", "POST"),
    ("governance:roadmap-item-new", None, "GET POST"),
    ("governance:roadmap-item-edit", "item", "GET POST"),
    ("governance:roadmap-item-delete", "item", "POST"),
]


@pytest.fixture
def url_for(phase, item):
    def make(name: str, needs: str | None) -> str:
        return reverse(name, args={None: [], "task": [phase.pk], "item": [item.pk]}[needs])

    return make


def state() -> tuple:
    return (
        list(PlanTask.objects.values_list("pk", "title", "kind", "starts_on", "duration_days")),
        list(RoadmapItem.objects.values_list("pk", "title", "vector", "description")),
    )


@pytest.mark.parametrize("name,needs,methods", PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(name, needs, methods, client, url_for):
    for method in methods.split():
        response = getattr(client, method.lower())(url_for(name, needs))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    "persona_name", ["member_user", "coordinator", "other_coordinator", "board_member", "unseated_board_member"]
)
@pytest.mark.parametrize("name,needs,methods", PAGES)
def test_people_other_than_the_secretariat_are_refused_and_nothing_changes(
    persona_name, name, needs, methods, persona, client_for, url_for
):
    client = client_for(persona(persona_name))
    before = state()
    for method in methods.split():
        data = {"title": "Taken over", "confirm": "yes"} if method == "POST" else None
        response = getattr(client, method.lower())(url_for(name, needs), data)
        assert response.status_code == 403
        assert "Only the Secretariat edits the plan" in response.content.decode()
    assert state() == before


def test_the_chair_is_refused_too(client_for, chair, url_for):
    client = client_for(chair)
    assert client.get(url_for("governance:roadmap-edit", None)).status_code == 403
    assert client.post(url_for("governance:plan-task-delete", "task"), {"confirm": "yes"}).status_code == 403
    assert PlanTask.objects.exists()


@pytest.mark.parametrize("name,needs,methods", PAGES)
def test_a_wrong_method_is_405(name, needs, methods, client_for, secretariat, url_for):
    client = client_for(secretariat)
    wrong = "post" if methods == "GET" else "get" if methods == "POST" else "put"
    assert getattr(client, wrong)(url_for(name, needs)).status_code == 405


def test_the_roadmap_page_links_the_secretariat_alone_to_the_editor(client, client_for, secretariat, board_member):
    link = reverse("governance:roadmap-edit")
    assert link in client_for(secretariat).get(reverse("governance:roadmap")).content.decode()
    for visitor in (client, client_for(board_member)):
        assert link not in visitor.get(reverse("governance:roadmap")).content.decode()


def test_the_list_shows_each_row_and_item_with_its_doors(client_for, secretariat, milestone, item):
    html = client_for(secretariat).get(reverse("governance:roadmap-edit")).content.decode()
    for name, pk in [
        ("plan-task-edit", milestone.pk),
        ("plan-task-delete", milestone.pk),
        ("roadmap-item-edit", item.pk),
    ]:
        assert reverse(f"governance:{name}", args=[pk]) in html
    assert reverse("governance:roadmap-item-delete", args=[item.pk]) in html
    assert "Barcelona Summit" in html and "Mon 24 Oct 2016" in html and "(in Barcelona Scope Process)" in html


def test_an_item_a_quarter_ranks_offers_no_delete_button(client_for, secretariat, item):
    RoadmapEntry.objects.create(quarter=RoadmapQuarterFactory(year=2016, quarter=4), item=item, rank=3)
    html = client_for(secretariat).get(reverse("governance:roadmap-edit")).content.decode()
    assert "2016 Q4 (#3)" in html
    assert reverse("governance:roadmap-item-delete", args=[item.pk]) not in html


def test_the_secretariat_adds_a_phase_and_the_roadmap_page_draws_it(client_for, secretariat):
    client = client_for(secretariat)
    form = client.get(reverse("governance:plan-task-new")).content.decode()
    assert 'value="1"' in form  # the next row number is offered
    data = {"position": 1, "title": "Ocata Planning", "kind": "phase", "starts_on": "2016-11-01", "duration_days": 15}
    response = client.post(reverse("governance:plan-task-new"), data)
    assert response.status_code == 302 and response["Location"] == reverse("governance:roadmap-edit") + "#plan"
    task = PlanTask.objects.get()
    assert (task.title, task.finishes_on) == ("Ocata Planning", date(2016, 11, 21))
    assert task.history.get().history_user == secretariat
    roadmap = client.get(reverse("governance:roadmap")).content.decode()
    svg = roadmap.split("<svg")[1].split("</svg>")[0]
    assert "Ocata Planning" in svg and svg.count('class="tl-bar"') == 1


def test_the_secretariat_edits_a_row(client_for, secretariat, phase):
    data = {"position": 1, "title": "Scope", "kind": "phase", "starts_on": "2016-08-24", "duration_days": 10}
    response = client_for(secretariat).post(reverse("governance:plan-task-edit", args=[phase.pk]), data)
    assert response.status_code == 302
    phase.refresh_from_db()
    assert (phase.title, phase.starts_on, phase.duration_days) == ("Scope", date(2016, 8, 24), 10)


@pytest.mark.parametrize(
    "change,error",
    [
        ({"kind": "milestone", "duration_days": 3}, "A milestone is a day"),
        ({"starts_on": "9999-12-31"}, "between the years 2000 and 2100"),
        ({"duration_days": "-1"}, "greater than or equal to 0"),
        ({"position": 2}, "already exists"),
        ({"title": ""}, "This field is required"),
        ({"kind": "task"}, "holds 1 row of the plan"),  # the service's refusal, on the form
    ],
)
def test_bad_input_is_explained_on_the_form_and_changes_nothing(
    change, error, client_for, secretariat, phase, milestone
):
    before = state()
    data = {"position": 1, "title": "Barcelona Scope Process", "kind": "phase", "starts_on": "2016-08-23"}
    data = {**data, "duration_days": 0, **change}
    response = client_for(secretariat).post(reverse("governance:plan-task-edit", args=[phase.pk]), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert error in html.replace("&#x27;", "'")
    assert "Edit “Barcelona Scope Process”" in html  # the heading names the row as it is, not as typed
    assert state() == before


def test_deleting_a_phase_asks_once_more_saying_its_rows_go_with_it(client_for, secretariat, phase, milestone):
    client = client_for(secretariat)
    url = reverse("governance:plan-task-delete", args=[phase.pk])
    response = client.post(url)
    html = response.content.decode()
    assert response.status_code == 200 and "Delete “Barcelona Scope Process”?" in html
    assert "Its rows in the plan are deleted with it: Barcelona Summit." in html
    assert PlanTask.objects.count() == 2
    response = client.post(url, {"confirm": "yes"})
    assert response.status_code == 302 and not PlanTask.objects.exists()


def test_the_secretariat_adds_edits_and_deletes_a_roadmap_item(client_for, secretariat):
    vector = RoadmapVectorFactory(name="Resiliency at Scale")
    client = client_for(secretariat)
    data = {"title": "Resiliency testing", "vector": vector.pk, "upstream_links": "https://review.example.org/1"}
    assert client.post(reverse("governance:roadmap-item-new"), data).status_code == 302
    item = RoadmapItem.objects.get()
    data["description"] = "Nightly, at scale."
    assert client.post(reverse("governance:roadmap-item-edit", args=[item.pk]), data).status_code == 302
    item.refresh_from_db()
    assert item.description == "Nightly, at scale."
    assert "Nightly, at scale." in client.get(reverse("governance:roadmap")).content.decode()
    url = reverse("governance:roadmap-item-delete", args=[item.pk])
    assert "Delete “Resiliency testing”?" in client.post(url).content.decode()
    assert RoadmapItem.objects.exists()
    assert client.post(url, {"confirm": "yes"}).status_code == 302
    assert not RoadmapItem.objects.exists()


def test_a_bad_link_on_an_item_is_explained_and_changes_nothing(client_for, secretariat, item):
    before = state()
    data = {"title": "Renamed", "vector": item.vector_id, "upstream_links": "javascript:alert(1)"}
    response = client_for(secretariat).post(reverse("governance:roadmap-item-edit", args=[item.pk]), data)
    assert response.status_code == 200 and "Line 1: enter an http:// or https:// address." in response.content.decode()
    assert state() == before


def test_deleting_a_ranked_item_is_refused_with_a_message(client_for, secretariat, item):
    RoadmapEntry.objects.create(quarter=RoadmapQuarterFactory(year=2016, quarter=4), item=item, rank=1)
    client = client_for(secretariat)
    response = client.post(reverse("governance:roadmap-item-delete", args=[item.pk]), {"confirm": "yes"}, follow=True)
    assert "Nothing changed: “Rolling upgrades” is ranked in the roadmap of 2016 Q4" in response.content.decode()
    assert RoadmapItem.objects.filter(pk=item.pk).exists()
