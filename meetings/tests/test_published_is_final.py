"""Once an agenda or minutes are published, nothing of them changes through any door: the pages, a POST
to a form no longer shown, the admin, the services. Corrections are errata beside the record."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from meetings.models import ActionItem, AgendaItem, Attendance, Decision, Erratum, Meeting, Minutes
from meetings.services.actions import action_item_close
from meetings.services.agenda import agenda_item_add, agenda_item_delete, agenda_item_move, agenda_item_update
from meetings.services.meeting import meeting_delete, meeting_update
from meetings.services.minutes import (
    action_item_add,
    action_item_update,
    attendance_add,
    decision_add,
    decision_update,
    minutes_publish,
    minutes_row_remove,
    minutes_save,
)
from meetings.services.record import erratum_add
from meetings.tests.factories import AttendanceFactory, DecisionFactory


def _snapshot(meeting: Meeting) -> dict:
    minutes = Minutes.objects.get(meeting=meeting)
    return {
        "summary": minutes.summary,
        "published_at": minutes.published_at,
        "items": list(AgendaItem.objects.filter(meeting=meeting).values_list("title", "discussion", "position")),
        "decisions": list(Decision.objects.filter(meeting=meeting).values_list("text", "position")),
        "actions": list(ActionItem.objects.filter(meeting=meeting).values_list("text", "owner_name", "status")),
        "attendance": list(Attendance.objects.filter(meeting=meeting).values_list("name", "user")),
        "meeting": Meeting.objects.filter(pk=meeting.pk).values("title", "starts_at").get(),
    }


# --- The services refuse ----------------------------------------------------------------------------


def test_every_minutes_service_refuses_published_minutes(held_meeting, secretariat, board_member):
    before = _snapshot(held_meeting)
    decision, action = held_meeting.decisions.get(), held_meeting.action_items.get()
    item = held_meeting.agenda_items.get()
    attendance = AttendanceFactory(meeting=held_meeting, name="Guest")
    before["attendance"] = list(Attendance.objects.filter(meeting=held_meeting).values_list("name", "user"))
    calls = [
        lambda: minutes_save(meeting=held_meeting, summary="Changed", next_session="", by=secretariat),
        lambda: attendance_add(meeting=held_meeting, user=board_member, by=secretariat),
        lambda: minutes_row_remove(row=attendance, by=secretariat),
        lambda: decision_add(meeting=held_meeting, text="Sneaked in", by=secretariat),
        lambda: decision_update(decision=decision, text="Rewritten", by=secretariat),
        lambda: minutes_row_remove(row=decision, by=secretariat),
        lambda: action_item_add(meeting=held_meeting, text="New", owner_name="All", by=secretariat),
        lambda: action_item_update(action_item=action, text="New", owner_name="All", by=secretariat),
        lambda: minutes_row_remove(row=action, by=secretariat),
        lambda: agenda_item_update(item=item, data={"discussion": "Rewritten"}, by=secretariat),
        lambda: agenda_item_add(meeting=held_meeting, data={"title": "Late"}, by=secretariat),
        lambda: agenda_item_delete(item=item, by=secretariat),
        lambda: meeting_update(meeting=held_meeting, data={"title": "Renamed"}, by=secretariat),
    ]
    for call in calls:
        with pytest.raises(ValidationError, match="published"):
            call()
    assert _snapshot(held_meeting) == before


def test_an_action_item_of_published_minutes_can_still_be_closed_with_who_and_when(held_meeting, secretariat):
    action = action_item_close(action_item=held_meeting.action_items.get(), status="done", by=secretariat)
    assert action.status == "done" and action.closed_by == secretariat and action.closed_at is not None


def test_a_published_agenda_keeps_its_items_but_the_discussion_is_recorded(published_meeting, secretariat):
    first, second = published_meeting.agenda_items.all()
    with pytest.raises(ValidationError, match="published"):
        agenda_item_add(meeting=published_meeting, data={"title": "Late item"}, by=secretariat)
    with pytest.raises(ValidationError, match="published"):
        agenda_item_move(item=second, offset=-1, by=secretariat)
    with pytest.raises(ValidationError, match="published"):
        agenda_item_update(item=first, data={"title": "Renamed"}, by=secretariat)
    agenda_item_update(item=first, data={"title": first.title, "discussion": "We agreed."}, by=secretariat)
    first.refresh_from_db()
    assert first.discussion == "We agreed." and first.title == "Finalize member joining procedure"
    assert list(published_meeting.agenda_items.values_list("pk", flat=True)) == [first.pk, second.pk]


# --- The pages: a POST to a form that is no longer shown --------------------------------------------


def test_the_minutes_page_of_published_minutes_shows_no_add_or_edit_form(client_for, secretariat, held_meeting):
    html = client_for(secretariat).get(reverse("meetings:minutes", args=[held_meeting.pk])).content.decode()
    for action in ["decision-add", "action-add", "attendance-add"]:
        assert reverse(f"meetings:{action}", args=[held_meeting.pk]) not in html
    assert "Save summary" not in html and "Publish a correction" in html


def test_posting_to_the_hidden_forms_of_published_minutes_changes_nothing(client_for, secretariat, held_meeting):
    client = client_for(secretariat)
    before = _snapshot(held_meeting)
    pk = held_meeting.pk
    decision = held_meeting.decisions.get()
    item = held_meeting.agenda_items.get()
    posts = [
        (reverse("meetings:minutes", args=[pk]), {"summary": "Changed", "next_session": ""}),
        (reverse("meetings:decision-add", args=[pk]), {"decision-text": "Sneaked in"}),
        (reverse("meetings:action-add", args=[pk]), {"action-text": "New", "action-owner_name": "All"}),
        (reverse("meetings:attendance-add", args=[pk]), {"attendance-name": "Intruder"}),
        (reverse("meetings:decision-edit", args=[pk, decision.pk]), {"text": "Rewritten"}),
        (reverse("meetings:decision-remove", args=[pk, decision.pk]), {}),
        (reverse("meetings:agenda-item", args=[pk, item.pk]), {"discussion": "Rewritten"}),
        (reverse("meetings:agenda", args=[pk]), {"title": "Late"}),
    ]
    for url, data in posts:
        response = client.post(url, data)
        assert response.status_code in (200, 302), url
    assert _snapshot(held_meeting) == before


def test_the_agenda_editor_of_a_published_agenda_offers_only_the_discussion(client_for, secretariat, published_meeting):
    client = client_for(secretariat)
    html = client.get(reverse("meetings:agenda", args=[published_meeting.pk])).content.decode()
    assert "Add an item" not in html and "Remove" not in html and "Record discussion" in html
    item = published_meeting.agenda_items.first()
    form = client.get(reverse("meetings:agenda-item", args=[published_meeting.pk, item.pk])).content.decode()
    assert 'name="discussion"' in form and 'name="title"' not in form
    client.post(reverse("meetings:agenda-item", args=[published_meeting.pk, item.pk]), {"title": "Renamed"})
    item.refresh_from_db()
    assert item.title == "Finalize member joining procedure"


# --- The admin ---------------------------------------------------------------------------------------


@pytest.fixture
def secretariat_with_admin_rights(secretariat):
    secretariat.user_permissions.add(*Permission.objects.filter(content_type__app_label="meetings"))
    return secretariat


@pytest.mark.parametrize("name", ["minutes", "decision", "actionitem", "attendance", "agendaitem", "meeting"])
def test_the_admin_shows_published_records_read_only_and_refuses_a_change(name, admin_client, held_meeting):
    rows = {
        "minutes": held_meeting.minutes,
        "decision": held_meeting.decisions.get(),
        "actionitem": held_meeting.action_items.get(),
        "attendance": AttendanceFactory(meeting=held_meeting, name="Guest"),
        "agendaitem": held_meeting.agenda_items.get(),
        "meeting": held_meeting,
    }
    before = _snapshot(held_meeting)
    url = reverse(f"admin:meetings_{name}_change", args=[rows[name].pk])
    page = admin_client.get(url).content.decode()
    assert 'type="submit" value="Save"' not in page
    assert admin_client.post(url, {"text": "Rewritten", "summary": "Rewritten", "title": "x"}).status_code == 403
    after = _snapshot(held_meeting)
    after["attendance"] = before["attendance"] = []
    assert after == before


def test_the_admin_cannot_unpublish_minutes(admin_client, held_meeting):
    page = admin_client.get(reverse("admin:meetings_minutes_change", args=[held_meeting.minutes.pk])).content
    assert b'name="published_at"' not in page


def test_the_admin_refuses_to_add_a_decision_to_published_minutes(admin_client, held_meeting):
    response = admin_client.post(
        reverse("admin:meetings_decision_add"), {"meeting": held_meeting.pk, "text": "Sneaked in", "position": 9}
    )
    assert response.status_code == 200 and b"erratum" in response.content
    assert held_meeting.decisions.count() == 1


@pytest.mark.parametrize("name", ["minutes", "decision", "actionitem", "agendaitem", "meeting"])
def test_the_secretariat_cannot_delete_published_records_in_the_admin(
    name, client_for, secretariat_with_admin_rights, held_meeting
):
    rows = {
        "minutes": held_meeting.minutes,
        "decision": held_meeting.decisions.get(),
        "actionitem": held_meeting.action_items.get(),
        "agendaitem": held_meeting.agenda_items.get(),
        "meeting": held_meeting,
    }
    client = client_for(secretariat_with_admin_rights)
    url = reverse(f"admin:meetings_{name}_delete", args=[rows[name].pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    changelist = reverse(f"admin:meetings_{name}_changelist")
    client.post(changelist, {"action": "delete_selected", "_selected_action": [rows[name].pk], "post": "yes"})
    assert type(rows[name]).objects.filter(pk=rows[name].pk).exists()


def test_a_draft_meeting_is_deleted_in_the_admin_by_the_superuser(admin_client, draft_meeting):
    admin_client.post(reverse("admin:meetings_meeting_delete", args=[draft_meeting.pk]), {"post": "yes"})
    assert not Meeting.objects.filter(pk=draft_meeting.pk).exists()


def test_the_admin_is_read_only_for_the_secretariat_even_for_a_draft(
    client_for, secretariat_with_admin_rights, draft_meeting
):
    # Issue 10: the Secretariat's clerk powers go through the portal's services, not the admin.
    client = client_for(secretariat_with_admin_rights)
    client.post(reverse("admin:meetings_meeting_delete", args=[draft_meeting.pk]), {"post": "yes"})
    assert Meeting.objects.filter(pk=draft_meeting.pk).exists()


def test_the_service_lets_the_secretariat_delete_a_draft_meeting(secretariat, draft_meeting):
    meeting_delete(meeting=draft_meeting, by=secretariat)
    assert not Meeting.objects.filter(pk=draft_meeting.pk).exists()


def test_the_service_refuses_anyone_else_deleting_a_draft_meeting(board_member, draft_meeting):
    with pytest.raises(PermissionDenied):
        meeting_delete(meeting=draft_meeting, by=board_member)
    assert Meeting.objects.filter(pk=draft_meeting.pk).exists()


def test_a_superuser_deletes_a_published_meeting_only_through_the_service_that_leaves_a_trace(
    admin_client, admin_user, held_meeting
):
    pk = held_meeting.pk
    admin_client.post(reverse("admin:meetings_meeting_delete", args=[pk]), {"post": "yes"})
    assert not Meeting.objects.filter(pk=pk).exists()
    trace = Meeting.history.filter(id=pk, history_type="-").get()
    assert trace.history_user == admin_user and "admin" in trace.history_change_reason


def test_the_service_refuses_the_secretariat_deleting_a_published_meeting(secretariat, held_meeting):
    with pytest.raises(PermissionDenied):
        meeting_delete(meeting=held_meeting, by=secretariat, reason="Oops")
    assert Meeting.objects.filter(pk=held_meeting.pk).exists()


def test_the_admin_cannot_revert_published_minutes_to_an_earlier_version(admin_client, held_meeting):
    minutes = held_meeting.minutes
    version = minutes.history.first()
    url = reverse("admin:meetings_minutes_simple_history", args=[minutes.pk, version.history_id])
    assert admin_client.post(url, {"summary": "Reverted"}).status_code == 403


# --- Errata ------------------------------------------------------------------------------------------


def test_an_erratum_is_published_beside_the_record_with_who_when_why_and_what(client_for, secretariat, held_meeting):
    client = client_for(secretariat)
    data = {"part": "minutes", "correction": "Read 'Barcelona' for 'Berlin'.", "reason": "A typo in the city."}
    preview = client.post(reverse("meetings:erratum-add", args=[held_meeting.pk]), data)
    assert b"Publish the erratum" in preview.content and not Erratum.objects.exists()
    shown = preview.content.decode()  # the erratum as the meeting page will show it, with who corrects it
    assert "Erratum to the minutes" in shown and "Read &#x27;Barcelona&#x27; for &#x27;Berlin&#x27;." in shown
    assert str(secretariat) in shown and "A typo in the city." in shown
    client.post(reverse("meetings:erratum-add", args=[held_meeting.pk]), {**data, "confirm": "yes"})
    erratum = Erratum.objects.get()
    assert erratum.by == secretariat and erratum.part == "minutes"
    public = client_for(None).get(held_meeting.get_absolute_url()).content.decode()
    assert "Errata" in public and "A typo in the city." in public and "Barcelona" in public
    assert Minutes.objects.get(meeting=held_meeting).summary == "Charter reviewed."


def test_an_erratum_needs_a_published_record_a_reason_and_the_secretariat(
    secretariat, coordinator, draft_meeting, held_meeting
):
    with pytest.raises(ValidationError, match="draft"):
        erratum_add(meeting=draft_meeting, part="agenda", correction="x", reason="y", by=secretariat)
    with pytest.raises(ValidationError, match="why"):
        erratum_add(meeting=held_meeting, part="minutes", correction="x", reason=" ", by=secretariat)
    with pytest.raises(PermissionDenied):
        erratum_add(meeting=held_meeting, part="minutes", correction="x", reason="y", by=coordinator)
    assert not Erratum.objects.exists()


def test_someone_else_cannot_post_an_erratum(client_for, coordinator, held_meeting):
    data = {"part": "minutes", "correction": "x", "reason": "y", "confirm": "yes"}
    response = client_for(coordinator).post(reverse("meetings:erratum-add", args=[held_meeting.pk]), data)
    assert response.status_code == 403 and not Erratum.objects.exists()


def test_a_minutes_publication_racing_an_edit_leaves_the_edit_refused(db, secretariat):
    from meetings.tests.factories import MeetingFactory

    meeting = MeetingFactory(starts_at=timezone.now() - timedelta(hours=2))
    DecisionFactory(meeting=meeting)
    minutes_publish(meeting=meeting, by=secretariat)
    with pytest.raises(ValidationError):
        decision_add(meeting=meeting, text="After", by=secretariat)
