"""A meeting's minutes while a draft (summary, attendance, decisions, action items), and their publication."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from kernel.events import emit
from kernel.validation import NOTE_MAX, PROSE_MAX, check_length
from meetings.models import ActionItem, AgendaItem, Attendance, Decision, Meeting, Minutes
from meetings.permissions import PREPARES_MEETINGS, can_manage_meetings
from meetings.services.record import ensure_draft, row_move
from members.models import Affiliation, Company, User
from members.permissions import authorise


def _minutes_for(meeting: Meeting, by: User | None) -> Minutes:
    """The meeting's minutes, created as a draft (recorded by `by`) the first time something is recorded."""
    minutes, _ = Minutes.objects.get_or_create(meeting=meeting, defaults={"recorded_by": by})
    return minutes


@transaction.atomic
def minutes_save(*, meeting: Meeting, summary: str, next_session: str, by: User) -> Minutes:
    authorise(by, can_manage_meetings, PREPARES_MEETINGS)
    check_length(summary, limit=PROSE_MAX, what="The summary")
    check_length(next_session, limit=NOTE_MAX, what="The next session")
    ensure_draft(meeting.pk, "nothing was saved; record a correction as an erratum")
    minutes = _minutes_for(meeting, by)
    minutes.summary = summary
    minutes.next_session = next_session
    minutes.save()
    return minutes


def _company_of(user: User, at: datetime | None = None) -> Company | None:
    """The company the person was affiliated with at `at` (now by default)."""
    affiliation = (
        Affiliation.objects.current(at=at).filter(user=user).select_related("company").order_by("-started_at").first()
    )
    return affiliation.company if affiliation else None


def _check_not_recorded(meeting: Meeting, user: User | None, name: str) -> None:
    """One row per person: a user once, a guest's name once (in any case), and never a guest row under the
    name of a person already recorded, or the reverse."""
    rows = list(meeting.attendances.select_related("user"))
    if user is not None:
        if any(row.user_id == user.pk for row in rows):
            raise ValidationError(f"{user} is already recorded as present.")
        if user.display_name and any(row.name.casefold() == user.display_name.casefold() for row in rows):
            raise ValidationError(f"{user} is already recorded as a guest by name; remove that row first.")
        return
    folded = name.casefold()
    if any(row.name.casefold() == folded or (row.user and str(row.user).casefold() == folded) for row in rows):
        raise ValidationError(f"{name} is already recorded as present.")


@transaction.atomic
def attendance_add(
    *, meeting: Meeting, user: User | None = None, name: str = "", company: Company | None = None, by: User
) -> Attendance:
    """Record someone present: a user (their current company by default) or a guest's name."""
    authorise(by, can_manage_meetings, PREPARES_MEETINGS)
    ensure_draft(meeting.pk, "nothing was added; record a correction as an erratum")
    if user is None and not name.strip():
        raise ValidationError("Choose a person or type a guest's name.")
    _check_not_recorded(meeting, user, name.strip())
    if user is not None and company is None:
        # attendance counts for the company the person worked for on the meeting's date
        company = _company_of(user, meeting.starts_at)
    _minutes_for(meeting, by)
    return Attendance.objects.create(meeting=meeting, user=user, name="" if user else name.strip(), company=company)


def _check_decision(meeting: Meeting, text: str, agenda_item: AgendaItem | None) -> None:
    if not text.strip():
        raise ValidationError("A decision needs its text.")
    check_length(text, limit=NOTE_MAX, what="The decision")
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError("That agenda item belongs to another meeting.")


@transaction.atomic
def decision_add(*, meeting: Meeting, text: str, agenda_item: AgendaItem | None = None, by: User) -> Decision:
    authorise(by, can_manage_meetings, PREPARES_MEETINGS)
    ensure_draft(meeting.pk, "nothing was added; record a correction as an erratum")
    _check_decision(meeting, text, agenda_item)
    _minutes_for(meeting, by)
    position = (meeting.decisions.aggregate(m=Max("position"))["m"] or 0) + 1
    return Decision.objects.create(meeting=meeting, agenda_item=agenda_item, position=position, text=text.strip())


@transaction.atomic
def decision_update(*, decision: Decision, text: str, agenda_item: AgendaItem | None = None, by: User) -> Decision:
    """Change a decision's text or agenda item while the minutes are a draft."""
    authorise(by, can_manage_meetings, PREPARES_MEETINGS)
    ensure_draft(decision.meeting_id)
    _check_decision(decision.meeting, text, agenda_item)
    decision.text = text.strip()
    decision.agenda_item = agenda_item
    decision.save(update_fields=["text", "agenda_item"])
    return decision


def _check_action_item(
    meeting: Meeting, text: str, owner: User | None, owner_name: str, agenda_item: AgendaItem | None
) -> None:
    if not text.strip():
        raise ValidationError("An action item needs its text.")
    check_length(text, limit=NOTE_MAX, what="The action item")
    if owner is None and not owner_name.strip():
        raise ValidationError("Choose an owner or type a name (or “All”).")
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError("That agenda item belongs to another meeting.")


@transaction.atomic
def action_item_add(
    *,
    meeting: Meeting,
    text: str,
    owner: User | None = None,
    owner_name: str = "",
    company: Company | None = None,
    due_on: date | None = None,
    agenda_item: AgendaItem | None = None,
    by: User,
) -> ActionItem:
    """Record an action item; the owner is a user (their company by default) or a name such as 'All'."""
    authorise(by, can_manage_meetings, PREPARES_MEETINGS)
    ensure_draft(meeting.pk, "nothing was added; record a correction as an erratum")
    _check_action_item(meeting, text, owner, owner_name, agenda_item)
    if owner is not None and company is None:
        company = _company_of(owner)
    _minutes_for(meeting, by)
    position = (meeting.action_items.aggregate(m=Max("position"))["m"] or 0) + 1
    return ActionItem.objects.create(
        meeting=meeting,
        agenda_item=agenda_item,
        position=position,
        text=text.strip(),
        owner=owner,
        owner_name="" if owner else owner_name.strip(),
        company=company,
        due_on=due_on,
    )


@transaction.atomic
def action_item_update(
    *,
    action_item: ActionItem,
    text: str,
    owner: User | None = None,
    owner_name: str = "",
    company: Company | None = None,
    due_on: date | None = None,
    agenda_item: AgendaItem | None = None,
    by: User,
) -> ActionItem:
    """Change an action item's text, owner, company, due date or agenda item while the minutes are a
    draft; as when adding, an owner without a company given brings their current company."""
    authorise(by, can_manage_meetings, PREPARES_MEETINGS)
    ensure_draft(action_item.meeting_id)
    _check_action_item(action_item.meeting, text, owner, owner_name, agenda_item)
    if owner is not None and company is None:
        company = _company_of(owner)
    action_item.text = text.strip()
    action_item.owner = owner
    action_item.owner_name = "" if owner else owner_name.strip()
    action_item.company = company
    action_item.due_on = due_on
    action_item.agenda_item = agenda_item
    action_item.save(update_fields=["text", "owner", "owner_name", "company", "due_on", "agenda_item"])
    return action_item


@transaction.atomic
def minutes_row_move(*, row: Decision | ActionItem, offset: int, by: User) -> None:
    """Move a decision or an action item up (offset -1) or down (+1) while the minutes are a draft."""
    authorise(by, can_manage_meetings, PREPARES_MEETINGS)
    ensure_draft(row.meeting_id)
    row_move(type(row), row, offset)


@transaction.atomic
def minutes_row_remove(*, row: Attendance | Decision | ActionItem, by: User) -> None:
    """Remove an attendee, a decision or an action item while the minutes are a draft."""
    authorise(by, can_manage_meetings, PREPARES_MEETINGS)
    ensure_draft(row.meeting_id, "nothing was removed")
    row.delete()


@transaction.atomic
def minutes_publish(*, meeting: Meeting, by: User, now: datetime | None = None) -> Minutes:
    """Publish the minutes: the meeting is marked held and the record becomes public, its agenda
    record included when the agenda itself was never published."""
    authorise(by, can_manage_meetings, PREPARES_MEETINGS)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    now = now or timezone.now()
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError("A cancelled meeting has no minutes.")
    if meeting.starts_at > now:
        raise ValidationError("The meeting has not started yet.")
    minutes = _minutes_for(meeting, by)
    if minutes.is_published:
        raise ValidationError("The minutes are already published.")
    minutes.published_at = now
    minutes.published_by = by
    minutes.save(update_fields=["published_at", "published_by"])
    changed = []
    if meeting.status != Meeting.Status.HELD:
        meeting.status = Meeting.Status.HELD
        changed.append("status")
    if meeting.agenda_published_at is None:
        # Published minutes make the whole record public: the agenda record goes with them, so the
        # meeting page, the feed, the actions page and search all agree (one rule, here).
        meeting.agenda_published_at, meeting.agenda_published_by = now, by
        meeting.sequence += 1
        changed += ["agenda_published_at", "agenda_published_by", "sequence"]
    if changed:
        meeting.save(update_fields=[*changed, "updated_at"])
    emit("minutes_published", meeting=meeting)
    return minutes
