from datetime import date

import pytest
from django.urls import reverse

from conftest import PERSONAS
from meetings.tests.factories import AgendaItemFactory, MinutesFactory
from members.models import Company, RoleAssignment

PUBLIC_VIEWS = ["meetings:detail", "meetings:meeting-ics"]


@pytest.mark.parametrize("name", PERSONAS)
@pytest.mark.parametrize("view", PUBLIC_VIEWS)
def test_a_draft_meeting_is_404_to_all_but_the_secretariat(name, view, persona, client_for, draft_meeting):
    response = client_for(persona(name)).get(reverse(view, args=[draft_meeting.pk]))
    assert response.status_code == (200 if name == "secretariat" else 404)


@pytest.mark.parametrize("name", PERSONAS)
@pytest.mark.parametrize("view", PUBLIC_VIEWS)
def test_a_published_meeting_is_public(name, view, persona, client_for, published_meeting):
    assert client_for(persona(name)).get(reverse(view, args=[published_meeting.pk])).status_code == 200


@pytest.mark.parametrize("name", PERSONAS)
def test_the_list_shows_drafts_only_to_the_secretariat(name, persona, client_for, draft_meeting, published_meeting):
    html = client_for(persona(name)).get(reverse("meetings:index")).content.decode()
    assert "Published general meeting" in html
    assert ("Draft general meeting" in html) == (name == "secretariat")


def test_the_list_filters_by_kind(client, published_meeting, board_meeting):
    html = client.get(reverse("meetings:index"), {"kind": "executive_board"}).content.decode()
    assert "Executive board" in html and "Published general meeting" not in html
    assert client.get(reverse("meetings:index"), {"kind": "nonsense"}).status_code == 200


@pytest.mark.parametrize("view", ["meetings:index", "search", "meetings:actions", "meetings:calendar"])
def test_public_pages_refuse_post(client, view, db):
    assert client.post(reverse(view)).status_code == 405


def test_meeting_pages_refuse_post(client, published_meeting):
    assert client.post(published_meeting.get_absolute_url()).status_code == 405
    assert client.post(reverse("meetings:meeting-ics", args=[published_meeting.pk])).status_code == 405


@pytest.mark.parametrize("name", PERSONAS)
def test_confidential_board_items_show_their_title_only_to_the_board_and_secretariat(
    name, persona, client_for, board_meeting
):
    html = client_for(persona(name)).get(board_meeting.get_absolute_url()).content.decode()
    sees = name in {"board_member", "secretariat"}
    assert ("Revocation of Acme membership" in html) == sees
    assert ("Secret" in html.replace("Secretariat", "")) == sees
    assert ("Confidential item" in html) == (not sees)
    assert "Quarterly roadmap" in html


@pytest.mark.parametrize("name", PERSONAS)
def test_draft_minutes_are_shown_only_to_the_secretariat(name, persona, client_for, published_meeting):
    MinutesFactory(meeting=published_meeting, summary="Draft summary text")
    html = client_for(persona(name)).get(published_meeting.get_absolute_url()).content.decode()
    assert ("Draft summary text" in html) == (name == "secretariat")
    assert "Finalize member joining procedure" in html


def test_published_minutes_show_attendees_decisions_actions_and_roll_call(client, held_meeting, company, other_company):
    from meetings.tests.factories import AttendanceFactory

    # both were members on the meeting day (the roll call is taken as of then)
    Company.objects.filter(pk__in=[company.pk, other_company.pk]).update(member_since=date(2016, 1, 1))
    AttendanceFactory(meeting=held_meeting, name="Cecilia Comeaux", company=company)
    html = client.get(held_meeting.get_absolute_url()).content.decode()
    assert "Charter reviewed." in html and "Cecilia Comeaux" in html
    assert "New companies introduce themselves at a general meeting" in html
    assert "Finalize the charter" in html and "We discussed joining." in html
    assert "<strong>Present:</strong> AT&amp;T." in html and "<strong>Absent:</strong> NTT." in html


def test_board_minutes_say_whether_a_quorum_of_seats_was_present(client, board_member, other_board_member, secretariat):
    from datetime import UTC, datetime

    from meetings.models import Attendance
    from meetings.tests.factories import PublishedMeetingFactory

    def attended(user) -> None:  # recorded as the minutes were, before publication made them final
        Attendance.objects.create(meeting=meeting, user=user, company=user.affiliations.get().company)

    meeting = PublishedMeetingFactory(kind="executive_board", starts_at=datetime(2016, 11, 1, tzinfo=UTC))
    # the two companies were members, and these two their representatives, on the meeting day
    Company.objects.update(member_since=date(2016, 1, 1))
    RoleAssignment.objects.update(started_at=datetime(2016, 1, 1, tzinfo=UTC))
    MinutesFactory(meeting=meeting, published_at=datetime(2016, 11, 2, tzinfo=UTC))
    attended(board_member)
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "Board seats present: 1 of 2" in html and "no quorum" in html
    attended(other_board_member)
    assert "quorum present" in client.get(meeting.get_absolute_url()).content.decode()


def test_open_action_items_of_earlier_meetings_appear_on_the_next_agenda(client, held_meeting, published_meeting):
    html = client.get(published_meeting.get_absolute_url()).content.decode()
    assert "Open action items" in html and "Finalize the charter" in html
    held_meeting.action_items.update(status="done", closed_at=held_meeting.starts_at)
    assert "Finalize the charter" not in client.get(published_meeting.get_absolute_url()).content.decode()


def test_late_publication_is_shown(client, published_meeting):
    from datetime import timedelta

    published_meeting.agenda_published_at = published_meeting.starts_at - timedelta(days=1, hours=1)
    published_meeting.save()
    assert "published 1 day ahead; 2 required" in client.get(published_meeting.get_absolute_url()).content.decode()


def test_times_are_shown_in_the_viewers_zone_with_headquarters_times(client_for, member_user, db):
    from datetime import UTC, datetime

    from meetings.tests.factories import PublishedMeetingFactory
    from members.tests.factories import CompanyFactory

    for name, zone in [("A", "America/Los_Angeles"), ("B", "Asia/Kolkata"), ("C", "Asia/Tokyo"), ("D", "Europe/Paris")]:
        CompanyFactory(name=name, hq_time_zone=zone)
    meeting = PublishedMeetingFactory(starts_at=datetime(2026, 9, 24, 14, 0, tzinfo=UTC))
    member_user.time_zone = "Asia/Kolkata"
    member_user.save()
    html = client_for(member_user).get(meeting.get_absolute_url()).content.decode()
    assert "Thu 24 Sep 2026, 19:30 IST" in html
    assert 'datetime="2026-09-24T19:30:00+05:30"' in html
    assert "07:00 Los Angeles · 16:00 Paris · 19:30 Kolkata · 23:00 Tokyo" in html
    assert "Thu 24 Sep 2026, 14:00 UTC" in client_for(None).get(meeting.get_absolute_url()).content.decode()


XSS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    '<svg onload="alert(1)"></svg>',
    '<p onclick="alert(1)">x</p>',
]


@pytest.mark.parametrize("payload", XSS)
def test_agenda_descriptions_and_minutes_on_meeting_pages_are_sanitised(client, held_meeting, payload):
    AgendaItemFactory(meeting=held_meeting, description=payload, discussion=payload)
    held_meeting.minutes.summary = payload
    held_meeting.minutes.next_session = payload
    held_meeting.minutes.save()
    html = client.get(held_meeting.get_absolute_url()).content.decode().lower()
    assert "<script>alert" not in html and "javascript:" not in html
    assert "onerror=" not in html and "onload=" not in html and "onclick=" not in html
