"""A meeting's life: created, its details changed, cancelled, or deleted."""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from kernel.events import emit
from meetings.kinds import kind_rules
from meetings.models import Meeting
from meetings.permissions import PREPARES_MEETINGS, can_delete_meeting, can_manage_meetings
from meetings.services.record import ensure_draft
from members.models import User
from members.permissions import authorise

logger = logging.getLogger(__name__)


MEETING_FIELDS = ("kind", "title", "starts_at", "duration_minutes", "place", "place_url")


@transaction.atomic
def meeting_create(*, data: dict, by: User) -> Meeting:
    authorise(by, can_manage_meetings, PREPARES_MEETINGS)
    data = {k: v for k, v in data.items() if k in MEETING_FIELDS}
    data.setdefault("duration_minutes", kind_rules(data["kind"]).duration)
    meeting = Meeting(**data)
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def meeting_update(*, meeting: Meeting, data: dict, by: User) -> Meeting:
    """Change a meeting's details; a published meeting's SEQUENCE goes up so calendars update.

    A published agenda may still be moved or re-placed (calendars follow); once the minutes are
    published the meeting is part of the record and final.
    """
    authorise(by, can_manage_meetings, PREPARES_MEETINGS)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    ensure_draft(meeting.pk, "the meeting's details are final; record a correction as an erratum")
    changed = [name for name in MEETING_FIELDS if name in data and getattr(meeting, name) != data[name]]
    if not changed:
        return meeting
    for name in changed:
        setattr(meeting, name, data[name])
    meeting.sequence += 1
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, by: User, reason: str) -> Meeting:
    """Cancel a scheduled meeting, saying why: the reason is on its page and, once its agenda was
    announced, in the cancellation mail to its subscribers."""
    authorise(by, can_manage_meetings, PREPARES_MEETINGS)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not meeting.may_be_cancelled:
        status = meeting.get_status_display().lower()
        raise ValidationError(f"Only a scheduled meeting can be cancelled; this one is {status}.")
    if not reason.strip():
        raise ValidationError("Say why the meeting is cancelled.")
    meeting.status = Meeting.Status.CANCELLED
    meeting.cancel_reason = reason.strip()
    meeting.sequence += 1
    meeting._history_user = by
    meeting.save(update_fields=["status", "cancel_reason", "sequence", "updated_at"])
    if meeting.is_agenda_published:
        emit("meeting_cancelled", meeting=meeting)
    return meeting


@transaction.atomic
def meeting_delete(*, meeting: Meeting, by: User, reason: str = "") -> None:
    """Delete a meeting. A draft goes quietly; a published record only by a superuser, giving a reason,
    and the deletion stays in the meeting's history (who, when, why)."""
    if not can_manage_meetings(by):
        raise PermissionDenied("Only the Secretariat deletes a meeting.")
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not can_delete_meeting(by, meeting):
        raise PermissionDenied("A published meeting is part of the record: it cannot be deleted.")
    if meeting.is_published_record:
        if not reason.strip():
            raise ValidationError("Say why a published record is deleted.")
        logger.warning("Published meeting %s (%s) deleted by %s: %s", meeting.pk, meeting, by, reason.strip())
    meeting.errata.all().delete()
    meeting._change_reason = reason.strip() or "Draft deleted"
    meeting._history_user = by
    meeting.delete()
