"""The person chooser for presenters, owners and attendees groups people by company, sorted, the people
without a company in their own group last, in one query (issue 24)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings.forms import ActionItemForm, AgendaItemForm
from meetings.tests.factories import MeetingFactory
from members.models import Affiliation
from members.tests.factories import CompanyFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    orange = CompanyFactory(name="Orange", slug="orange")
    att = CompanyFactory(name="AT&T", slug="att")
    for name, company in [("Zoe Zed", att), ("Anna Ant", orange), ("Bob Bee", att), ("Lone Wolf", None)]:
        person = UserFactory(display_name=name, email=f"{name.split()[0].lower()}@example.org")
        if company:
            Affiliation.objects.create(user=person, company=company)


def groups(field) -> list[tuple[str, list[str]]]:
    return [(label, [str(option[1]) for option in options]) for label, options in list(field.choices)[1:]]


def test_the_owner_chooser_groups_people_by_company_sorted_with_the_companyless_last(people):
    form = ActionItemForm(meeting=MeetingFactory())
    assert groups(form.fields["owner"]) == [
        ("AT&T", ["Bob Bee", "Zoe Zed"]),
        ("Orange", ["Anna Ant"]),
        ("No company", ["Lone Wolf"]),
    ]


def test_the_presenter_chooser_is_grouped_and_asks_one_query(people):
    form = AgendaItemForm(meeting=MeetingFactory())
    with CaptureQueriesContext(connection) as queries:
        html = str(form["presenter"])
    assert len(queries) == 1
    assert '<optgroup label="AT&amp;T">' in html
    assert "data-person-chooser" in html


def test_a_chosen_owner_is_saved_from_the_grouped_choices(people):
    from members.models import User

    bob = User.objects.get(display_name="Bob Bee")
    form = ActionItemForm({"text": "Call", "owner": str(bob.pk)}, meeting=MeetingFactory())
    assert form.is_valid(), form.errors
    assert form.cleaned_data["owner"] == bob


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_agenda_and_minutes_pages_ask_as_many_queries_however_many_people(client_for, secretariat, people):
    from meetings.tests.factories import MinutesFactory, PublishedMeetingFactory

    meeting = MeetingFactory()
    held = PublishedMeetingFactory(status="held")
    MinutesFactory(meeting=held)
    client = client_for(secretariat)
    urls = [f"/meetings/{meeting.pk}/agenda/", f"/meetings/{held.pk}/minutes/"]
    client.get(urls[0])  # the session's first request
    before = [_queries(client, url) for url in urls]
    for n in range(30):
        company = CompanyFactory(name=f"Company {n}", slug=f"company-{n}")
        Affiliation.objects.create(user=UserFactory(email=f"p{n}@example.org"), company=company)
    assert [_queries(client, url) for url in urls] == before
