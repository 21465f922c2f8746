"""While the minutes are a draft, their decisions and action items are edited and reordered; once
published they are final (an action item is still closed from the actions page)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from meetings.models import ActionItem, Decision
from meetings.services.actions import action_item_close
from meetings.services.minutes import action_item_update, decision_update, minutes_row_move
from meetings.tests.factories import ActionItemFactory, AgendaItemFactory, DecisionFactory, MinutesFactory


@pytest.fixture
def draft(published_meeting, secretariat):
    """A meeting with draft minutes: three decisions and two action items, in order."""
    MinutesFactory(meeting=published_meeting)
    for position, text in enumerate(["First", "Second", "Third"], start=1):
        DecisionFactory(meeting=published_meeting, position=position, text=f"{text} decision")
    for position, text in enumerate(["Write the charter", "Book the room"], start=1):
        ActionItemFactory(meeting=published_meeting, position=position, text=text, owner_name="All")
    return published_meeting


@pytest.fixture
def sec(client_for, secretariat):
    return client_for(secretariat)


def texts(rows) -> list[str]:
    return [r.text for r in rows.order_by("position", "id")]


def snapshot(meeting) -> list:
    decisions = list(meeting.decisions.values_list("pk", "position", "text", "agenda_item"))
    actions = meeting.action_items.values_list("pk", "position", "text", "owner", "owner_name", "company", "due_on")
    return decisions + list(actions)


def url(meeting, what: str, row, view: str = "edit") -> str:
    return reverse(f"meetings:{what}-{view}", args=[meeting.pk, row.pk])


# --- services -----------------------------------------------------------------------------------


def test_a_decision_is_reworded_and_put_under_an_agenda_item(draft, secretariat):
    decision = draft.decisions.get(text="First decision")
    item = draft.agenda_items.first()
    decision_update(decision=decision, text="  First, reworded ", agenda_item=item, by=secretariat)
    decision.refresh_from_db()
    assert (decision.text, decision.agenda_item) == ("First, reworded", item)


def test_an_action_item_gets_a_new_owner_company_and_due_date(draft, secretariat, coordinator, company):
    action = draft.action_items.get(text="Write the charter")
    action_item_update(
        action_item=action, text="Write the charter, v2", owner=coordinator, due_on=date(2030, 1, 31), by=secretariat
    )
    action.refresh_from_db()
    assert action.text == "Write the charter, v2" and action.owner == coordinator and action.owner_name == ""
    assert action.company == company  # the owner's company, as when adding
    assert action.due_on == date(2030, 1, 31) and action.status == ActionItem.Status.OPEN


def test_an_action_item_can_go_back_to_a_named_owner(draft, secretariat, coordinator, other_company):
    action = draft.action_items.get(text="Book the room")
    action_item_update(action_item=action, text="Book", owner=coordinator, by=secretariat)
    action_item_update(action_item=action, text="Book", owner_name="Ops", company=other_company, by=secretariat)
    action.refresh_from_db()
    assert (action.owner, action.owner_name, action.company) == (None, "Ops", other_company)


@pytest.mark.parametrize(
    "change,message",
    [
        ({"text": "  "}, "needs its text"),
        ({"text": "x", "owner_name": ""}, "Choose an owner"),
        ({"text": "x", "agenda_item": "elsewhere"}, "another meeting"),
    ],
)
def test_bad_action_item_edits_are_refused_and_change_nothing(draft, secretariat, change, message):
    action = draft.action_items.first()
    if change.get("agenda_item") == "elsewhere":
        change["agenda_item"] = AgendaItemFactory()
    change.setdefault("owner_name", "All")
    before = snapshot(draft)
    with pytest.raises(ValidationError, match=message):
        action_item_update(action_item=action, by=secretariat, **change)
    assert snapshot(draft) == before


def test_decisions_and_action_items_move_up_and_down(draft, secretariat):
    second = draft.decisions.get(text="Second decision")
    minutes_row_move(row=second, offset=-1, by=secretariat)
    assert texts(draft.decisions) == ["Second decision", "First decision", "Third decision"]
    minutes_row_move(row=second, offset=-1, by=secretariat)  # already first: nothing moves
    assert texts(draft.decisions) == ["Second decision", "First decision", "Third decision"]
    minutes_row_move(row=draft.action_items.get(text="Write the charter"), offset=1, by=secretariat)
    assert texts(draft.action_items) == ["Book the room", "Write the charter"]


def test_published_minutes_are_final(draft, secretariat):
    draft.minutes.published_at = draft.starts_at
    draft.minutes.save()
    decision, action = draft.decisions.first(), draft.action_items.first()
    before = snapshot(draft)
    for change in (
        lambda: decision_update(decision=decision, text="Changed", by=secretariat),
        lambda: minutes_row_move(row=decision, offset=1, by=secretariat),
        lambda: action_item_update(action_item=action, text="Changed", owner_name="X", by=secretariat),
        lambda: minutes_row_move(row=action, offset=1, by=secretariat),
    ):
        with pytest.raises(ValidationError, match="published"):
            change()
    assert snapshot(draft) == before
    action_item_close(action_item=action, status="done", by=secretariat)  # closing still works
    assert ActionItem.objects.get(pk=action.pk).status == "done"


# --- pages --------------------------------------------------------------------------------------


def test_the_minutes_page_offers_edit_and_move_while_a_draft(sec, draft):
    html = sec.get(reverse("meetings:minutes", args=[draft.pk])).content.decode()
    first = draft.decisions.get(text="First decision")
    assert url(draft, "decision", first) in html and url(draft, "decision", first, "move") in html
    assert html.count('name="direction" value="up"') == 2 + 1  # all but the first decision and action item


def test_the_secretariat_edits_a_decision(sec, draft):
    decision = draft.decisions.get(text="First decision")
    page = sec.get(url(draft, "decision", decision)).content.decode()
    assert "First decision</textarea>" in page
    response = sec.post(url(draft, "decision", decision), {"text": "First decision, amended"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("meetings:minutes", args=[draft.pk])
    assert "Decision saved." in response.content.decode()
    assert Decision.objects.get(pk=decision.pk).text == "First decision, amended"


def test_the_secretariat_edits_an_action_item(sec, draft, coordinator, other_company):
    action = draft.action_items.get(text="Book the room")
    page = sec.get(url(draft, "action", action)).content.decode()
    assert "Book the room</textarea>" in page and 'value="All"' in page
    data = {"text": "Book a bigger room", "owner": coordinator.pk, "company": other_company.pk, "due_on": "2030-02-01"}
    assert sec.post(url(draft, "action", action), data).status_code == 302
    action.refresh_from_db()
    assert (action.text, action.owner, action.company, action.due_on) == (
        "Book a bigger room",
        coordinator,
        other_company,
        date(2030, 2, 1),
    )


def test_bad_edits_show_a_clear_message_and_change_nothing(sec, draft):
    action = draft.action_items.first()
    before = snapshot(draft)
    response = sec.post(url(draft, "action", action), {"text": "Still here", "owner_name": "", "due_on": "soon"})
    html = response.content.decode()
    assert response.status_code == 200 and "Choose an owner" in html and "Enter a valid date" in html
    response = sec.post(url(draft, "decision", draft.decisions.first()), {"text": ""})
    assert response.status_code == 200 and "This field is required" in response.content.decode()
    assert snapshot(draft) == before


def test_the_secretariat_moves_rows_on_the_minutes_page(sec, draft):
    third = draft.decisions.get(text="Third decision")
    assert sec.post(url(draft, "decision", third, "move"), {"direction": "up"}).status_code == 302
    assert texts(draft.decisions) == ["First decision", "Third decision", "Second decision"]
    first_action = draft.action_items.get(text="Write the charter")
    sec.post(url(draft, "action", first_action, "move"), {"direction": "down"})
    assert texts(draft.action_items) == ["Book the room", "Write the charter"]


def test_a_move_without_a_direction_says_so_and_changes_nothing(sec, draft):
    before = snapshot(draft)
    move = url(draft, "decision", draft.decisions.first(), "move")
    response = sec.post(move, {"direction": "sideways"}, follow=True)
    assert "Move a row up or down." in response.content.decode()
    assert snapshot(draft) == before


def test_published_rows_are_neither_edited_nor_moved_from_the_pages(sec, held_meeting):
    decision = held_meeting.decisions.first()
    before = snapshot(held_meeting)
    for response in (
        sec.get(url(held_meeting, "decision", decision), follow=True),
        sec.post(url(held_meeting, "decision", decision), {"text": "Rewritten"}, follow=True),
        sec.post(url(held_meeting, "decision", decision, "move"), {"direction": "down"}, follow=True),
    ):
        assert "The minutes are published; their decisions and action items are final." in response.content.decode()
    assert snapshot(held_meeting) == before
    html = sec.get(reverse("meetings:minutes", args=[held_meeting.pk])).content.decode()
    assert url(held_meeting, "decision", decision) not in html


def test_only_decisions_and_action_items_of_that_meeting_are_edited(sec, draft, held_meeting):
    attendance = draft.attendances.create(name="Guest")
    assert sec.get(f"/meetings/{draft.pk}/minutes/attendance/{attendance.pk}/").status_code == 404
    other = held_meeting.decisions.first()
    assert sec.get(url(draft, "decision", other)).status_code == 404
    assert sec.post(url(draft, "decision", other, "move")).status_code == 404


def test_edit_refuses_other_methods(sec, draft):
    assert sec.put(url(draft, "decision", draft.decisions.first())).status_code == 405


@pytest.mark.parametrize("persona_name", ["anonymous", "member_user", "coordinator", "board_member"])
def test_only_the_secretariat_edits_or_moves_rows(persona_name, persona, client_for, draft):
    client = client_for(persona(persona_name))
    decision = draft.decisions.first()
    before = snapshot(draft)
    expected = 302 if persona_name == "anonymous" else 403
    assert client.get(url(draft, "decision", decision)).status_code == expected
    assert client.post(url(draft, "decision", decision), {"text": "Hijacked"}).status_code == expected
    assert client.post(url(draft, "decision", decision, "move"), {"direction": "down"}).status_code == expected
    assert snapshot(draft) == before
