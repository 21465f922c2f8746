"""An action item's owner marks it done, with a note; the Secretariat still closes anyone's."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from meetings.models import ActionItem
from meetings.services.actions import action_item_close
from meetings.tests.factories import ActionItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def owned(held_meeting, coordinator, company) -> ActionItem:
    return ActionItemFactory(meeting=held_meeting, text="Send the FTE figures", owner=coordinator, company=company)


def close_url(action: ActionItem) -> str:
    return reverse("meetings:action-close", args=[action.pk])


def test_the_owner_marks_their_item_done_with_a_note(client_for, coordinator, owned):
    response = client_for(coordinator).post(close_url(owned), {"status": "done", "note": "Sent on 3 May"}, follow=True)
    assert "Action item marked done." in response.content.decode()
    owned.refresh_from_db()
    assert (owned.status, owned.close_note, owned.closed_by) == ("done", "Sent on 3 May", coordinator)


def test_the_owner_cannot_drop_their_item(client_for, coordinator, owned):
    assert client_for(coordinator).post(close_url(owned), {"status": "dropped"}).status_code == 403
    assert ActionItem.objects.get(pk=owned.pk).status == "open"


def test_someone_else_cannot_mark_the_owners_item_done(client_for, other_coordinator, board_member, owned):
    for person in (other_coordinator, board_member):
        assert client_for(person).post(close_url(owned), {"status": "done"}).status_code == 403
    with pytest.raises(PermissionDenied):
        action_item_close(action_item=owned, status="done", by=board_member)
    assert ActionItem.objects.get(pk=owned.pk).status == "open"


def test_the_secretariat_closes_anyones_item_with_a_note(client_for, secretariat, owned):
    client_for(secretariat).post(close_url(owned), {"status": "dropped", "note": "Superseded"})
    owned.refresh_from_db()
    assert (owned.status, owned.close_note) == ("dropped", "Superseded")


def test_the_actions_page_offers_the_owner_done_on_their_items_only(client_for, coordinator, owned, held_meeting):
    other = held_meeting.action_items.exclude(pk=owned.pk).get()
    html = client_for(coordinator).get(reverse("meetings:actions")).content.decode()
    assert close_url(owned) in html and close_url(other) not in html
    assert 'value="dropped"' not in html


def test_a_note_too_long_is_refused_and_changes_nothing(client_for, coordinator, owned):
    response = client_for(coordinator).post(close_url(owned), {"status": "done", "note": "x" * 2001}, follow=True)
    assert "at most 2,000 characters" in response.content.decode()
    assert ActionItem.objects.get(pk=owned.pk).status == "open"
