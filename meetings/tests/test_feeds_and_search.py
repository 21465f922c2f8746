from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from meetings.tests.factories import AgendaItemFactory, DecisionFactory, PublishedMeetingFactory


def events_of(response) -> list:
    assert response["Content-Type"].startswith("text/calendar")
    return list(Calendar.from_ical(response.content).walk("VEVENT"))


def test_meeting_ics_parses_back_with_the_stored_utc_start(client, published_meeting):
    (event,) = events_of(client.get(reverse("meetings:meeting-ics", args=[published_meeting.pk])))
    assert event.decoded("dtstart") == published_meeting.starts_at
    assert event.decoded("dtstart").utcoffset() == timedelta(0)
    assert event.decoded("dtend") == published_meeting.ends_at
    assert str(event["uid"]) == f"{published_meeting.uid}@lcoo-portal"
    assert int(event["sequence"]) == published_meeting.sequence
    assert str(event["status"]) == "CONFIRMED"


def test_calendar_holds_published_meetings_with_cancellations_and_stable_uids(
    client, published_meeting, draft_meeting, board_meeting, secretariat
):
    from meetings.services.meeting import meeting_cancel

    meeting_cancel(meeting=published_meeting, by=secretariat, reason="The venue is closed.")
    events = {str(e["uid"]): e for e in events_of(client.get(reverse("meetings:calendar")))}
    assert set(events) == {f"{published_meeting.uid}@lcoo-portal", f"{board_meeting.uid}@lcoo-portal"}
    cancelled = events[f"{published_meeting.uid}@lcoo-portal"]
    assert str(cancelled["status"]) == "CANCELLED" and int(cancelled["sequence"]) == 1
    assert events[f"{board_meeting.uid}@lcoo-portal"].decoded("dtstart") == board_meeting.starts_at


def test_a_kind_calendar_holds_only_that_kind(client, published_meeting, board_meeting):
    events = events_of(client.get(reverse("meetings:calendar-kind", args=["executive_board"])))
    assert [str(e["uid"]) for e in events] == [f"{board_meeting.uid}@lcoo-portal"]
    assert client.get(reverse("meetings:calendar-kind", args=["nonsense"])).status_code == 404


def test_kolkata_and_dst_starts_survive_the_round_trip(client, db):
    starts = [datetime(2026, 3, 5, 15, tzinfo=UTC), datetime(2026, 3, 12, 14, tzinfo=UTC)]
    meetings = [PublishedMeetingFactory(starts_at=s, agenda_published_at=s - timedelta(days=7)) for s in starts]
    for meeting in meetings:
        (event,) = events_of(client.get(reverse("meetings:meeting-ics", args=[meeting.pk])))
        assert event.decoded("dtstart") == meeting.starts_at


def test_atom_feed_lists_published_agendas_and_minutes_without_confidential_titles(
    client, published_meeting, held_meeting, board_meeting, draft_meeting
):
    response = client.get(reverse("meetings:feed"))
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert "Agenda: Published general meeting" in body and "Minutes: Held general meeting" in body
    assert "Draft general meeting" not in body
    assert "Revocation of Acme" not in body and "Confidential item" in body
    assert f"urn:lcoo-portal:minutes:{held_meeting.uid}" in body


def test_search_finds_published_agendas_and_minutes_only(client, held_meeting, draft_meeting, board_meeting):
    html = client.get(reverse("search"), {"q": "introduce"}).content.decode()
    assert "New companies introduce themselves" in html
    assert "Joining procedure" in client.get(reverse("search"), {"q": "joining"}).content.decode()
    assert "Nothing found" in client.get(reverse("search"), {"q": "unpublished"}).content.decode()
    assert "Nothing found" in client.get(reverse("search"), {"q": "revocation"}).content.decode()


def test_search_does_not_reveal_discussion_of_draft_minutes(client, published_meeting):
    published_meeting.agenda_items.update(discussion="zanzibar negotiations")
    assert "Nothing found" in client.get(reverse("search"), {"q": "zanzibar"}).content.decode()


def test_search_ranks_the_better_match_first(client, db):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("ranking is PostgreSQL's")
    meeting = PublishedMeetingFactory(starts_at=timezone.now(), agenda_published_at=timezone.now())
    AgendaItemFactory(meeting=meeting, title="Charter", description="charter charter charter review")
    AgendaItemFactory(meeting=meeting, title="Slack", description="the charter is mentioned once")
    html = client.get(reverse("search"), {"q": "charter"}).content.decode()
    assert html.index(">Charter<") < html.index(">Slack<")


def test_the_actions_page_lists_open_items_of_published_minutes_by_company(client, held_meeting, company):
    DecisionFactory(meeting=held_meeting)
    html = client.get(reverse("meetings:actions")).content.decode()
    assert "Finalize the charter" in html and "AT&amp;T" in html
    assert "Finalize the charter" not in client.get(reverse("meetings:actions"), {"company": "ntt"}).content.decode()
    held_meeting.minutes.published_at = None
    held_meeting.minutes.save()
    assert "Finalize the charter" not in client.get(reverse("meetings:actions")).content.decode()


def test_search_without_postgresql_falls_back_to_a_plain_match(client, held_meeting, draft_meeting, monkeypatch):
    from types import SimpleNamespace

    from django.contrib.auth.models import AnonymousUser

    from meetings import search

    monkeypatch.setattr(search, "connection", SimpleNamespace(vendor="sqlite"))
    results = search.search_meetings("INTRODUCE", AnonymousUser())
    assert [d.text[:20] for d in results.decisions] == ["New companies introd"]
    assert search.search_meetings("Unpublished topic", AnonymousUser()).count == 0


def test_search_highlights_the_matched_words_and_escapes_the_rest(client, db):
    from meetings.tests.factories import AgendaItemFactory

    AgendaItemFactory(title="Quota review", description="We <b>discussed</b> the telemetry quota for edge sites.")
    html = client.get(reverse("search"), {"q": "telemetry"}).content.decode()
    assert "<mark>telemetry</mark>" in html
    assert "<b>discussed" not in html


def test_search_results_come_a_page_at_a_time(client, db):
    from meetings.search import PAGE_SIZE
    from meetings.tests.factories import AgendaItemFactory, PublishedMeetingFactory

    meeting = PublishedMeetingFactory()
    for i in range(PAGE_SIZE + 3):
        AgendaItemFactory(meeting=meeting, position=i + 1, title=f"Upgrade topic {i}", description="upgrade")
    first = client.get(reverse("search"), {"q": "upgrade"}).content.decode()
    assert "More results" in first and first.count("Upgrade topic") == PAGE_SIZE
    second = client.get(reverse("search"), {"q": "upgrade", "page": 2}).content.decode()
    assert second.count("Upgrade topic") == 3 and "Better matches" in second
