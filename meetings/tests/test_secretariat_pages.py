from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import ActionItem, Meeting
from meetings.tests.factories import (
    ActionItemFactory,
    AttendanceFactory,
    DecisionFactory,
    MeetingFactory,
    RotationSlotFactory,
    SeriesFactory,
)

# (url name, needs: "meeting" | "item" | "series" | "action" | "row" | "draft-row" | None, methods allowed)
SECRETARIAT_VIEWS = [
    ("meetings:create", None, "GET POST"),
    ("meetings:edit", "meeting", "GET POST"),
    ("meetings:cancel", "meeting", "POST"),
    ("meetings:agenda", "meeting", "GET POST"),
    ("meetings:agenda-publish", "meeting", "POST"),
    ("meetings:agenda-item", "item", "GET POST"),
    ("meetings:agenda-item-delete", "item", "POST"),
    ("meetings:agenda-item-move", "item", "POST"),
    ("meetings:minutes", "meeting", "GET POST"),
    ("meetings:minutes-import", "meeting", "GET POST"),
    ("meetings:minutes-publish", "meeting", "POST"),
    ("meetings:attendance-add", "meeting", "POST"),
    ("meetings:decision-add", "meeting", "POST"),
    ("meetings:action-add", "meeting", "POST"),
    ("meetings:attendance-remove", "attendance", "POST"),
    ("meetings:decision-remove", "row", "POST"),
    ("meetings:decision-edit", "draft-row", "GET POST"),
    ("meetings:decision-move", "draft-row", "POST"),
    ("meetings:action-remove", "draft-action", "POST"),
    ("meetings:action-edit", "draft-action", "GET POST"),
    ("meetings:action-move", "draft-action", "POST"),
    ("meetings:series-list", None, "GET"),
    ("meetings:series-create", None, "GET POST"),
    ("meetings:series", "series", "GET"),
    ("meetings:series-edit", "series", "GET POST"),
    ("meetings:series-generate", "series", "POST"),
]


@pytest.fixture
def url_for(draft_meeting, held_meeting):
    series = SeriesFactory(slug="forum")
    RotationSlotFactory(series=series)
    item = draft_meeting.agenda_items.first()
    action = held_meeting.action_items.first()
    decision = held_meeting.decisions.first()
    draft_decision = DecisionFactory(meeting=draft_meeting, text="Draft decision")
    draft_action = ActionItemFactory(meeting=draft_meeting, text="Draft action", owner_name="All")
    attendance = AttendanceFactory(meeting=draft_meeting)

    def make(name: str, needs: str | None) -> str:
        args = {
            None: [],
            "meeting": [draft_meeting.pk],
            "item": [draft_meeting.pk, item.pk],
            "series": [series.slug],
            "action": [action.pk],
            "row": [held_meeting.pk, decision.pk],
            "draft-row": [draft_meeting.pk, draft_decision.pk],
            "draft-action": [draft_meeting.pk, draft_action.pk],
            "attendance": [draft_meeting.pk, attendance.pk],
        }[needs]
        return reverse(name, args=args)

    return make


CONFIRM = {"confirm": "yes"}


@pytest.mark.parametrize("name,needs,methods", SECRETARIAT_VIEWS)
def test_anonymous_visitors_are_sent_to_sign_in(name, needs, methods, client, url_for):
    method = "get" if "GET" in methods else "post"
    response = getattr(client, method)(url_for(name, needs))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("persona_name", ["member_user", "coordinator", "board_member"])
@pytest.mark.parametrize("name,needs,methods", SECRETARIAT_VIEWS)
def test_people_other_than_the_secretariat_are_refused(
    persona_name, name, needs, methods, persona, client_for, url_for
):
    client = client_for(persona(persona_name))
    before = Meeting.objects.values_list("pk", "status", "agenda_published_at", "sequence").order_by("pk")
    before = list(before)
    for method in methods.split():
        assert getattr(client, method.lower())(url_for(name, needs)).status_code == 403
    after = Meeting.objects.values_list("pk", "status", "agenda_published_at", "sequence").order_by("pk")
    assert list(after) == before


@pytest.mark.parametrize("name,needs,methods", [v for v in SECRETARIAT_VIEWS if v[2] == "POST"])
def test_change_views_refuse_get(name, needs, methods, client_for, secretariat, url_for):
    assert client_for(secretariat).get(url_for(name, needs)).status_code == 405


@pytest.mark.parametrize("name,needs,methods", [v for v in SECRETARIAT_VIEWS if "GET" in v[2]])
def test_the_secretariat_sees_every_editing_page(name, needs, methods, client_for, secretariat, url_for):
    assert client_for(secretariat).get(url_for(name, needs)).status_code == 200


@pytest.fixture
def sec(client_for, secretariat):
    return client_for(secretariat)


def test_the_secretariat_creates_a_meeting_in_a_chosen_time_zone(sec):
    response = sec.post(
        reverse("meetings:create"),
        {
            "kind": "general",
            "title": "General",
            "starts_local": "2026-09-24T19:30",
            "time_zone": "Asia/Kolkata",
            "late_notice_seen": "1",  # a past date: the late agenda was shown and accepted
        },
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("meetings:agenda", args=[meeting.pk])
    assert meeting.starts_at == datetime(2026, 9, 24, 14, 0, tzinfo=UTC)
    assert meeting.duration_minutes == 60 and meeting.agenda_published_at is None


def test_bad_meeting_input_changes_nothing(sec):
    response = sec.post(reverse("meetings:create"), {"kind": "general", "title": "", "starts_local": "tomorrow"})
    assert response.status_code == 200 and b"This field is required" in response.content
    assert not Meeting.objects.exists()


def test_editing_a_meeting_keeps_the_typed_local_time(sec, published_meeting, secretariat):
    secretariat.time_zone = "America/Los_Angeles"
    secretariat.save()
    data = {
        "kind": "general",
        "title": "Moved",
        "starts_local": "2026-03-12T07:00",
        "time_zone": "America/Los_Angeles",
        "duration_minutes": 60,
    }
    assert sec.post(reverse("meetings:edit", args=[published_meeting.pk]), data).status_code == 302
    published_meeting.refresh_from_db()
    assert published_meeting.starts_at == datetime(2026, 3, 12, 14, 0, tzinfo=UTC)
    assert published_meeting.sequence == 1
    html = sec.get(reverse("meetings:edit", args=[published_meeting.pk])).content.decode()
    assert 'value="2026-03-12T07:00"' in html


def test_the_agenda_is_built_then_published_with_a_message(sec, db):
    meeting = MeetingFactory(starts_at=timezone.now() + timedelta(days=10))
    url = reverse("meetings:agenda", args=[meeting.pk])
    response = sec.post(reverse("meetings:agenda-publish", args=[meeting.pk]), CONFIRM, follow=True)
    assert b"Add at least one agenda item" in response.content
    sec.post(url, {"title": "Joining procedure", "description": "Read *this*"})
    sec.post(url, {"title": "Slack"})
    response = sec.post(reverse("meetings:agenda-publish", args=[meeting.pk]), CONFIRM, follow=True)
    assert b"Agenda published." in response.content
    meeting.refresh_from_db()
    assert meeting.is_agenda_published and meeting.agenda_items.count() == 2


def test_an_agenda_item_is_edited_moved_and_removed(sec, draft_meeting):
    item = draft_meeting.agenda_items.get()
    url = reverse("meetings:agenda-item", args=[draft_meeting.pk, item.pk])
    assert sec.post(url, {"title": "Renamed", "discussion": "Talked"}).status_code == 302
    item.refresh_from_db()
    assert (item.title, item.discussion) == ("Renamed", "Talked")
    response = sec.post(reverse("meetings:agenda-item-move", args=[draft_meeting.pk, item.pk]), {"direction": "x"})
    assert response.status_code == 302
    sec.post(reverse("meetings:agenda-item-delete", args=[draft_meeting.pk, item.pk]), CONFIRM)
    assert not draft_meeting.agenda_items.exists()


def test_a_meeting_is_cancelled_once(sec, published_meeting):
    url = reverse("meetings:cancel", args=[published_meeting.pk])
    sec.post(url, {**CONFIRM, "reason": "The venue is closed"})
    response = sec.post(url, {**CONFIRM, "reason": "Again"}, follow=True)
    assert b"Only a scheduled meeting can be cancelled" in response.content
    published_meeting.refresh_from_db()
    assert published_meeting.status == "cancelled" and published_meeting.sequence == 1


def test_minutes_are_recorded_and_published(sec, db, coordinator, company):
    meeting = MeetingFactory(starts_at=timezone.now() - timedelta(hours=2), agenda_published_at=timezone.now())
    sec.post(reverse("meetings:minutes", args=[meeting.pk]), {"summary": "Met", "next_session": "Next week"})
    sec.post(reverse("meetings:attendance-add", args=[meeting.pk]), {"attendance-user": coordinator.pk})
    guest = {"attendance-name": "Bin Hu", "attendance-company": company.pk}
    sec.post(reverse("meetings:attendance-add", args=[meeting.pk]), guest)
    sec.post(reverse("meetings:decision-add", args=[meeting.pk]), {"decision-text": "We agree"})
    sec.post(
        reverse("meetings:action-add", args=[meeting.pk]),
        {"action-text": "Finalize the charter", "action-owner_name": "All", "action-due_on": "2026-12-01"},
    )
    response = sec.post(reverse("meetings:minutes-publish", args=[meeting.pk]), CONFIRM, follow=True)
    assert b"Minutes published." in response.content
    meeting.refresh_from_db()
    assert meeting.status == "held" and meeting.minutes.is_published and meeting.minutes.summary == "Met"
    assert meeting.attendances.count() == 2 and meeting.decisions.count() == 1
    assert meeting.action_items.get().due_on.isoformat() == "2026-12-01"


def test_bad_minutes_input_gives_a_message_and_changes_nothing(sec, published_meeting):
    response = sec.post(reverse("meetings:action-add", args=[published_meeting.pk]), {"action-text": "x"}, follow=True)
    assert "Choose an owner" in response.content.decode()
    response = sec.post(reverse("meetings:attendance-add", args=[published_meeting.pk]), {}, follow=True)
    assert "Choose a person" in response.content.decode()
    assert not published_meeting.action_items.exists() and not published_meeting.attendances.exists()


def test_published_minutes_rows_cannot_be_removed(sec, held_meeting):
    decision = held_meeting.decisions.get()
    url = reverse("meetings:decision-remove", args=[held_meeting.pk, decision.pk])
    response = sec.post(url, CONFIRM, follow=True)
    assert b"nothing was removed" in response.content and held_meeting.decisions.exists()
    assert sec.post(f"/meetings/{held_meeting.pk}/minutes/nonsense/1/remove/").status_code == 404


def test_an_action_item_is_closed_from_the_actions_page(sec, held_meeting):
    action = held_meeting.action_items.get()
    sec.post(reverse("meetings:action-close", args=[action.pk]), {"status": "done"})
    assert ActionItem.objects.get(pk=action.pk).status == "done"
    response = sec.post(reverse("meetings:action-close", args=[action.pk]), {"status": "dropped"}, follow=True)
    assert b"already done" in response.content


def test_import_previews_then_saves_only_with_malformed_lines_accepted(sec, held_meeting, draft_meeting):
    from meetings.tests.test_botlog import LOG

    url = reverse("meetings:minutes-import", args=[draft_meeting.pk])
    preview = sec.post(url, {"log": LOG, "preview": "1"}).content.decode()
    assert "Preview" in preview and "#acton is not a meeting-bot command" in preview
    assert "schedule the next meetings" in preview and not draft_meeting.decisions.exists()
    refused = sec.post(url, {"log": LOG, "save": "1"}).content.decode()
    assert "tick this box" in refused and not draft_meeting.decisions.exists()
    assert sec.post(url, {"log": LOG, "save": "1", "accept_malformed": "on"}).status_code == 302
    # three owners named, and "All finalize the charter" for each of the four attendees
    assert draft_meeting.decisions.count() == 1 and draft_meeting.action_items.count() == 7


def test_a_series_is_created_generated_and_its_fair_rotation_shown(sec, company, other_company):
    data = {
        "title": "Topical forum",
        "slug": "topical-forum",
        "kind": "topical_forum",
        "cadence": "monthly",
        "interval_weeks": 1,
        "weekday": 3,
        "week_of_month": -1,
        "starts_on": timezone.now().date().isoformat(),
        "duration_minutes": 90,
        "rotation": "07:00 America/Los_Angeles\n18:00 Asia/Tokyo",
        "is_active": "on",
    }
    assert sec.post(reverse("meetings:series-create"), {**data, "rotation": "7am LA"}).status_code == 200
    assert sec.post(reverse("meetings:series-create"), data).status_code == 302
    until = (timezone.now().date() + timedelta(days=95)).isoformat()
    response = sec.post(reverse("meetings:series-generate", args=["topical-forum"]), {"until": until}, follow=True)
    assert b"meeting(s) generated as drafts" in response.content
    assert Meeting.objects.filter(series__slug="topical-forum").count() >= 3
    html = response.content.decode()
    assert 'data-testid="fair-rotation"' in html and "Asia/Tokyo" in html and "America/Chicago" in html
    too_far = (timezone.now().date() + timedelta(days=1000)).isoformat()
    response = sec.post(reverse("meetings:series-generate", args=["topical-forum"]), {"until": too_far}, follow=True)
    assert b"at most two years ahead" in response.content


def test_the_remove_services_refuse_rows_of_published_minutes(held_meeting, secretariat):
    from django.core.exceptions import ValidationError

    from meetings.services.minutes import minutes_row_remove
    from meetings.tests.factories import AttendanceFactory

    attendance = AttendanceFactory(meeting=held_meeting)
    for row in [held_meeting.decisions.get(), held_meeting.action_items.get(), attendance]:
        with pytest.raises(ValidationError, match="nothing was removed"):
            minutes_row_remove(row=row, by=secretariat)
        assert type(row).objects.filter(pk=row.pk).exists()
