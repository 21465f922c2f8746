"""Actions on meetings: each checks the state, changes it, records who, and emits its event."""

import logging
from dataclasses import dataclass
from datetime import date, datetime, time

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from lcoo_portal.events import emit
from lcoo_portal.public_record import public_record_changed
from lcoo_portal.validation import NOTE_MAX, PROSE_MAX, check_length
from meetings.botlog import UNASSIGNED, ParsedLog, note_markdown
from meetings.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Decision,
    Erratum,
    Meeting,
    Minutes,
    RotationSlot,
    Series,
    kind_defaults,
)
from meetings.permissions import can_close_action_item
from meetings.recurrence import local_to_utc, occurrence_dates
from members.models import Affiliation, Company, User
from members.services import user_set_irc_nick

logger = logging.getLogger(__name__)

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
    """Change a meeting's details; a published meeting's SEQUENCE goes up so calendars update.

    A published agenda may still be moved or re-placed (calendars follow); once the minutes are
    published the meeting is part of the record and final.
    """
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
    ensure_draft(item.meeting_id, "nothing was removed; record a correction as an erratum", agenda=True)
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
    public_record_changed()  # bulk_update sends no post_save


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, offset: int, by: User) -> None:
    """Swap an item with its neighbour above (offset -1) or below (+1) while the agenda is a draft."""
    ensure_draft(item.meeting_id, "its order is final", agenda=True)
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


@transaction.atomic
def attendance_add(
    *, meeting: Meeting, user: User | None = None, name: str = "", company: Company | None = None, by: User
) -> Attendance:
    """Record someone present: a user (their current company by default) or a guest's name."""
    ensure_draft(meeting.pk, "nothing was added; record a correction as an erratum")
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
def attendance_remove(*, attendance: Attendance, by: User) -> None:
    """Remove someone from the attendance while the minutes are a draft."""
    ensure_draft(attendance.meeting_id, "nothing was removed")
    attendance.delete()


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
    if is_published_minutes(meeting):
        raise ValidationError(f"The minutes are published; {consequence}.")
    if agenda and meeting.is_agenda_published:
        raise ValidationError(f"The agenda is published; {consequence}.")


def _check_decision(meeting: Meeting, text: str, agenda_item: AgendaItem | None) -> None:
    if not text.strip():
        raise ValidationError("A decision needs its text.")
    check_length(text, limit=NOTE_MAX, what="The decision")
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError("That agenda item belongs to another meeting.")


@transaction.atomic
def decision_add(*, meeting: Meeting, text: str, agenda_item: AgendaItem | None = None, by: User) -> Decision:
    ensure_draft(meeting.pk, "nothing was added; record a correction as an erratum")
    _check_decision(meeting, text, agenda_item)
    _minutes_for(meeting, by)
    position = (meeting.decisions.aggregate(m=Max("position"))["m"] or 0) + 1
    return Decision.objects.create(meeting=meeting, agenda_item=agenda_item, position=position, text=text.strip())


@transaction.atomic
def decision_update(*, decision: Decision, text: str, agenda_item: AgendaItem | None = None, by: User) -> Decision:
    """Change a decision's text or agenda item while the minutes are a draft."""
    ensure_draft(decision.meeting_id)
    _check_decision(decision.meeting, text, agenda_item)
    decision.text = text.strip()
    decision.agenda_item = agenda_item
    decision.save(update_fields=["text", "agenda_item"])
    return decision


@transaction.atomic
def decision_move(*, decision: Decision, offset: int, by: User) -> None:
    """Move a decision up (offset -1) or down (+1) while the minutes are a draft."""
    ensure_draft(decision.meeting_id)
    _move(Decision, decision, offset)


@transaction.atomic
def decision_remove(*, decision: Decision, by: User) -> None:
    ensure_draft(decision.meeting_id, "nothing was removed")
    decision.delete()


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
def action_item_move(*, action_item: ActionItem, offset: int, by: User) -> None:
    """Move an action item up (offset -1) or down (+1) while the minutes are a draft."""
    ensure_draft(action_item.meeting_id)
    _move(ActionItem, action_item, offset)


@transaction.atomic
def action_item_remove(*, action_item: ActionItem, by: User) -> None:
    ensure_draft(action_item.meeting_id, "nothing was removed")
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
    """Publish the minutes: the meeting is marked held and the record becomes public, its agenda
    record included when the agenda itself was never published."""
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


def _log_lines(log: str) -> list[str]:
    return [line.rstrip() for line in log.strip().splitlines() if line.strip()]


@transaction.atomic
def minutes_import(*, meeting: Meeting, parsed: ParsedLog, source: str, by: User) -> Minutes:
    """Store a parsed meeting-bot log as draft minutes: topics become (or fill) agenda items with their
    #info lines as discussion, #agreed lines decisions, #action lines one action item per owner, speakers
    attendees; the nick → person table is remembered on the people's profiles.

    Importing never duplicates: the same log again is refused, and a changed log adds only what the
    minutes do not hold yet (a decision, action item, note or attendee already there is left alone).
    """
    ensure_draft(meeting.pk, "the import would change them")
    minutes = _minutes_for(meeting, by)
    if minutes.source_log and _log_lines(minutes.source_log) == _log_lines(source):
        raise ValidationError("This log is already imported into these minutes; nothing was added twice.")
    items = {item.title.strip().lower(): item for item in meeting.agenda_items.all()}
    position = max((i.position for i in items.values()), default=0)
    topic_items: list[AgendaItem | None] = []
    for topic in parsed.topics:
        item = items.get(topic.title.strip().lower())
        if item is None:
            position += 1
            item = AgendaItem.objects.create(meeting=meeting, position=position, title=topic.title[:300])
            items[topic.title.strip().lower()] = item
        present = set(item.discussion.splitlines())
        new = [line for line in topic.discussion_markdown().splitlines() if line and line not in present]
        if new:
            item.discussion = "\n".join([item.discussion, *new]).strip() if item.discussion else "\n".join(new)
            item.save(update_fields=["discussion"])
        topic_items.append(item)
    decided = set(meeting.decisions.values_list("text", flat=True))
    for decision in parsed.decisions:
        if decision.text.strip() in decided:
            continue
        item = topic_items[decision.topic] if decision.topic is not None else None
        decision_add(meeting=meeting, text=decision.text, agenda_item=item, by=by)
        decided.add(decision.text.strip())
    held = set(meeting.action_items.values_list("text", "owner_id", "owner_name"))
    for action in parsed.actions:
        item = topic_items[action.topic] if action.topic is not None else None
        owners = [(action.users.get(nick), nick) for nick in action.owners]
        if not owners:
            owners = [(None, "All" if action.raw.lower().startswith(("all ", "all,", "all:")) else UNASSIGNED)]
        for user, nick in owners:
            key = (action.text.strip(), user.pk if user else None, "" if user else nick)
            if key in held:
                continue
            action_item_add(
                meeting=meeting, text=action.text, owner=user, owner_name="" if user else nick, agenda_item=item, by=by
            )
            held.add(key)
    present = set(meeting.attendances.values_list("user_id", flat=True))
    names = set(meeting.attendances.values_list("name", flat=True))
    for nick, user in parsed.attendees.items():
        if user is not None and user.pk not in present:
            attendance_add(meeting=meeting, user=user, by=by)
            present.add(user.pk)
        elif user is None and nick not in names:
            attendance_add(meeting=meeting, name=nick, by=by)
            names.add(nick)
    _remember_nicks(parsed, by)
    minutes.refresh_from_db()
    if not minutes.summary.strip():
        notes = "\n".join(f"- {note_markdown(note)}" for note in parsed.untopical_notes)
        name = f" “{parsed.name}”" if parsed.name else ""
        minutes.summary = f"Recorded by the meeting bot{name}.\n\n{notes}".strip()
    minutes.source_log = source
    minutes.save(update_fields=["source_log", "summary"])
    return minutes


# --- Corrections and deletion of the record ------------------------------------------------------


@transaction.atomic
def erratum_add(*, meeting: Meeting, part: str, correction: str, reason: str, by: User) -> Erratum:
    """Correct a published agenda or minutes: a new erratum (who, when, why, what changed) shown beside
    the record on the meeting page; the published text itself stays as it was."""
    from meetings.permissions import can_manage_meetings

    if not can_manage_meetings(by):
        raise PermissionDenied("Only the Secretariat corrects the record.")
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if part == Erratum.Part.AGENDA and not meeting.is_agenda_published:
        raise ValidationError("The agenda is still a draft: change it directly.")
    if part == Erratum.Part.MINUTES and not is_published_minutes(meeting):
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


def is_published_minutes(meeting: Meeting) -> bool:
    return Minutes.objects.filter(meeting=meeting.pk, published_at__isnull=False).exists()


def is_published_record(meeting: Meeting) -> bool:
    """Whether the meeting's agenda or minutes are published: then nothing of it may be deleted."""
    return meeting.is_agenda_published or is_published_minutes(meeting)


@transaction.atomic
def meeting_delete(*, meeting: Meeting, by: User, reason: str = "") -> None:
    """Delete a meeting. A draft goes quietly; a published record only by a superuser, giving a reason,
    and the deletion stays in the meeting's history (who, when, why)."""
    from meetings.permissions import can_manage_meetings

    if not can_manage_meetings(by):
        raise PermissionDenied("Only the Secretariat deletes a meeting.")
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if is_published_record(meeting):
        if not by.is_superuser:
            raise PermissionDenied("A published meeting is part of the record: it cannot be deleted.")
        if not reason.strip():
            raise ValidationError("Say why a published record is deleted.")
        logger.warning("Published meeting %s (%s) deleted by %s: %s", meeting.pk, meeting, by, reason.strip())
    meeting.errata.all().delete()
    meeting._change_reason = reason.strip() or "Draft deleted"
    meeting._history_user = by
    meeting.delete()


def _remember_nicks(parsed: ParsedLog, by: User) -> None:
    """Save each matched nick on its person's profile, unless they have one or another person holds it."""
    for nick, user in parsed.people.items():
        if user is None or user.irc_nick or User.objects.filter(irc_nick__iexact=nick).exists():
            continue
        try:
            user_set_irc_nick(user=user, nick=nick, by=by)
        except ValidationError:
            continue  # a nick the profile cannot hold is simply not remembered
