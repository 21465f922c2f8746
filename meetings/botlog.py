"""Read a plain-text log in the style of OpenStack's meeting bot into structured minutes.

Lines look like `14:02:11 <jamemcc> #topic Finalize member joining procedure` (a timestamp, optionally
with a date or in brackets, then the speaker). Commands: #startmeeting, #topic, #info, #idea, #agreed,
#action <owner> <text>, #link, #endmeeting; #chair, #undo and #help are understood and ignored.
Anything else that is not ordinary talk is listed back as malformed, never dropped silently.
"""

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta

from members.models import User

LINE = re.compile(
    r"^\s*\[?(?:(?P<date>\d{4}-\d{2}-\d{2})[T ])?(?P<time>\d{1,2}:\d{2}(?::\d{2})?)"
    r"(?P<offset>Z|[+-]\d{2}:?\d{2})?\]?\s+"
    r"<(?P<nick>[^>\s]+)>\s?(?P<text>.*)$"
)
# A log whose #startmeeting is further than this from the meeting's start is probably another meeting's.
START_TOLERANCE = timedelta(hours=3)
COMMAND = re.compile(r"^#(?P<name>[a-z]+)\b\s*(?P<rest>.*)$", re.IGNORECASE)
IGNORED = {"chair", "unchair", "undo", "help", "meetingname", "nick", "startvote", "vote", "endvote"}
NOTE_COMMANDS = {"info", "idea", "link"}


@dataclass
class Topic:
    title: str
    notes: list[str] = field(default_factory=list)

    def discussion_markdown(self) -> str:
        return "\n".join(f"- {note}" for note in self.notes)


@dataclass
class Decision:
    text: str
    topic: int | None


@dataclass
class Action:
    owner: str
    text: str
    topic: int | None
    user: User | None = None


@dataclass
class Malformed:
    number: int
    line: str
    reason: str


@dataclass
class ParsedLog:
    name: str = ""
    started: str = ""
    started_at: datetime | None = None  # when the #startmeeting line carries a date (UTC unless it says)
    ended: str = ""
    topics: list[Topic] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    attendees: dict[str, User | None] = field(default_factory=dict)
    malformed: list[Malformed] = field(default_factory=list)
    untopical_notes: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.topics or self.decisions or self.actions)


def _timestamp(match: re.Match) -> datetime | None:
    if not match["date"]:
        return None
    offset = match["offset"] or "Z"
    offset = "+00:00" if offset == "Z" else (offset if ":" in offset else f"{offset[:3]}:{offset[3:]}")
    try:
        hour, rest = match["time"].split(":", 1)
        return datetime.fromisoformat(f"{match['date']}T{int(hour):02d}:{rest}{offset}").astimezone(UTC)
    except ValueError:
        return None


def start_warning(parsed: ParsedLog, starts_at: datetime) -> str:
    """A warning (never a refusal) when the log's #startmeeting does not match the meeting's start:
    by date and time when the log is dated, by time of day (UTC, as the bot logs) when it is not."""
    starts_at = starts_at.astimezone(UTC)
    expected = f"{starts_at:%Y-%m-%d %H:%M} UTC"
    if parsed.started_at is not None:
        if abs(parsed.started_at - starts_at) > START_TOLERANCE:
            return (
                f"The log's #startmeeting is at {parsed.started_at:%Y-%m-%d %H:%M} UTC, but this meeting started "
                f"{expected}: check that it is this meeting's log."
            )
        return ""
    if not parsed.started:
        return ""
    hour, minute, *_ = (int(part) for part in parsed.started.split(":"))
    if not (0 <= hour < 24 and 0 <= minute < 60):
        return ""
    logged = datetime.combine(starts_at.date(), time(hour, minute), tzinfo=UTC)
    apart = min(abs(logged - starts_at + timedelta(days=d)) for d in (-1, 0, 1))
    if apart > START_TOLERANCE:
        return (
            f"The log's #startmeeting is at {parsed.started} (UTC), but this meeting started {expected}: "
            "check that it is this meeting's log."
        )
    return ""


def _current(parsed: ParsedLog) -> int | None:
    return len(parsed.topics) - 1 if parsed.topics else None


def parse_log(text: str) -> ParsedLog:
    """Parse the log; owners and speakers are not matched to users yet (see `match_people`)."""
    parsed = ParsedLog()
    in_meeting = False
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        if not line.strip():
            continue
        match = LINE.match(line)
        if not match:
            parsed.malformed.append(Malformed(number, line, "not a “time <nick> text” line"))
            continue
        nick, said = match["nick"], match["text"].strip()
        command = COMMAND.match(said)
        if in_meeting and nick not in parsed.attendees:
            parsed.attendees[nick] = None
        if not command:
            if said.startswith("#"):
                parsed.malformed.append(Malformed(number, line, "a command without a name"))
            continue
        name, rest = command["name"].lower(), command["rest"].strip()
        if name == "startmeeting":
            in_meeting, parsed.name, parsed.started = True, rest, match["time"]
            parsed.started_at = _timestamp(match)
            parsed.attendees.setdefault(nick, None)
        elif name == "endmeeting":
            in_meeting, parsed.ended = False, match["time"]
        elif not in_meeting:
            parsed.malformed.append(Malformed(number, line, "a command outside #startmeeting … #endmeeting"))
        elif name in IGNORED:
            continue
        elif not rest:
            parsed.malformed.append(Malformed(number, line, f"#{name} needs some text"))
        elif name == "topic":
            parsed.topics.append(Topic(title=rest))
        elif name in NOTE_COMMANDS:
            note = f"<{rest}>" if name == "link" and re.match(r"^https?://\S+$", rest) else rest
            if parsed.topics:
                parsed.topics[-1].notes.append(note)
            else:
                parsed.untopical_notes.append(note)
        elif name == "agreed":
            parsed.decisions.append(Decision(text=rest, topic=_current(parsed)))
        elif name == "action":
            owner, _, task = rest.partition(" ")
            if not task.strip():
                parsed.malformed.append(Malformed(number, line, "#action needs an owner and a task"))
            else:
                parsed.actions.append(Action(owner=owner.strip(",:"), text=task.strip(), topic=_current(parsed)))
        else:
            parsed.malformed.append(Malformed(number, line, f"#{name} is not a meeting-bot command"))
    if in_meeting:
        parsed.malformed.append(Malformed(0, "", "no #endmeeting: the log may be cut short"))
    return parsed


def _keys(user: User) -> set[str]:
    local = user.email.split("@")[0].lower()
    name = (user.display_name or "").lower()
    keys = {local, local.replace(".", ""), name.replace(" ", "")}
    if name:
        first, *rest = name.split()
        keys.add(first)
        if rest:
            keys.add(first[0] + rest[-1])
            keys.add(first + rest[-1][0])
    return {k for k in keys if k}


def match_people(parsed: ParsedLog, users: list[User]) -> ParsedLog:
    """Match nicks (speakers and action owners) to users when exactly one user fits."""
    index: dict[str, list[User]] = {}
    for user in users:
        for key in _keys(user):
            index.setdefault(key, []).append(user)

    def find(nick: str) -> User | None:
        candidates = index.get(nick.lower().lstrip("@"), [])
        return candidates[0] if len(candidates) == 1 else None

    parsed.attendees = {nick: find(nick) for nick in parsed.attendees}
    for action in parsed.actions:
        action.user = find(action.owner)
    return parsed
