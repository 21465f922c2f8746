"""The read-only JSON API: what each reader gets, tokens, conditional answers, CORS, limits, refusals."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from governance.models import Ballot, Motion
from governance.tests.factories import (
    CandidateFactory,
    CharterVersionFactory,
    MotionFactory,
    RoadmapItemFactory,
    RoadmapQuarterFactory,
)
from lcoo_portal.api.urls import router
from meetings.models import Kind
from meetings.tests.factories import (
    AgendaItemFactory,
    AttendanceFactory,
    DecisionFactory,
    MeetingFactory,
    MinutesFactory,
    PublishedMeetingFactory,
)
from members.models import PersonalAccessToken
from members.services import access_token_create, access_token_revoke

API = "/api/v1/"


def get(client: Client, path: str, **headers: str):
    response = client.get(path, **{f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()})
    assert response.status_code < 500, path
    return response


def ids(response) -> list:
    return [row["id"] for row in response.json()["results"]]


@pytest.fixture
def draft_meeting(db):
    return MeetingFactory(title="A draft meeting")


@pytest.fixture
def held_meeting(company, board_member):
    meeting = PublishedMeetingFactory(
        kind=Kind.EXECUTIVE_BOARD, title="Board meeting", starts_at=timezone.now() - timedelta(days=10), status="held"
    )
    secret = AgendaItemFactory(meeting=meeting, title="Secret item", confidential=True)
    AgendaItemFactory(meeting=meeting, title="Open item")
    DecisionFactory(meeting=meeting, agenda_item=secret, text="Secret decision")
    DecisionFactory(meeting=meeting, text="Open decision")
    AttendanceFactory(meeting=meeting, user=board_member, name="", company=company)
    MinutesFactory(meeting=meeting, summary="We met.", published_at=timezone.now() - timedelta(days=9))
    return meeting


# every endpoint the router registers: a new one is tested without being named here
API_BASENAMES = [basename for _, _, basename in router.registry]


def test_every_list_answers_a_visitor_with_a_cursor_page(client, company, held_meeting):
    CharterVersionFactory()
    RoadmapQuarterFactory(published_at=timezone.now())
    for name in API_BASENAMES:
        response = get(client, reverse(f"api:{name}-list"))
        assert response.status_code == 200, name
        body = response.json()
        assert set(body) == {"next", "previous", "results"}, name


def test_objects_carry_their_page_url_and_their_api_url(client, company, held_meeting):
    row = get(client, f"{API}companies/{company.slug}/").json()
    assert row["page_url"] == f"http://testserver{company.get_absolute_url()}"
    assert row["url"] == f"http://testserver{API}companies/{company.slug}/"
    assert row["compliance"]["state"] in {"met", "not_met", "unknown"}
    meeting = get(client, f"{API}meetings/{held_meeting.pk}/").json()
    assert meeting["page_url"].endswith(held_meeting.get_absolute_url())


def test_a_visitor_reads_no_draft_meeting_and_no_confidential_item(client, held_meeting, draft_meeting):
    assert draft_meeting.pk not in ids(get(client, f"{API}meetings/"))
    assert get(client, f"{API}meetings/{draft_meeting.pk}/").status_code == 404
    detail = get(client, f"{API}meetings/{held_meeting.pk}/").json()
    assert [item["title"] for item in detail["agenda"]] == ["Open item"]
    assert [d["text"] for d in detail["decisions"]] == ["Open decision"]
    assert detail["roll_call"]["present"] == [held_meeting.attendances.get().company.slug]


def test_a_seat_holder_reads_the_confidential_items_and_the_secretariat_the_drafts(
    client_for, board_member, secretariat, held_meeting, draft_meeting
):
    detail = get(client_for(board_member), f"{API}meetings/{held_meeting.pk}/").json()
    assert {item["title"] for item in detail["agenda"]} == {"Open item", "Secret item"}
    assert draft_meeting.pk not in ids(get(client_for(board_member), f"{API}meetings/"))
    assert draft_meeting.pk in ids(get(client_for(secretariat), f"{API}meetings/"))


def test_draft_minutes_are_the_secretariats(client, client_for, secretariat):
    meeting = PublishedMeetingFactory(starts_at=timezone.now() - timedelta(days=3))
    MinutesFactory(meeting=meeting, summary="Draft summary")
    DecisionFactory(meeting=meeting, text="Draft decision")
    visitor = get(client, f"{API}meetings/{meeting.pk}/").json()
    assert visitor["minutes"] is None and visitor["decisions"] == []
    clerk = get(client_for(secretariat), f"{API}meetings/{meeting.pk}/").json()
    assert clerk["minutes"]["summary"] == "Draft summary"


def test_meetings_filter_by_kind_and_date_range(client, db):
    now = timezone.now()
    board = PublishedMeetingFactory(kind=Kind.EXECUTIVE_BOARD, starts_at=now - timedelta(days=40))
    general = PublishedMeetingFactory(kind=Kind.GENERAL, starts_at=now - timedelta(days=5))
    assert ids(get(client, f"{API}meetings/?kind=executive_board")) == [board.pk]
    after = (now - timedelta(days=10)).isoformat().replace("+00:00", "Z")
    assert ids(get(client, f"{API}meetings/?starts_after={after}")) == [general.pk]
    assert get(client, f"{API}meetings/?kind=nonsense").status_code == 400


def test_a_draft_motion_is_hidden_from_visitors_as_on_its_page(client, client_for, board_member):
    draft = MotionFactory(title="A draft", proposer=board_member)
    assert draft.pk not in ids(get(client, f"{API}motions/"))
    assert get(client, f"{API}motions/{draft.pk}/").status_code == 404
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert draft.pk in ids(get(client_for(board_member), f"{API}motions/"))


def test_a_secret_ballots_choices_never_show_and_a_recorded_ones_do_once_closed(client, company, board_member):
    now = timezone.now()
    recorded = MotionFactory(status=Motion.Status.PASSED, closed_at=now, log_head="ab" * 32)
    Ballot.objects.create(motion=recorded, company=company, cast_by=board_member, choice="yes", receipt_hash="1" * 64)
    secret = MotionFactory(kind=Motion.Kind.ELECTION, secret_ballot=True, status=Motion.Status.PASSED, closed_at=now)
    candidate = CandidateFactory(motion=secret)
    Ballot.objects.create(
        motion=secret, company=company, cast_by=board_member, candidate=candidate, receipt_hash="2" * 64
    )
    voting = MotionFactory(status=Motion.Status.VOTING, voting_deadline=now + timedelta(days=3))
    Ballot.objects.create(motion=voting, company=company, cast_by=board_member, choice="no", receipt_hash="3" * 64)

    body = get(client, f"{API}motions/{recorded.pk}/").json()
    assert [(b["company"], b["choice"]) for b in body["ballots"]] == [(company.slug, "yes")]
    assert body["log_head"] == "ab" * 32 and body["record"]["head"] == "ab" * 32
    assert body["rules"]["quorum"] and body["record_url"].endswith("record.json")
    assert get(client, f"{API}motions/{secret.pk}/").json()["ballots"] == []
    open_motion = get(client, f"{API}motions/{voting.pk}/").json()
    assert open_motion["ballots"] == [] and open_motion["record"] is None


def test_charter_versions_carry_their_text_and_changes(client, db):
    CharterVersionFactory(number=1, text="One\nTwo\n")
    CharterVersionFactory(number=2, text="One\nThree\n")
    body = get(client, f"{API}charter/2/").json()
    assert body["text"] == "One\nThree\n"
    assert "-Two" in body["changes"] and "+Three" in body["changes"]
    assert get(client, f"{API}charter/1/").json()["changes"] is None


def test_the_roadmap_lists_published_quarters_only(client, db):
    published = RoadmapQuarterFactory(year=2026, quarter=1, published_at=timezone.now())
    RoadmapQuarterFactory(year=2026, quarter=2, published_at=None)
    RoadmapItemFactory()
    assert ids(get(client, f"{API}roadmap/quarters/")) == [published.pk]
    assert len(ids(get(client, f"{API}roadmap/items/"))) == 1


def test_cursor_pages_follow_one_another_without_repeating(client, db):
    for n in range(5):
        PublishedMeetingFactory(starts_at=timezone.now() - timedelta(days=n + 1))
    first = get(client, f"{API}meetings/?limit=2").json()
    second = get(client, first["next"]).json()
    third = get(client, second["next"]).json()
    seen = [r["id"] for r in first["results"] + second["results"] + third["results"]]
    assert len(seen) == 5 == len(set(seen)) and third["next"] is None


def test_a_visitors_answer_carries_an_etag_and_answers_304(client, company):
    response = get(client, f"{API}companies/")
    assert response["ETag"] and response["Last-Modified"]
    assert response["Access-Control-Allow-Origin"] == "*"
    again = get(client, f"{API}companies/", if_none_match=response["ETag"])
    assert again.status_code == 304
    since = get(client, f"{API}companies/", if_modified_since=response["Last-Modified"])
    assert since.status_code == 304


def test_the_etag_moves_when_the_public_record_does(client, company, settings):
    from kernel.public_record import public_record_bump

    first = get(client, f"{API}companies/")["ETag"]
    public_record_bump()
    assert get(client, f"{API}companies/")["ETag"] != first


def test_a_signed_in_answer_is_private_and_not_open_to_other_origins(client_for, member_user):
    response = get(client_for(member_user), f"{API}companies/")
    assert "private" in response["Cache-Control"]
    assert "Access-Control-Allow-Origin" not in response and "ETag" not in response


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_changes_nothing(client, client_for, secretariat, company, method):
    for reader in (client, client_for(secretariat)):
        response = getattr(reader, method)(f"{API}companies/{company.slug}/", {}, content_type="application/json")
        assert response.status_code == 405


def test_a_token_reads_as_its_owner(client, secretariat, draft_meeting):
    _, raw = access_token_create(user=secretariat, name="dashboard", days=30)
    response = get(client, f"{API}meetings/", authorization=f"Bearer {raw}")
    assert response.status_code == 200 and draft_meeting.pk in ids(response)
    token = PersonalAccessToken.objects.get()
    assert token.last_used_at is not None and token.digest != raw and raw.startswith(token.prefix)


def test_a_revoked_or_expired_or_unknown_token_is_refused_with_401(client, member_user):
    token, raw = access_token_create(user=member_user, name="old", days=1)
    access_token_revoke(token=token, by=member_user)
    assert get(client, f"{API}meetings/", authorization=f"Bearer {raw}").status_code == 401
    expired, raw2 = access_token_create(user=member_user, name="short", days=1)
    PersonalAccessToken.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert get(client, f"{API}meetings/", authorization=f"Bearer {raw2}").status_code == 401
    refused = get(client, f"{API}meetings/", authorization="Bearer lcoo_made-up")
    assert refused.status_code == 401 and refused["WWW-Authenticate"].startswith("Bearer")


def test_a_visitor_is_limited_per_address(client, settings, company):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"address": "2/min", "reader": "2/min"},
    }
    responses = [get(client, f"{API}companies/") for _ in range(3)]
    assert [r.status_code for r in responses] == [200, 200, 429]
    assert 0 < int(responses[-1]["Retry-After"]) <= 60


def test_a_token_is_limited_on_its_own(client, settings, member_user, company):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"address": "100/min", "reader": "1/min"},
    }
    _, one = access_token_create(user=member_user, name="one", days=1)
    _, two = access_token_create(user=member_user, name="two", days=1)
    assert get(client, f"{API}companies/", authorization=f"Bearer {one}").status_code == 200
    assert get(client, f"{API}companies/", authorization=f"Bearer {one}").status_code == 429
    assert get(client, f"{API}companies/", authorization=f"Bearer {two}").status_code == 200


def test_the_schema_and_its_documentation_page_are_served(client, db):
    schema = get(client, f"{API}schema/?format=json")
    assert schema.status_code == 200 and schema.json()["openapi"].startswith("3.")
    page = get(client, API)
    assert page.status_code == 200 and b"/api/v1/meetings/" in page.content and b"cdn" not in page.content.lower()


def test_a_visitors_answer_is_kept_until_the_public_record_changes(
    client, company, settings, django_assert_num_queries
):
    from kernel.public_record import public_record_bump

    settings.PORTAL_PAGE_CACHE = True
    first = get(client, f"{API}companies/")
    with django_assert_num_queries(0):
        again = get(client, f"{API}companies/")
    assert again.json() == first.json() and again["ETag"] == first["ETag"]
    company.name = "Renamed"
    company.save()
    public_record_bump()  # the test's transaction never commits: the bump that would follow it, by hand
    assert get(client, f"{API}companies/").json()["results"][0]["name"] == "Renamed"


def test_a_visitor_cannot_escape_the_limit_with_a_forwarded_for_header(client, settings, company):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"address": "1/min", "reader": None},
    }
    assert get(client, f"{API}companies/", x_forwarded_for="10.0.0.1").status_code == 200
    assert get(client, f"{API}companies/", x_forwarded_for="10.0.0.2").status_code == 429
