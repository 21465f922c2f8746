"""A meeting's agenda: its items added, changed, removed and reordered while a draft, then published."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from kernel.events import emit
from meetings.models import AgendaItem, Meeting
from meetings.permissions import PREPARES_MEETINGS, can_manage_meetings
from meetings.services.record import ensure_draft, row_move
from members.models import User
from members.permissions import authorise

AGENDA_ITEM_FIELDS = (
    "title",
    "presenter",
    "presenter_company",
    "presenter_name",
    "minutes_allotted",
    "description",
    "confidential",
    "discussion",
)


def _check_confidential(meeting: Meeting, data: dict) -> None:
    if data.get("confidential") and not meeting.is_board:
        raise ValidationError("Only an executive board meeting's items can be confidential.")


@transaction.atomic
def agenda_item_add(*, meeting: Meeting, data: dict, by: User) -> AgendaItem:
    authorise(by, can_manage_meetings, PREPARES_MEETINGS)
    ensure_draft(meeting.pk, "nothing was added; record a correction as an erratum", agenda=True)
    _check_confidential(meeting, data)
    position = (meeting.agenda_items.aggregate(m=Max("position"))["m"] or 0) + 1
    item = AgendaItem(meeting=meeting, position=position, **{k: v for k, v in data.items() if k in AGENDA_ITEM_FIELDS})
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def agenda_item_update(*, item: AgendaItem, data: dict, by: User) -> AgendaItem:
    """Change an agenda item. Once the agenda is published only its discussion (part of the minutes)
    changes, and only while the minutes are a draft."""
    authorise(by, can_manage_meetings, PREPARES_MEETINGS)
    ensure_draft(item.meeting_id, "the agenda and its discussion are final; record a correction as an erratum")
    item = AgendaItem.objects.select_for_update().select_related("meeting").get(pk=item.pk)
    if item.meeting.is_agenda_published:
        changed = [
            name
            for name in AGENDA_ITEM_FIELDS
            if name != "discussion" and name in data and getattr(item, name) != data[name]
        ]
        if changed:
            raise ValidationError(
                "The agenda is published: only the discussion can still change; record a correction as an erratum."
            )
    _check_confidential(item.meeting, data)
    for name in AGENDA_ITEM_FIELDS:
        if name in data:
            setattr(item, name, data[name])
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def agenda_item_delete(*, item: AgendaItem, by: User) -> None:
    authorise(by, can_manage_meetings, PREPARES_MEETINGS)
    ensure_draft(item.meeting_id, "nothing was removed; record a correction as an erratum", agenda=True)
    item.delete()


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, offset: int, by: User) -> None:
    """Swap an item with its neighbour above (offset -1) or below (+1) while the agenda is a draft."""
    authorise(by, can_manage_meetings, PREPARES_MEETINGS)
    ensure_draft(item.meeting_id, "its order is final", agenda=True)
    row_move(AgendaItem, item, offset)


@transaction.atomic
def agenda_publish(*, meeting: Meeting, by: User, now: datetime | None = None) -> Meeting:
    """Publish the agenda: the meeting becomes public and its subscribers are told.

    Publishing later than the kind's notice is allowed; the meeting page shows how late it was. Once
    the meeting has started the agenda is published as a late record: public, and announced to no one.
    """
    authorise(by, can_manage_meetings, PREPARES_MEETINGS)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not meeting.may_publish_agenda:
        raise ValidationError(
            "The agenda is already published." if meeting.is_agenda_published else "The meeting is cancelled."
        )
    if not meeting.agenda_items.exists():
        raise ValidationError("Add at least one agenda item before publishing.")
    meeting.agenda_published_at = now or timezone.now()
    meeting.agenda_published_by = by
    meeting.sequence += 1
    meeting.save(update_fields=["agenda_published_at", "agenda_published_by", "sequence", "updated_at"])
    if not meeting.agenda_is_late_record:
        emit("agenda_published", meeting=meeting)
    return meeting
