from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from meetings.botlog import match_people, parse_log
from meetings.models import ActionItem, Meeting
from meetings.services import agenda as agenda_services
from meetings.services import meeting as meeting_services
from meetings.services import minutes as minutes_services
from meetings.services.actions import action_item_close
from meetings.services.agenda import agenda_item_add, agenda_item_move, agenda_publish
from meetings.services.log_import import minutes_import
from meetings.services.meeting import meeting_cancel, meeting_update
from meetings.services.minutes import action_item_add, attendance_add, decision_add, minutes_publish
from meetings.services.series import Slot, series_save, series_starts
from meetings.tests.factories import AgendaItemFactory, MeetingFactory
from meetings.tests.test_botlog import LOG
from members.tests.factories import UserFactory


@pytest.fixture
def events(monkeypatch):
    seen = []
    for module in (agenda_services, meeting_services, minutes_services):  # the modules that emit
        monkeypatch.setattr(module, "emit", lambda event, **payload: seen.append((event, payload["meeting"].pk)))
    return seen


def test_publishing_an_agenda_stamps_it_bumps_sequence_and_emits(draft_meeting, secretariat, events):
    meeting = agenda_publish(meeting=draft_meeting, by=secretariat)
    assert meeting.agenda_published_at is not None and meeting.agenda_published_by == secretariat
    assert meeting.sequence == 1
    assert events == [("agenda_published", meeting.pk)]


def test_an_empty_agenda_cannot_be_published(db, secretariat, events):
    meeting = MeetingFactory()
    with pytest.raises(ValidationError):
        agenda_publish(meeting=meeting, by=secretariat)
    assert events == [] and Meeting.objects.get(pk=meeting.pk).agenda_published_at is None


def test_publishing_late_is_allowed_and_shown(draft_meeting, secretariat, events):
    now = draft_meeting.starts_at - timedelta(days=1, hours=2)
    meeting = agenda_publish(meeting=draft_meeting, by=secretariat, now=now)
    assert meeting.agenda_days_ahead == 1 and meeting.agenda_days_required == 2 and meeting.agenda_published_late


def test_cancelling_a_published_meeting_emits_and_bumps_sequence(published_meeting, secretariat, events):
    meeting = meeting_cancel(meeting=published_meeting, by=secretariat, reason="The venue is closed.")
    assert meeting.status == "cancelled" and meeting.sequence == 1
    assert events == [("meeting_cancelled", meeting.pk)]
    with pytest.raises(ValidationError):
        meeting_cancel(meeting=meeting, by=secretariat, reason="Again")


def test_updating_a_meeting_bumps_sequence_only_when_something_changed(published_meeting, secretariat):
    same = meeting_update(meeting=published_meeting, data={"title": published_meeting.title}, by=secretariat)
    assert same.sequence == 0
    moved = meeting_update(
        meeting=published_meeting, data={"starts_at": published_meeting.starts_at + timedelta(hours=1)}, by=secretariat
    )
    assert moved.sequence == 1


def test_only_board_meeting_items_can_be_confidential(draft_meeting, board_meeting, secretariat):
    with pytest.raises(ValidationError, match="executive board"):
        agenda_item_add(meeting=draft_meeting, data={"title": "x", "confidential": True}, by=secretariat)
    Meeting.objects.filter(pk=board_meeting.pk).update(agenda_published_at=None)
    item = agenda_item_add(meeting=board_meeting, data={"title": "x", "confidential": True}, by=secretariat)
    assert item.position == 3


def test_moving_an_item_swaps_it_with_its_neighbour(draft_meeting, secretariat):
    AgendaItemFactory(meeting=draft_meeting, title="Second topic")
    first, second = draft_meeting.agenda_items.all()
    agenda_item_move(item=second, offset=-1, by=secretariat)
    assert list(draft_meeting.agenda_items.values_list("title", flat=True)) == [second.title, first.title]


def test_minutes_publish_marks_the_meeting_held_and_emits(db, secretariat, events, company, coordinator):
    meeting = MeetingFactory(starts_at=timezone.now() - timedelta(hours=2), agenda_published_at=timezone.now())
    # attendance counts for the company of the meeting's date: the coordinator was at AT&T then
    coordinator.affiliations.update(started_at=meeting.starts_at - timedelta(days=30))
    attendance_add(meeting=meeting, user=coordinator, by=secretariat)
    decision_add(meeting=meeting, text="Agreed", by=secretariat)
    action = action_item_add(meeting=meeting, text="Do it", owner=coordinator, by=secretariat)
    assert action.company == company  # the owner's current company by default
    minutes = minutes_publish(meeting=meeting, by=secretariat)
    assert minutes.is_published and Meeting.objects.get(pk=meeting.pk).status == "held"
    assert meeting.attendances.get().company == company
    assert events == [("minutes_published", meeting.pk)]
    with pytest.raises(ValidationError):
        minutes_publish(meeting=meeting, by=secretariat)


def test_minutes_of_a_future_meeting_cannot_be_published(published_meeting, secretariat):
    with pytest.raises(ValidationError):
        minutes_publish(meeting=published_meeting, by=secretariat)


def test_bad_minutes_input_is_refused(published_meeting, held_meeting, secretariat, coordinator):
    with pytest.raises(ValidationError):
        attendance_add(meeting=published_meeting, by=secretariat)
    attendance_add(meeting=published_meeting, user=coordinator, by=secretariat)
    with pytest.raises(ValidationError):
        attendance_add(meeting=published_meeting, user=coordinator, by=secretariat)
    with pytest.raises(ValidationError):
        action_item_add(meeting=published_meeting, text="x", by=secretariat)
    with pytest.raises(ValidationError):
        decision_add(meeting=published_meeting, text="x", agenda_item=held_meeting.agenda_items.first(), by=secretariat)


def test_closing_an_action_item_records_who_and_when(held_meeting, secretariat):
    action = held_meeting.action_items.get()
    closed = action_item_close(action_item=action, status="done", by=secretariat)
    assert closed.status == "done" and closed.closed_by == secretariat and closed.closed_at
    with pytest.raises(ValidationError):
        action_item_close(action_item=action, status="dropped", by=secretariat)
    assert ActionItem.objects.get(pk=action.pk).status == "done"


def test_import_creates_items_decisions_actions_and_attendees(db, secretariat):
    andy = UserFactory(email="andy.ukasick@example.org", display_name="Andy Ukasick")
    meeting = MeetingFactory(starts_at=datetime(2016, 9, 22, 14, tzinfo=UTC))
    AgendaItemFactory(meeting=meeting, title="Slack — échanges", position=1)
    parsed = match_people(parse_log(LOG), [andy])
    minutes_import(meeting=meeting, parsed=parsed, source=LOG, by=secretariat)
    titles = list(meeting.agenda_items.values_list("title", flat=True))
    assert titles == ["Slack — échanges", "Finalize Member Joining Procedure"]
    joining = meeting.agenda_items.get(position=2)
    assert "new companies should come" in joining.discussion
    assert meeting.decisions.get().agenda_item == joining
    owners = [(a.owner, a.owner_name) for a in meeting.action_items.all()]
    named = [(andy, ""), (None, "smizuno"), (None, "Üţáhraptõr")]
    everyone = [(None, "jamemcc"), (andy, ""), (None, "Üţáhraptõr"), (None, "smizuno")]  # "All finalize …"
    assert owners == named + everyone
    assert sorted(meeting.attendances.values_list("name", flat=True)) == ["", "jamemcc", "smizuno", "Üţáhraptõr"]
    assert meeting.minutes.source_log == LOG and not meeting.minutes.is_published


def test_import_into_published_minutes_is_refused(held_meeting, secretariat):
    with pytest.raises(ValidationError):
        minutes_import(meeting=held_meeting, parsed=parse_log(LOG), source=LOG, by=secretariat)
    assert held_meeting.decisions.count() == 1


def test_series_starts_respects_the_end_date(db, secretariat):
    from datetime import time

    from meetings.tests.factories import SeriesFactory

    series = SeriesFactory(starts_on=date(2026, 1, 1), ends_on=date(2026, 1, 20), interval_weeks=1, weekday=3)
    series = series_save(series=series, data={}, rotation=[Slot(time(9), "Europe/Paris")], by=secretariat)
    starts = series_starts(series=series, since=date(2026, 1, 1), until=date(2026, 12, 31))
    assert [i for i, _ in starts] == [0, 1, 2]
