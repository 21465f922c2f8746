"""A visitor's kept API answer, served before DRF's pipeline (lcoo_portal/api/visitors.py): the same answer
DRF gives, counted against the address's rate limit, never given to a signed-in reader or a token holder."""

import pytest
from django.test import Client

from lcoo_portal.api.base import RecordViewSet
from meetings.tests.factories import MeetingFactory
from members.services import access_token_create

API = "/api/v1/"
COMPANIES = f"{API}companies/"


def get(client: Client, path: str, **headers: str):
    response = client.get(path, **{f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()})
    assert response.status_code < 500, path
    return response


@pytest.fixture
def kept(settings, company):
    """The visitors' cache on, and a visitor's answer to the companies' list kept by DRF's first answer."""
    settings.PORTAL_PAGE_CACHE = True
    first = get(Client(), COMPANIES)
    assert first.status_code == 200
    return first


@pytest.fixture
def drf_entered(monkeypatch) -> list:
    """The requests that reached DRF's pipeline (the viewset's `initial`), from now on."""
    entered = []
    original = RecordViewSet.initial

    def initial(self, request, *args, **kwargs):
        entered.append(request.path)
        return original(self, request, *args, **kwargs)

    monkeypatch.setattr(RecordViewSet, "initial", initial)
    return entered


def limit(settings, rate: str) -> None:
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"address": rate, "reader": rate}}


def test_a_kept_answer_is_served_without_drf_and_without_a_query(kept, drf_entered, django_assert_num_queries):
    with django_assert_num_queries(0):
        again = get(Client(), COMPANIES)
    assert drf_entered == []
    assert again.status_code == 200 and again.content == kept.content


def test_the_fast_answer_carries_the_same_headers_as_drfs(kept, drf_entered):
    again = get(Client(), COMPANIES)
    assert drf_entered == []
    assert dict(again.headers) == dict(kept.headers)
    assert again["Access-Control-Allow-Origin"] == "*"
    assert {"Accept", "Authorization", "Cookie"} <= {word.strip() for word in again["Vary"].split(",")}
    assert again["Cache-Control"] == "no-cache" and again["ETag"] and again["Last-Modified"]


def test_a_conditional_request_gets_304_from_the_fast_path(kept, drf_entered, django_assert_num_queries):
    with django_assert_num_queries(0):
        by_tag = get(Client(), COMPANIES, if_none_match=kept["ETag"])
        by_date = get(Client(), COMPANIES, if_modified_since=kept["Last-Modified"])
    assert by_tag.status_code == 304 and by_date.status_code == 304 and by_tag.content == b""
    assert by_tag["ETag"] == kept["ETag"] and by_tag["Access-Control-Allow-Origin"] == "*"
    assert drf_entered == []


def test_a_kept_answer_still_counts_against_the_address_and_is_refused_at_the_limit(settings, company, drf_entered):
    settings.PORTAL_PAGE_CACHE = True
    limit(settings, "3/min")
    client = Client()
    statuses = [get(client, COMPANIES).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]  # each counted once: the first by DRF, two kept, the fourth refused
    assert drf_entered == [COMPANIES, COMPANIES]  # the first answer, and the refusal (DRF's own 429)
    refused = get(client, COMPANIES)
    assert refused.status_code == 429 and 0 < int(refused["Retry-After"]) <= 60


def test_a_conditional_request_counts_too(kept, settings):
    limit(settings, "2/min")
    client = Client(REMOTE_ADDR="10.0.0.9")  # an address the kept answer's first request did not count against
    assert get(client, COMPANIES, if_none_match=kept["ETag"]).status_code == 304
    assert get(client, COMPANIES, if_none_match=kept["ETag"]).status_code == 304
    assert get(client, COMPANIES, if_none_match=kept["ETag"]).status_code == 429


def test_another_address_has_its_own_count(kept, settings):
    limit(settings, "1/min")
    assert get(Client(REMOTE_ADDR="10.0.0.1"), COMPANIES).status_code == 200
    assert get(Client(REMOTE_ADDR="10.0.0.1"), COMPANIES).status_code == 429
    assert get(Client(REMOTE_ADDR="10.0.0.2"), COMPANIES).status_code == 200


def test_a_token_holder_never_receives_the_visitors_kept_answer(settings, secretariat, drf_entered):
    settings.PORTAL_PAGE_CACHE = True
    draft = MeetingFactory(title="A draft meeting")
    visitor = get(Client(), f"{API}meetings/")
    assert draft.pk not in [row["id"] for row in visitor.json()["results"]]
    _, raw = access_token_create(user=secretariat, name="dashboard", days=30)
    reader = get(Client(), f"{API}meetings/", authorization=f"Bearer {raw}")
    assert draft.pk in [row["id"] for row in reader.json()["results"]]
    assert "ETag" not in reader and "Access-Control-Allow-Origin" not in reader and "private" in reader["Cache-Control"]
    assert drf_entered == [f"{API}meetings/", f"{API}meetings/"]


def test_a_signed_in_reader_never_receives_the_visitors_kept_answer(settings, client_for, secretariat):
    settings.PORTAL_PAGE_CACHE = True
    draft = MeetingFactory(title="A draft meeting")
    get(Client(), f"{API}meetings/")
    reader = get(client_for(secretariat), f"{API}meetings/")
    assert draft.pk in [row["id"] for row in reader.json()["results"]] and "ETag" not in reader


def test_a_bad_token_is_refused_even_when_a_visitors_answer_is_kept(kept):
    assert get(Client(), COMPANIES, authorization="Bearer lcoo_made-up").status_code == 401


def test_an_accept_the_api_cannot_answer_is_refused_as_drf_refuses_it(kept, drf_entered):
    assert get(Client(), COMPANIES, accept="text/html").status_code == 406
    assert get(Client(), COMPANIES, accept="application/json").status_code == 200
    assert drf_entered == [COMPANIES]


def test_a_visitor_with_a_stale_session_cookie_is_answered_through_drf_and_counted_once(kept, settings, drf_entered):
    limit(settings, "2/min")
    client = Client(REMOTE_ADDR="10.0.0.9")
    client.cookies[settings.SESSION_COOKIE_NAME] = "no-such-session"
    answers = [get(client, COMPANIES) for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert answers[0].content == kept.content and answers[0]["ETag"] == kept["ETag"]
    assert len(drf_entered) == 3


def test_an_answer_kept_under_an_older_version_is_not_served(kept, company, drf_entered):
    from kernel.public_record import public_record_bump

    company.name = "Renamed"
    company.save()
    public_record_bump()  # the test's transaction never commits: the bump that would follow it, by hand
    again = get(Client(), COMPANIES)
    assert again.json()["results"][0]["name"] == "Renamed" and again["ETag"] != kept["ETag"]
    assert drf_entered == [COMPANIES]
    assert get(Client(), COMPANIES, if_none_match=kept["ETag"]).status_code == 200


def test_the_schema_and_the_documentation_are_not_served_by_the_fast_path(settings, db):
    settings.PORTAL_PAGE_CACHE = True
    for _ in range(2):
        assert get(Client(), f"{API}schema/?format=json").json()["openapi"].startswith("3.")
        assert b"/api/v1/meetings/" in get(Client(), API).content
