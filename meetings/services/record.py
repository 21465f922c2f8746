"""What every agenda and minutes service shares: the guard that a published record is final, the
ordering of a meeting's lists, and corrections to a published record (errata)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from kernel.public_record import public_record_changed
from meetings.models import ActionItem, AgendaItem, Decision, Erratum, Meeting
from meetings.permissions import can_manage_meetings
from members.models import User


def ensure_draft(
    meeting_id: int, consequence: str = "their decisions and action items are final", *, agenda: bool = False
) -> None:
    """The one guard of every agenda and minutes service: a published record is final.

    Takes the meeting's row lock, so a change racing a publication waits for it and is then refused.
    The minutes (summary, attendance, decisions, action items, discussion) change only while they are
    a draft; with `agenda=True` the agenda's items change only while the agenda is a draft as well.
    Corrections to a published record are errata (`erratum_add`).
    """
    meeting = Meeting.objects.select_for_update().get(pk=meeting_id)
    if meeting.is_record_final:
        raise ValidationError(f"The minutes are published; {consequence}.")
    if agenda and meeting.is_agenda_published:
        raise ValidationError(f"The agenda is published; {consequence}.")


Ordered = AgendaItem | Decision | ActionItem


def row_move(model: type[Ordered], row: Ordered, offset: int) -> None:
    """Swap a row of a meeting's ordered list with its neighbour above (offset -1) or below (+1),
    numbering the list 1, 2, 3… again; at either end nothing moves."""
    rows = list(model.objects.select_for_update().filter(meeting=row.meeting_id).order_by("position", "id"))
    index = next(i for i, other in enumerate(rows) if other.pk == row.pk)
    target = index + offset
    if not 0 <= target < len(rows):
        return
    rows[index], rows[target] = rows[target], rows[index]
    for position, other in enumerate(rows, start=1):
        other.position = position
    model.objects.bulk_update(rows, ["position"])
    public_record_changed()  # bulk_update sends no post_save


@transaction.atomic
def erratum_add(*, meeting: Meeting, part: str, correction: str, reason: str, by: User) -> Erratum:
    """Correct a published agenda or minutes: a new erratum (who, when, why, what changed) shown beside
    the record on the meeting page; the published text itself stays as it was."""
    if not can_manage_meetings(by):
        raise PermissionDenied("Only the Secretariat corrects the record.")
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if part == Erratum.Part.AGENDA and not meeting.is_agenda_published:
        raise ValidationError("The agenda is still a draft: change it directly.")
    if part == Erratum.Part.MINUTES and not meeting.is_record_final:
        raise ValidationError("The minutes are still a draft: change them directly.")
    if part not in Erratum.Part.values:
        raise ValidationError("Say whether the agenda or the minutes are corrected.")
    if not correction.strip():
        raise ValidationError("Say what changed.")
    if not reason.strip():
        raise ValidationError("Say why the record is corrected.")
    erratum = Erratum(meeting=meeting, part=part, correction=correction.strip(), reason=reason.strip(), by=by)
    erratum.full_clean()
    erratum.save()
    return erratum
