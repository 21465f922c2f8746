"""Following up the action items of published minutes: closing them as done or dropped."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from meetings.models import ActionItem
from meetings.permissions import can_close_action_item
from members.models import User


@transaction.atomic
def action_item_close(*, action_item: ActionItem, status: str, by: User, note: str = "") -> ActionItem:
    """Mark an open action item done or dropped, with an optional note.

    The Secretariat closes any item either way; the item's owner may mark their own item done.
    """
    action_item = ActionItem.objects.select_for_update().get(pk=action_item.pk)
    if not can_close_action_item(by, action_item, status):
        raise PermissionDenied("Only the Secretariat, or the item's owner marking it done, closes an action item.")
    if status not in (ActionItem.Status.DONE, ActionItem.Status.DROPPED):
        raise ValidationError("An action item is closed as done or dropped.")
    if len(note) > 2000:
        raise ValidationError("A note has at most 2,000 characters.")
    if not action_item.is_open:
        raise ValidationError(f"This action item is already {action_item.get_status_display().lower()}.")
    action_item.status = status
    action_item.closed_at = timezone.now()
    action_item.closed_by = by
    action_item.close_note = note.strip()
    action_item.save()
    return action_item
