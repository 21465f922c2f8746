"""The meeting page reads from the top: what was decided and who does what, then the agenda."""

import re
from datetime import UTC, date, datetime, timedelta

from django.urls import reverse
from django.utils import timezone

from meetings.services.minutes import decision_add, minutes_publish
from meetings.tests.factories import (
    ActionItemFactory,
    AgendaItemFactory,
    AttendanceFactory,
    MeetingFactory,
    MinutesFactory,
    PublishedMeetingFactory,
)


def _rows(html: str) -> list[list[str]]:
    """Each table row's cells as text, whatever the markup's classes and attributes."""
    return [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", html, re.S)
    ]


def _at(html: str, text: str) -> int:
    assert text in html, text
    return html.index(text)


def test_a_held_meeting_opens_with_its_summary_box_then_the_agenda_with_discussion(client, held_meeting, company):
    AttendanceFactory(meeting=held_meeting, name="Cecilia Comeaux", company=company)
    AttendanceFactory(meeting=held_meeting, name="Jamey McCabe", company=company)
    AttendanceFactory(meeting=held_meeting, name="Ron Guest")
    held_meeting.action_items.update(due_on=date(2016, 9, 27))
    html = client.get(held_meeting.get_absolute_url()).content.decode()
    summary, decision = _at(html, 'id="minutes"'), _at(html, "New companies introduce themselves")
    action, agenda = _at(html, "Finalize the charter"), _at(html, 'id="agenda"')
    discussion = _at(html, "We discussed joining.")
    assert summary < decision < action < agenda < discussion
    assert "27 Sep 2016" in html
    assert ["AT&amp;T", "Cecilia Comeaux, Jamey McCabe"] in _rows(html)
    assert ["Guests", "Ron Guest"] in _rows(html)
    for anchor in ("#minutes", "#decisions", "#action-items", "#attendance", "#agenda"):
        assert f'href="{anchor}"' in html
    assert "Minutes pending" not in html


def test_an_upcoming_meeting_opens_with_its_agenda_then_open_items_with_overdue_marked(client, held_meeting):
    held_meeting.action_items.update(due_on=date(2016, 9, 27))
    upcoming = PublishedMeetingFactory(starts_at=timezone.now() + timedelta(days=3))
    AgendaItemFactory(meeting=upcoming, title="Roadmap re-alignment")
    html = client.get(upcoming.get_absolute_url()).content.decode()
    assert _at(html, "Roadmap re-alignment") < _at(html, "Open action items") < _at(html, "Finalize the charter")
    assert "overdue" in html
    assert "Add to calendar" in html and "minutes pending" not in html and 'id="minutes"' not in html


def test_a_past_meeting_without_published_minutes_says_minutes_pending_and_offers_no_calendar(client, secretariat):
    meeting = PublishedMeetingFactory(starts_at=timezone.now() - timedelta(days=2))
    AgendaItemFactory(meeting=meeting)
    MinutesFactory(meeting=meeting, summary="Draft only")
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "Held, minutes pending" in html and "Draft only" not in html
    assert "Add to calendar" not in html


def test_minutes_are_not_offered_before_a_meeting_starts(client_for, secretariat, published_meeting, held_meeting):
    assert "Record minutes" not in client_for(secretariat).get(published_meeting.get_absolute_url()).content.decode()
    assert "Record minutes" in client_for(secretariat).get(held_meeting.get_absolute_url()).content.decode()


def test_publishing_minutes_of_a_meeting_whose_agenda_was_never_published_publishes_its_record(client, secretariat):
    meeting = MeetingFactory(title="Unannounced meeting", starts_at=datetime(2016, 10, 3, 14, tzinfo=UTC))
    decision_add(meeting=meeting, text="Zebra decision", by=secretariat)
    ActionItemFactory(meeting=meeting, text="Quagga action")
    assert client.get(meeting.get_absolute_url()).status_code == 404
    minutes_publish(meeting=meeting, by=secretariat)
    meeting.refresh_from_db()
    assert meeting.is_agenda_published and meeting.status == "held"
    page = client.get(meeting.get_absolute_url())
    assert page.status_code == 200 and "Zebra decision" in page.content.decode()
    assert meeting.get_absolute_url() in client.get(reverse("meetings:feed")).content.decode()
    assert "Quagga action" in client.get(reverse("meetings:actions")).content.decode()
