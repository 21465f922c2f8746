"""Two people saving the same unique thing at the same moment: both pass the form's check before either
commits, and the second insert hits the unique constraint. The loser sees the form's own message (its view
runs once more, lcoo_portal.middleware.UniqueRaceMiddleware), never a 500, and only the winner's row exists.

PostgreSQL, two threads with a connection each, made to meet right before the save. On SQLite, writes
are serialised (`transaction_mode=IMMEDIATE`): a service's check and save run as one, so the second
check sees the first row; the test skips there (the middleware is tested on SQLite by
`test_a_unique_violation_outside_a_race_is_not_retried_for_ever`, which needs no second connection).
"""

import itertools
import threading
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import IntegrityError, connection, connections
from django.test import Client
from django.urls import reverse

from governance.models import PlanTask
from members.models import Company, User

pytestmark = pytest.mark.django_db(transaction=True)


@dataclass
class Race:
    model: type
    url: Callable[[], str]
    data: Callable[[int], dict]  # the data posted by racer 0 and racer 1
    count: Callable[[], int]  # rows that hold the contested value
    message: str  # what the loser's page says


RACES = {
    "plan row number": Race(
        model=PlanTask,
        url=lambda: reverse("governance:plan-task-new"),
        data=lambda n: {
            "position": 7,
            "title": f"Row of racer {n}",
            "kind": "task",
            "duration_days": 3,
            "starts_on": "2026-03-02",
        },
        count=lambda: PlanTask.objects.filter(position=7).count(),
        message="Plan task with this Position already exists.",
    ),
    "company name": Race(
        model=Company,
        url=lambda: reverse("members:new"),
        data=lambda n: {
            "name": "Racing Telecom",
            "slug": f"racing-{n}",
            "operator_kind": "neither",
            "hq_time_zone": "UTC",
        },
        count=lambda: Company.objects.filter(name="Racing Telecom").count(),
        message="A company named Racing Telecom already exists.",
    ),
    "company address": Race(
        model=Company,
        url=lambda: reverse("members:new"),
        data=lambda n: {"name": f"Racer {n}", "slug": "racing", "operator_kind": "neither", "hq_time_zone": "UTC"},
        count=lambda: Company.objects.filter(slug="racing").count(),
        message="already taken by another company",
    ),
    "meeting-bot nick": Race(
        model=User,
        url=lambda: reverse("profile"),
        data=lambda n: {"display_name": f"Racer {n}", "time_zone": "UTC", "irc_nick": "racer"},
        count=lambda: User.objects.filter(irc_nick__iexact="racer").count(),
        message="racer",
    ),
}


def race(clients: list[Client], target: Race, monkeypatch) -> list:
    """Both racers post at once; their saves meet at a barrier so both checks ran before either inserts."""
    barrier, calls, original = threading.Barrier(2, timeout=10), itertools.count(), target.model.save

    def meeting_save(self, *args, **kwargs):
        if next(calls) < 2:
            barrier.wait()
        return original(self, *args, **kwargs)

    monkeypatch.setattr(target.model, "save", meeting_save)
    responses: list = [None, None]

    def run(n: int) -> None:
        try:
            responses[n] = clients[n].post(target.url(), target.data(n))
        except Exception as error:  # a 500 raised through the test client
            responses[n] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n,)) for n in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return responses


@pytest.mark.parametrize("name", list(RACES))
def test_two_saves_of_one_unique_value_at_once_give_the_loser_the_forms_message(name, request, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers: the two checks cannot both pass (see the module's docstring)")
    target = RACES[name]
    if name == "meeting-bot nick":
        people = [request.getfixturevalue("member_user"), request.getfixturevalue("coordinator")]
    else:
        people = [request.getfixturevalue("secretariat"), request.getfixturevalue("secretariat")]
    clients = []
    for person in people:
        client = Client()
        client.force_login(person)
        clients.append(client)
    responses = race(clients, target, monkeypatch)
    assert not any(isinstance(r, Exception) for r in responses), responses
    assert all(r.status_code < 500 for r in responses), [r.status_code for r in responses]
    assert target.count() == 1
    saved = [r for r in responses if r.status_code == 302]
    refused = [r for r in responses if r.status_code != 302]
    assert len(saved) == 1 and len(refused) == 1, [r.status_code for r in responses]
    page = refused[0].content.decode().replace("&#x27;", "'")
    assert target.message in page, page[page.find("<main") :][:2500]


def test_a_unique_violation_outside_a_race_is_not_retried_for_ever(client_for, secretariat, monkeypatch):
    """A view whose every run hits the constraint gets one more run, then a 409 that says what happened."""

    def always(*args, **kwargs):
        raise IntegrityError("UNIQUE constraint failed: governance_plantask.position")

    monkeypatch.setattr(PlanTask, "save", always)
    response = client_for(secretariat).post(
        reverse("governance:plan-task-new"),
        {"position": 7, "title": "Row", "kind": "task", "duration_days": 3, "starts_on": "2026-03-02"},
    )
    assert response.status_code == 409
    assert "Saved by someone else at the same moment" in response.content.decode()
