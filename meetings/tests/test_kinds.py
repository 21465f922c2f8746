"""The meeting kinds' registry: every kind says what it implies, and a kind without an entry stops start-up."""

import copy
from datetime import UTC, datetime

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from meetings.kinds import board_kinds, check_meeting_kinds, kind_rules, participation_kinds, public_kinds
from meetings.models import Kind
from meetings.rollcall import roll_call
from meetings.services.agenda import agenda_item_add
from meetings.tests.factories import MeetingFactory, PublishedMeetingFactory


def test_every_kind_has_an_entry_and_the_check_passes():
    assert check_meeting_kinds() == []
    assert {kind: kind_rules(kind).board for kind in Kind.values} == {
        "topical_forum": False,
        "general": False,
        "executive_board": True,
        "team": False,
    }
    assert participation_kinds() == ["general"]
    assert sorted(board_kinds() + public_kinds()) == sorted(Kind.values)


def _without(kind: str) -> dict:
    kinds = copy.deepcopy(settings.MEETING_KINDS)
    del kinds[kind]
    return kinds


def test_a_kind_without_an_entry_is_refused_at_start_up(settings):
    """Before, a missing entry was a KeyError on the first page that asked for the kind's notice days."""
    settings.MEETING_KINDS = _without("team")
    errors = check_meeting_kinds()
    assert [e.id for e in errors] == ["meetings.E001"] and "'team'" in errors[0].msg
    with pytest.raises(SystemCheckError, match=r"meetings\.E001"):
        call_command("check")


def test_an_entry_that_is_no_kind_or_lacks_a_fact_is_refused(settings):
    kinds = copy.deepcopy(settings.MEETING_KINDS)
    kinds["webinar"] = kinds["general"]
    del kinds["general"]["counts_for_participation"]
    kinds["team"]["board"] = "no"
    settings.MEETING_KINDS = kinds
    ids = sorted(e.id for e in check_meeting_kinds())  # webinar: no kind; webinar, general, team: a fact wrong
    assert ids == ["meetings.E002", "meetings.E003", "meetings.E003", "meetings.E003"]


def test_a_kind_configured_as_the_boards_gets_confidential_items_and_seats(settings, secretariat):
    """Whether a meeting is the board's is read from the registry, not from the 'executive_board' literal."""
    kinds = copy.deepcopy(settings.MEETING_KINDS)
    kinds["team"]["board"] = True
    settings.MEETING_KINDS = kinds
    meeting = PublishedMeetingFactory(kind=Kind.TEAM, starts_at=datetime(2016, 9, 20, tzinfo=UTC))
    assert meeting.is_board and roll_call(meeting, []).seats is not None
    draft = MeetingFactory(kind=Kind.TEAM)
    item = agenda_item_add(meeting=draft, by=secretariat, data={"title": "Budget", "confidential": True})
    assert item.confidential


def test_only_a_board_meeting_may_hold_a_confidential_item(secretariat):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        agenda_item_add(
            meeting=MeetingFactory(kind=Kind.GENERAL), by=secretariat, data={"title": "x", "confidential": True}
        )
