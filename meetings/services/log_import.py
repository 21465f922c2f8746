"""A meeting-bot log stored as draft minutes, and the nick → person table remembered on profiles."""

from django.core.exceptions import ValidationError
from django.db import transaction

from meetings.botlog import UNASSIGNED, Action, ParsedLog
from meetings.models import AgendaItem, Meeting, Minutes
from meetings.permissions import PREPARES_MEETINGS, can_manage_meetings
from meetings.services.minutes import _minutes_for, action_item_add, attendance_add, decision_add
from meetings.services.record import ensure_draft
from members.models import User
from members.permissions import authorise
from members.services import user_set_irc_nick


def _log_lines(log: str) -> list[str]:
    return [line.rstrip() for line in log.strip().splitlines() if line.strip()]


@transaction.atomic
def minutes_import(*, meeting: Meeting, parsed: ParsedLog, source: str, by: User) -> Minutes:
    """Store a parsed meeting-bot log as draft minutes: topics become (or fill) agenda items with their
    #info and #link lines as discussion, #agreed lines decisions, #action lines one action item per owner
    (its text as written, its "by" date as the due date), speakers attendees; the nick → person table is
    remembered on the people's profiles.

    Importing never duplicates: the same log again is refused, and a changed log adds only what the
    minutes do not hold yet (a decision, action item, note or attendee already there is left alone).
    """
    authorise(by, can_manage_meetings, PREPARES_MEETINGS)
    ensure_draft(meeting.pk, "the import would change them")
    minutes = _minutes_for(meeting, by)
    if minutes.source_log and _log_lines(minutes.source_log) == _log_lines(source):
        raise ValidationError("This log is already imported into these minutes; nothing was added twice.")
    topic_items = _import_topics(meeting, parsed)
    _import_decisions(meeting, parsed, topic_items, by)
    _import_actions(meeting, parsed, topic_items, by)
    _import_attendees(meeting, parsed, by)
    _remember_nicks(parsed, by)
    minutes.refresh_from_db()
    if not minutes.summary.strip():
        minutes.summary = _summary(parsed)
    minutes.source_log = source
    minutes.save(update_fields=["source_log", "summary"])
    return minutes


def _import_topics(meeting: Meeting, parsed: ParsedLog) -> list[AgendaItem]:
    """Each topic's agenda item (the one of the same title, else a new one at the end), its #info lines
    added to the discussion; the items in the order of the topics."""
    items = {item.title.strip().lower(): item for item in meeting.agenda_items.all()}
    position = max((i.position for i in items.values()), default=0)
    topic_items: list[AgendaItem] = []
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
    return topic_items


def _import_decisions(meeting: Meeting, parsed: ParsedLog, topic_items: list[AgendaItem], by: User) -> None:
    """Each #agreed line the minutes do not hold yet, under its topic's item."""
    decided = set(meeting.decisions.values_list("text", flat=True))
    for decision in parsed.decisions:
        if decision.text.strip() in decided:
            continue
        item = topic_items[decision.topic] if decision.topic is not None else None
        decision_add(meeting=meeting, text=decision.text, agenda_item=item, by=by)
        decided.add(decision.text.strip())


def _import_actions(meeting: Meeting, parsed: ParsedLog, topic_items: list[AgendaItem], by: User) -> None:
    """One action item per owner of each #action line (unassigned when it names nobody), its text as
    written and its due date, unless the minutes hold the same text for the same owner."""
    held = set(meeting.action_items.values_list("text", "owner_id", "owner_name"))
    for action in parsed.actions:
        item = topic_items[action.topic] if action.topic is not None else None
        for user, nick in _action_owners(action):
            key = (action.text.strip(), user.pk if user else None, "" if user else nick)
            if key in held:
                continue
            action_item_add(
                meeting=meeting,
                text=action.text,
                owner=user,
                owner_name="" if user else nick,
                due_on=action.due_on,
                agenda_item=item,
                by=by,
            )
            held.add(key)


def _action_owners(action: Action) -> list[tuple[User | None, str]]:
    """The (person or None, nick) owners of an action; "Unassigned" when its text names nobody."""
    return [(action.users.get(nick), nick) for nick in action.owners] or [(None, UNASSIGNED)]


def _import_attendees(meeting: Meeting, parsed: ParsedLog, by: User) -> None:
    """Every speaker as an attendee: the matched person, else the nick as a guest's name."""
    for nick, user in parsed.attendees.items():
        try:
            attendance_add(meeting=meeting, user=user, name="" if user else nick, by=by)
        except ValidationError:
            continue  # already recorded (IRC nicks ignore case; a nick may be a recorded person's name)


def _summary(parsed: ParsedLog) -> str:
    """The summary of minutes that had none: the meeting's name and the notes made outside any topic."""
    notes = "\n".join(f"- {note.markdown()}" for note in parsed.untopical_notes)
    name = f" “{parsed.name}”" if parsed.name else ""
    return f"Recorded by the meeting bot{name}.\n\n{notes}".strip()


def _remember_nicks(parsed: ParsedLog, by: User) -> None:
    """Save each matched nick on its person's profile, unless they have one or another person holds it."""
    for nick, user in parsed.people.items():
        if user is None or user.irc_nick or User.objects.filter(irc_nick__iexact=nick).exists():
            continue
        try:
            user_set_irc_nick(user=user, nick=nick, by=by)
        except ValidationError:
            continue  # a nick the profile cannot hold is simply not remembered
