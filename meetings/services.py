"""Actions on meetings: each checks the state, changes it, records who, and emits its event."""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from lcoo_portal.events import emit
from meetings.botlog import ParsedLog
from meetings.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Decision,
    Meeting,
    Minutes,
    RotationSlot,
    Series,
    kind_defaults,
)
from meetings.permissions import can_close_action_item
from meetings.recurrence import local_to_utc, occurrence_dates
from members.models import Affiliation, Company, User

MEETING_FIELDS = ("kind", "title", "starts_at", "duration_minutes", "place", "place_url")
SERIES_FIELDS = (
    "title",
    "slug",
    "kind",
    "team",
    "cadence",
    "interval_weeks",
    "weekday",
    "week_of_month",
    "starts_on",
    "ends_on",
    "duration_minutes",
    "place",
    "place_url",
    "is_active",
)


@dataclass(frozen=True)
class Slot:
    """A rotation entry as typed: a local time in a named zone."""

    local_time: time
    time_zone: str


# --- Series -------------------------------------------------------------------------------------


@transaction.atomic
def series_save(*, series: Series | None, data: dict, rotation: list[Slot], by: User) -> Series:
    """Create or update a series and replace its rotation (at least one slot)."""
    if not rotation:
        raise ValidationError("A series needs at least one start time in its rotation.")
    series = series or Series()
    for name in SERIES_FIELDS:
        if name in data:
            setattr(series, name, data[name])
    series.full_clean()
    series.save()
    series.rotation.all().delete()
    RotationSlot.objects.bulk_create(
        RotationSlot(series=series, position=i, local_time=s.local_time, time_zone=s.time_zone)
        for i, s in enumerate(rotation)
    )
    return series


def series_starts(*, series: Series, since: date, until: date) -> list[tuple[int, datetime]]:
    """(occurrence index, UTC start) of the series' occurrences dated between `since` and `until`."""
    rotation = list(series.rotation.all())
    if not rotation:
        return []
    end = min(until, series.ends_on) if series.ends_on else until
    dates = occurrence_dates(
        cadence=series.cadence,
        weekday=series.weekday,
        interval_weeks=series.interval_weeks,
        week_of_month=series.week_of_month,
        starts_on=series.starts_on,
        until=end,
    )
    starts = []
    for index, day in enumerate(dates):
        if day < since:
            continue
        slot = rotation[index % len(rotation)]
        starts.append((index, local_to_utc(day, slot.local_time, slot.time_zone)))
    return starts


@transaction.atomic
def series_generate(*, series: Series, until: date, by: User | None) -> list[Meeting]:
    """Create the series' meetings up to `until` that do not exist yet; returns the new ones.

    Idempotent: an occurrence already generated (even if since moved or cancelled) is left alone.
    Each occurrence takes the rotation slot of its index and keeps that slot's local wall-clock time.
    """
    series = Series.objects.select_for_update().get(pk=series.pk)
    existing = set(series.meetings.exclude(occurrence=None).values_list("occurrence", flat=True))
    new = [
        Meeting(
            kind=series.kind,
            series=series,
            occurrence=index,
            title=series.title,
            starts_at=starts_at,
            duration_minutes=series.duration_minutes,
            place=series.place,
            place_url=series.place_url,
        )
        for index, starts_at in series_starts(series=series, since=series.starts_on, until=until)
        if index not in existing
    ]
    return Meeting.objects.bulk_create(new)


# --- Meetings and agendas -----------------------------------------------------------------------


@transaction.atomic
def meeting_create(*, data: dict, by: User) -> Meeting:
    data = {k: v for k, v in data.items() if k in MEETING_FIELDS}
    data.setdefault("duration_minutes", kind_defaults(data["kind"])["duration"])
    meeting = Meeting(**data)
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def meeting_update(*, meeting: Meeting, data: dict, by: User) -> Meeting:
    """Change a meeting's details; a published meeting's SEQUENCE goes up so calendars update."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
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
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != Meeting.Status.SCHEDULED:
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
    if data.get("confidential") and meeting.kind != "executive_board":
        raise ValidationError("Only an executive board meeting's items can be confidential.")


@transaction.atomic
def agenda_item_add(*, meeting: Meeting, data: dict, by: User) -> AgendaItem:
    _check_confidential(meeting, data)
    position = (meeting.agenda_items.aggregate(m=Max("position"))["m"] or 0) + 1
    item = AgendaItem(meeting=meeting, position=position, **{k: v for k, v in data.items() if k in AGENDA_ITEM_FIELDS})
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def agenda_item_update(*, item: AgendaItem, data: dict, by: User) -> AgendaItem:
    _check_confidential(item.meeting, data)
    for name in AGENDA_ITEM_FIELDS:
        if name in data:
            setattr(item, name, data[name])
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def agenda_item_delete(*, item: AgendaItem, by: User) -> None:
    if item.meeting.is_agenda_published:
        raise ValidationError("The agenda is published: edit the item rather than remove it.")
    item.delete()


Ordered = AgendaItem | Decision | ActionItem


def _move(model: type[Ordered], row: Ordered, offset: int) -> None:
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


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, offset: int, by: User) -> None:
    """Swap an item with its neighbour above (offset -1) or below (+1)."""
    _move(AgendaItem, item, offset)


@transaction.atomic
def agenda_publish(*, meeting: Meeting, by: User, now: datetime | None = None) -> Meeting:
    """Publish the agenda: the meeting becomes public and its subscribers are told.

    Publishing later than the kind's notice is allowed; the meeting page shows how late it was. Once
    the meeting has started the agenda is published as a late record: public, and announced to no one.
    """
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.is_agenda_published:
        raise ValidationError("The agenda is already published.")
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError("The meeting is cancelled.")
    if not meeting.agenda_items.exists():
        raise ValidationError("Add at least one agenda item before publishing.")
    meeting.agenda_published_at = now or timezone.now()
    meeting.agenda_published_by = by
    meeting.sequence += 1
    meeting.save(update_fields=["agenda_published_at", "agenda_published_by", "sequence", "updated_at"])
    if not meeting.agenda_is_late_record:
        emit("agenda_published", meeting=meeting)
    return meeting


# --- Minutes ------------------------------------------------------------------------------------


def _minutes_for(meeting: Meeting, by: User | None) -> Minutes:
    minutes, _ = Minutes.objects.get_or_create(meeting=meeting, defaults={"recorded_by": by})
    return minutes


@transaction.atomic
def minutes_save(*, meeting: Meeting, summary: str, next_session: str, by: User) -> Minutes:
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


@transaction.atomic
def attendance_add(
    *, meeting: Meeting, user: User | None = None, name: str = "", company: Company | None = None, by: User
) -> Attendance:
    """Record someone present: a user (their current company by default) or a guest's name."""
    if user is None and not name.strip():
        raise ValidationError("Choose a person or type a guest's name.")
    if user is not None and meeting.attendances.filter(user=user).exists():
        raise ValidationError(f"{user} is already recorded as present.")
    if user is not None and company is None:
        # attendance counts for the company the person worked for on the meeting's date
        company = _company_of(user, meeting.starts_at)
    _minutes_for(meeting, by)
    return Attendance.objects.create(meeting=meeting, user=user, name="" if user else name.strip(), company=company)


@transaction.atomic
@transaction.atomic
def attendance_remove(*, attendance: Attendance, by: User) -> None:
    """Remove someone from the attendance while the minutes are a draft."""
    _check_draft(attendance.meeting_id, "nothing was removed")
    attendance.delete()


def _check_draft(meeting_id: int, consequence: str = "their decisions and action items are final") -> None:
    """Attendance, decisions and action items change only while the minutes are a draft (under a lock)."""
    minutes = Minutes.objects.select_for_update().filter(meeting=meeting_id).first()
    if minutes is not None and minutes.is_published:
        raise ValidationError(f"The minutes are published; {consequence}.")


def _check_decision(meeting: Meeting, text: str, agenda_item: AgendaItem | None) -> None:
    if not text.strip():
        raise ValidationError("A decision needs its text.")
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError("That agenda item belongs to another meeting.")


@transaction.atomic
def decision_add(*, meeting: Meeting, text: str, agenda_item: AgendaItem | None = None, by: User) -> Decision:
    _check_decision(meeting, text, agenda_item)
    _minutes_for(meeting, by)
    position = (meeting.decisions.aggregate(m=Max("position"))["m"] or 0) + 1
    return Decision.objects.create(meeting=meeting, agenda_item=agenda_item, position=position, text=text.strip())


@transaction.atomic
def decision_update(*, decision: Decision, text: str, agenda_item: AgendaItem | None = None, by: User) -> Decision:
    """Change a decision's text or agenda item while the minutes are a draft."""
    _check_draft(decision.meeting_id)
    _check_decision(decision.meeting, text, agenda_item)
    decision.text = text.strip()
    decision.agenda_item = agenda_item
    decision.save(update_fields=["text", "agenda_item"])
    return decision


@transaction.atomic
def decision_move(*, decision: Decision, offset: int, by: User) -> None:
    """Move a decision up (offset -1) or down (+1) while the minutes are a draft."""
    _check_draft(decision.meeting_id)
    _move(Decision, decision, offset)


@transaction.atomic
def decision_remove(*, decision: Decision, by: User) -> None:
    _check_draft(decision.meeting_id, "nothing was removed")
    decision.delete()


def _check_action_item(
    meeting: Meeting, text: str, owner: User | None, owner_name: str, agenda_item: AgendaItem | None
) -> None:
    if not text.strip():
        raise ValidationError("An action item needs its text.")
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
    _check_draft(action_item.meeting_id)
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
def action_item_move(*, action_item: ActionItem, offset: int, by: User) -> None:
    """Move an action item up (offset -1) or down (+1) while the minutes are a draft."""
    _check_draft(action_item.meeting_id)
    _move(ActionItem, action_item, offset)


@transaction.atomic
def action_item_remove(*, action_item: ActionItem, by: User) -> None:
    _check_draft(action_item.meeting_id, "nothing was removed")
    action_item.delete()


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
    if action_item.status != ActionItem.Status.OPEN:
        raise ValidationError(f"This action item is already {action_item.get_status_display().lower()}.")
    action_item.status = status
    action_item.closed_at = timezone.now()
    action_item.closed_by = by
    action_item.close_note = note.strip()
    action_item.save()
    return action_item


@transaction.atomic
def minutes_publish(*, meeting: Meeting, by: User, now: datetime | None = None) -> Minutes:
    """Publish the minutes: the meeting is marked held and the record becomes public."""
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
    if meeting.status != Meeting.Status.HELD:
        meeting.status = Meeting.Status.HELD
        meeting.save(update_fields=["status", "updated_at"])
    emit("minutes_published", meeting=meeting)
    return minutes


@transaction.atomic
def minutes_import(*, meeting: Meeting, parsed: ParsedLog, source: str, by: User) -> Minutes:
    """Store a parsed meeting-bot log as draft minutes: topics become (or fill) agenda items,
    #agreed lines decisions, #action lines action items, speakers attendees."""
    minutes = _minutes_for(meeting, by)
    if minutes.is_published:
        raise ValidationError("The minutes are already published; the import would change them.")
    items = {item.title.strip().lower(): item for item in meeting.agenda_items.all()}
    position = max((i.position for i in items.values()), default=0)
    topic_items: list[AgendaItem | None] = []
    for topic in parsed.topics:
        item = items.get(topic.title.strip().lower())
        if item is None:
            position += 1
            item = AgendaItem.objects.create(meeting=meeting, position=position, title=topic.title[:300])
            items[topic.title.strip().lower()] = item
        if topic.notes:
            item.discussion = (item.discussion + "\n\n" if item.discussion else "") + topic.discussion_markdown()
            item.save(update_fields=["discussion"])
        topic_items.append(item)
    for decision in parsed.decisions:
        item = topic_items[decision.topic] if decision.topic is not None else None
        decision_add(meeting=meeting, text=decision.text, agenda_item=item, by=by)
    for action in parsed.actions:
        item = topic_items[action.topic] if action.topic is not None else None
        action_item_add(
            meeting=meeting,
            text=action.text,
            owner=action.user,
            owner_name="" if action.user else action.owner,
            agenda_item=item,
            by=by,
        )
    present = set(meeting.attendances.values_list("user_id", flat=True))
    names = set(meeting.attendances.values_list("name", flat=True))
    for nick, user in parsed.attendees.items():
        if user is not None and user.pk not in present:
            attendance_add(meeting=meeting, user=user, by=by)
        elif user is None and nick not in names:
            attendance_add(meeting=meeting, name=nick, by=by)
    minutes.source_log = source
    minutes.save(update_fields=["source_log"])
    return minutes
