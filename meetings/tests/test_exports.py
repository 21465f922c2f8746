"""A meeting's minutes as Markdown and its decisions and action items as CSV: what the meeting's page
shows the reader, nothing more (drafts and confidential board items included)."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import Kind
from meetings.tests.factories import (
    ActionItemFactory,
    AgendaItemFactory,
    AttendanceFactory,
    DecisionFactory,
    MinutesFactory,
    PublishedMeetingFactory,
)


@pytest.fixture
def board_meeting(db, company):
    now = timezone.now()
    meeting = PublishedMeetingFactory(
        kind=Kind.EXECUTIVE_BOARD, title="Board, March", starts_at=now - timedelta(days=3)
    )
    open_item = AgendaItemFactory(meeting=meeting, title="Roadmap review", discussion="We ranked the items.")
    secret = AgendaItemFactory(meeting=meeting, title="Zqxsecret acquisition", confidential=True, discussion="Zqxtalk")
    DecisionFactory(meeting=meeting, agenda_item=open_item, text="Adopt the ranking")
    DecisionFactory(meeting=meeting, agenda_item=secret, text="Zqxdecision")
    ActionItemFactory(
        meeting=meeting, agenda_item=open_item, text="=HYPERLINK(1) publish the roadmap", owner_name="All"
    )
    ActionItemFactory(meeting=meeting, agenda_item=secret, text="Zqxaction", owner_name="All")
    AttendanceFactory(meeting=meeting, name="Jane Guest", company=company)
    MinutesFactory(meeting=meeting, summary="A short board meeting.", published_at=now - timedelta(days=1))
    return meeting


def test_the_minutes_as_markdown_hold_the_record_without_confidential_items(board_meeting, client):
    response = client.get(reverse("meetings:minutes-md", args=[board_meeting.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "text/markdown; charset=utf-8"
    text = response.content.decode()
    assert text.startswith("# Board, March\n")
    for shown in (
        "A short board meeting.",
        "Roadmap review",
        "We ranked the items.",
        "Adopt the ranking",
        "AT&T: Jane Guest",
    ):
        assert shown in text
    assert "Zqx" not in text and "Confidential board items are left out." in text


def test_seat_holders_read_the_confidential_items_in_the_markdown(board_meeting, board_member, client_for):
    text = client_for(board_member).get(reverse("meetings:minutes-md", args=[board_meeting.pk])).content.decode()
    assert "Zqxsecret acquisition" in text and "Zqxdecision" in text and "Zqxaction" in text


def test_the_record_csv_lists_decisions_and_action_items_with_formulas_neutralised(board_meeting, client):
    response = client.get(reverse("meetings:record-csv", args=[board_meeting.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["kind", "agenda item", "text", "owner", "company", "due", "status"]
    assert ["decision", "Roadmap review", "Adopt the ranking", "", "", "", ""] in rows
    action = next(r for r in rows if r[0] == "action item")
    assert action[2] == "'=HYPERLINK(1) publish the roadmap" and action[3] == "All"
    assert "Zqx" not in response.content.decode()


def test_draft_minutes_are_the_secretariats_alone(db, secretariat, client_for, member_user):
    meeting = PublishedMeetingFactory(starts_at=timezone.now() - timedelta(days=1))
    MinutesFactory(meeting=meeting, summary="Zqxdraft summary", published_at=None)
    for url in (reverse("meetings:minutes-md", args=[meeting.pk]), reverse("meetings:record-csv", args=[meeting.pk])):
        assert client_for(None).get(url).status_code == 404
        assert client_for(member_user).get(url).status_code == 404
        assert client_for(secretariat).get(url).status_code == 200
    text = client_for(secretariat).get(reverse("meetings:minutes-md", args=[meeting.pk])).content.decode()
    assert "draft, not yet published" in text


def test_a_meeting_without_minutes_has_nothing_to_download(db, client):
    meeting = PublishedMeetingFactory(starts_at=timezone.now() + timedelta(days=3))
    assert client.get(reverse("meetings:minutes-md", args=[meeting.pk])).status_code == 404
