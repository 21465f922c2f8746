"""The minutes editor's sections save in place (htmx): the answer carries the section and the status line."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from meetings.tests.factories import AgendaItemFactory, MinutesFactory, PublishedMeetingFactory

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def held_meeting(db):
    """A past meeting whose minutes are still a draft."""
    meeting = PublishedMeetingFactory(starts_at=datetime(2016, 9, 27, 14, tzinfo=UTC), status="held")
    AgendaItemFactory(meeting=meeting, title="Finalize the Charter")
    MinutesFactory(meeting=meeting, summary="Draft")
    return meeting


def test_an_htmx_save_answers_with_the_page_to_swap_the_section_in(client_for, secretariat, held_meeting):
    url = reverse("meetings:decision-add", args=[held_meeting.pk])
    response = client_for(secretariat).post(url, {"decision-text": "Adopt the roadmap"}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="sec-decisions"' in html and "Adopt the roadmap" in html
    assert 'id="editor-status"' in html and "Decision recorded." in html


def test_an_htmx_save_that_fails_keeps_the_typed_text_and_says_why(client_for, secretariat, held_meeting):
    url = reverse("meetings:action-add", args=[held_meeting.pk])
    response = client_for(secretariat).post(url, {"action-text": "Draft the request, no owner yet"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and "Choose an owner" in html
    assert "Draft the request, no owner yet</textarea>" in html
    assert not held_meeting.action_items.filter(text__startswith="Draft the request").exists()


def test_the_summary_saves_in_place(client_for, secretariat, held_meeting):
    url = reverse("meetings:minutes", args=[held_meeting.pk])
    response = client_for(secretariat).post(url, {"summary": "Agreed in place", "next_session": ""}, **HTMX)
    assert response.status_code == 200 and "Summary saved." in response.content.decode()
    held_meeting.minutes.refresh_from_db()
    assert held_meeting.minutes.summary == "Agreed in place"


def test_without_htmx_a_save_still_redirects(client_for, secretariat, held_meeting):
    url = reverse("meetings:decision-add", args=[held_meeting.pk])
    response = client_for(secretariat).post(url, {"decision-text": "Adopt the roadmap"})
    assert response.status_code == 302


def test_an_htmx_save_by_someone_else_is_refused(client_for, member_user, held_meeting):
    url = reverse("meetings:decision-add", args=[held_meeting.pk])
    assert client_for(member_user).post(url, {"decision-text": "Sneaky"}, **HTMX).status_code == 403
    assert not held_meeting.decisions.filter(text="Sneaky").exists()
