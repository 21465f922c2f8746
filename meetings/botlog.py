"""Read a plain-text log of OpenStack's meeting bot (MeetBot) into structured minutes, as the bot does.

Lines look like `14:02:11 <jamemcc> #topic Finalize member joining procedure` (the bot's `.log.txt`: a
time, optionally with a date or in brackets, then the speaker). What MeetBot does, this does:

- `#startmeeting` opens the meeting; its speaker is the first chair, `#chair`/`#unchair` change the chairs;
  `#topic`, `#agreed` (`#accepted`, `#rejected`), `#undo` and `#endmeeting` are the chairs' and anyone
  else's are ignored by the bot (listed back here);
- `#info`, `#idea`, `#link` and `#help` are notes of the current topic; `#link URL description` (or
  `#link description URL`) is a link with its description (only http(s) addresses become links);
- `#action` is owned by every known nick its text names (the meeting's speakers, `#chair`ed and `#nick`ed
  nicks, and nicks saved on people's profiles), by every attendee when it says "everyone" (or starts with "all"), and is
  "unassigned" when it names nobody; its text is kept as written, and "by 2026-12-20" in it is its due
  date; `#undo` removes the last item recorded;
- the bot itself (its lines "Meeting started …", and any nick ending in `bot`) is never an attendee.

Anything else that looks like a command, or a command without its text, is listed back as malformed,
never dropped silently. Text is kept as typed: HTML-looking text is text.
"""

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from django.core.exceptions import ValidationError

from kernel.validation import validate_year_in_range
from members.models import User

LINE = re.compile(
    r"^\s*\[?(?:(?P<date>\d{4}-\d{2}-\d{2})[T ])?(?P<time>\d{1,2}:\d{2}(?::\d{2})?)"
    r"(?P<offset>Z|[+-]\d{2}:?\d{2})?\]?\s+"
    r"<(?P<nick>[^>\s]+)>\s?(?P<text>.*)$"
)
# A log whose #startmeeting is further than this from the meeting's start is probably another meeting's.
START_TOLERANCE = timedelta(hours=3)
COMMAND = re.compile(r"^#(?P<name>\w+)\b[ \t]*(?P<rest>.*)$", re.IGNORECASE)
IGNORED = {
    "meetingname", "meetingtopic", "save", "lurk", "unlurk", "restrictlogs", "commands",
    "startvote", "vote", "endvote", "showvote",
}  # fmt: skip
CHAIRS_ONLY = {"topic", "agreed", "agree", "accepted", "accept", "rejected", "undo", "endmeeting", "chair", "unchair"}
NOTE_COMMANDS = {"info": "", "idea": "Idea: ", "link": "", "help": "Help wanted: ", "halp": "Help wanted: "}
DECISION_COMMANDS = {
    "agreed": "",
    "agree": "",
    "accepted": "Accepted: ",
    "accept": "Accepted: ",
    "rejected": "Rejected: ",
}
# What the bot says in the channel: whoever says it is the bot.
BOT_SAYS = (
    "Meeting started ",
    "Meeting ended ",
    "Useful Commands:",
    "The meeting name has been set to",
    "Current chairs:",
    "Removing item from minutes:",
    "Minutes:",
    "Minutes (text):",
    "Log:",
)
# Only http(s) addresses become links in the minutes; any other scheme stays text.
URL = re.compile(r"https?://[^\s<>\"]+", re.IGNORECASE)
WHOLE_URL = re.compile(r"^https?://[^\s<>\"]+$", re.IGNORECASE)
UNASSIGNED = "Unassigned"
# An action every attendee owns: "everyone" (or "everybody") as a word of its text, or "all" where the owner
# stands, its first word ("all: read the charter"); "review all use cases" is an ordinary sentence.
EVERYONE = re.compile(r"(?<![\w\-])(?:everyone|everybody)(?![\w\-])|^\s*all(?![\w\-])", re.IGNORECASE)
# The due date written in an action: "by 2026-12-20".
DUE_ON = re.compile(r"(?<!\w)by\s+(\d{4}-\d{2}-\d{2})(?!\w)", re.IGNORECASE)


def is_bot_nick(nick: str) -> bool:
    return nick.lower().endswith("bot")


def _markdown_text(text: str) -> str:
    """Text as typed, safe in Markdown: HTML-looking text shows as text, emphasis marks as marks."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"([\\`*_\[\]])", r"\\\1", text)


def _href(url: str) -> str:
    return url.replace("(", "%28").replace(")", "%29").replace(" ", "%20")


def note_markdown(note: str) -> str:
    """A note in Markdown: its http(s) URLs as links (the URL kept whole, no angle brackets), the rest as text."""
    parts, last = [], 0
    for match in URL.finditer(note):
        url = match.group(0).rstrip(".,;)")
        end = match.start() + len(url)
        parts.append(_markdown_text(note[last : match.start()]))
        parts.append(f"[{_markdown_text(url)}]({_href(url)})")
        last = end
    parts.append(_markdown_text(note[last:]))
    return "".join(parts)


@dataclass
class Note:
    """A note as typed (with its command's prefix, "Idea: "); a #link's address and description when the
    address opens or closes the line, as MeetBot reads `#link URL description`."""

    text: str
    url: str = ""
    description: str = ""

    def __str__(self) -> str:
        return self.text

    def markdown(self) -> str:
        """A #link as a link whose text is its description (the address when it has none); else the note."""
        if self.url:
            return f"[{_markdown_text(self.description or self.url)}]({_href(self.url)})"
        return note_markdown(self.text)


def link_note(text: str) -> Note:
    """`#link https://… the description` or `#link the description https://…`: a link with its description;
    an address elsewhere in the line, or none of http(s), leaves the note as typed."""
    first, _, after = text.partition(" ")
    if WHOLE_URL.match(first):
        return Note(text, url=first, description=after.strip())
    before, _, last = text.rpartition(" ")
    if before and WHOLE_URL.match(last.rstrip(".,;")):
        return Note(text, url=last.rstrip(".,;"), description=before.strip())
    return Note(text)


@dataclass
class Topic:
    title: str
    notes: list[Note] = field(default_factory=list)

    def discussion_markdown(self) -> str:
        return "\n".join(f"- {note.markdown()}" for note in self.notes)


@dataclass
class Decision:
    text: str
    topic: int | None


@dataclass
class Action:
    raw: str  # as typed after #action: the action item's text
    topic: int | None
    owners: list[str] = field(default_factory=list)  # its owners' nicks (see `assign_owners`)
    users: dict[str, User | None] = field(default_factory=dict)
    due_on: date | None = None  # "by 2026-12-20" in its text
    everyone: bool = False  # "everyone" or "all" in its text: every attendee owns it

    @property
    def text(self) -> str:
        """The action as written: MeetBot keeps the text whole, owners' nicks and date included."""
        return self.raw

    @property
    def owner_label(self) -> str:
        return ", ".join(self.owners) or UNASSIGNED


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
    topics: list[Topic] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    attendees: dict[str, User | None] = field(default_factory=dict)
    chairs: list[str] = field(default_factory=list)
    known_nicks: list[str] = field(default_factory=list)  # speakers, #chair and #nick: owners of actions
    bots: list[str] = field(default_factory=list)
    malformed: list[Malformed] = field(default_factory=list)
    untopical_notes: list[Note] = field(default_factory=list)
    undone: list[str] = field(default_factory=list)
    people: dict[str, User | None] = field(default_factory=dict)  # the nick → person table

    @property
    def is_empty(self) -> bool:
        return not (self.topics or self.decisions or self.actions)

    @property
    def nicks(self) -> list[str]:
        """Every nick the minutes credit: attendees, then owners who did not speak."""
        nicks = list(self.attendees)
        for action in self.actions:
            nicks += [n for n in action.owners if n not in nicks]
        return nicks

    @property
    def nick_rows(self) -> list[tuple[str, User | None, str]]:
        """The nick → person table: each nick, its person (or None: a guest) and what the minutes credit."""
        rows = []
        for nick, user in self.people.items():
            roles = ["attendee"] if nick in self.attendees else []
            owned = sum(nick in action.owners for action in self.actions)
            if owned:
                roles.append(f"owner of {owned} action item{'s' if owned > 1 else ''}")
            rows.append((nick, user, ", ".join(roles)))
        return rows


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


def _bot_nicks(lines: list[str]) -> set[str]:
    bots = set()
    for line in lines:
        match = LINE.match(line)
        if match and (is_bot_nick(match["nick"]) or match["text"].strip().startswith(BOT_SAYS)):
            bots.add(match["nick"])
    return bots


def _nick_pattern(nick: str) -> re.Pattern:
    return re.compile(r"(?<![\w\-\[\]\\`^{|}])" + re.escape(nick) + r"(?![\w\-\[\]\\`^{|}])", re.IGNORECASE)


def action_owners(text: str, nicks: list[str]) -> list[str]:
    """The known nicks the text names (case-insensitive, whole nicks), in the order they appear."""
    found = []
    for nick in nicks:
        match = _nick_pattern(nick).search(text)
        if match:
            found.append((match.start(), nick))
    return [nick for _, nick in sorted(found)]


def parse_log(text: str) -> ParsedLog:
    """Parse the log; nicks are not matched to people yet (see `match_people`)."""
    lines = text.splitlines()
    reader = _LogReader(_bot_nicks(lines))
    for number, raw in enumerate(lines, start=1):
        reader.read_line(number, raw.rstrip())
    return reader.finish()


class _LogReader:
    """One pass over a log, line by line, as the bot reads the channel: the meeting's state between lines
    (open or not, its chairs, the items recorded in order for #undo) and what each command does."""

    def __init__(self, bots: set[str]) -> None:
        self.bots = bots
        self.parsed = ParsedLog(bots=sorted(bots))
        self.in_meeting = False
        self.recorded: list[tuple[str, object]] = []  # every item in the order recorded, for #undo
        self.known: list[str] = []

    def finish(self) -> ParsedLog:
        """The parsed log, once every line is read: a meeting never ended is flagged, actions get owners."""
        if self.in_meeting:
            self.parsed.malformed.append(Malformed(0, "", "no #endmeeting: the log may be cut short"))
        self.parsed.known_nicks = self.known
        assign_owners(self.parsed, self.known)
        return self.parsed

    def read_line(self, number: int, line: str) -> None:
        """One line: who said it (a speaker in the meeting attends), then the command it carries, if any."""
        if not line.strip():
            return
        match = LINE.match(line)
        if not match:
            self.malformed(number, line, "not a “time <nick> text” line")
            return
        nick, said = match["nick"], match["text"].strip()
        if nick in self.bots:
            return
        if self.in_meeting and nick not in self.parsed.attendees:
            self.parsed.attendees[nick] = None
            self.know(nick)
        command = COMMAND.match(said)
        if command:
            self.read_command(number, line, match, nick, command["name"].lower(), command["rest"].strip())
        elif said.startswith("#") and len(said) > 1 and not said[1].isspace():
            self.malformed(number, line, "not a meeting-bot command")
        elif said == "#":
            self.malformed(number, line, "a command without a name")

    def read_command(self, number: int, line: str, match: re.Match, nick: str, name: str, rest: str) -> None:
        """A command: whether the bot takes it (inside the meeting, from a chair where it must), then its effect."""
        if name == "startmeeting":
            self.start(number, line, match, nick, rest)
        elif not self.in_meeting:
            self.malformed(number, line, "a command outside #startmeeting … #endmeeting")
        elif name in CHAIRS_ONLY and nick not in self.parsed.chairs:
            self.malformed(number, line, f"#{name} by {nick}, who is not a chair: the bot ignored it")
        elif name == "endmeeting":
            self.in_meeting = False
        elif name in IGNORED:
            pass
        elif name in ("chair", "unchair", "nick"):
            self.name_nicks(number, line, name, rest)
        elif name == "undo":
            self.undo(number, line)
        elif not rest:
            self.malformed(number, line, f"#{name} needs some text")
        else:
            self.record(number, line, name, rest)

    def start(self, number: int, line: str, match: re.Match, nick: str, rest: str) -> None:
        """#startmeeting opens the meeting (once): its speaker is the first chair."""
        if self.in_meeting:
            self.malformed(number, line, "a second #startmeeting: the bot ignored it")
            return
        self.in_meeting = True
        self.parsed.name, self.parsed.started = rest, match["time"]
        self.parsed.started_at = _timestamp(match)
        self.parsed.chairs = [nick]
        self.parsed.attendees.setdefault(nick, None)
        self.know(nick)

    def name_nicks(self, number: int, line: str, name: str, rest: str) -> None:
        """#chair and #nick make nicks known (#chair also a chair); #unchair removes a chair but the first."""
        nicks = [n for n in re.split(r"[, ]+", rest) if n]
        if not nicks:
            self.malformed(number, line, f"#{name} needs one or more nicks")
        for other in nicks:
            if name == "unchair":
                if other in self.parsed.chairs[1:]:
                    self.parsed.chairs.remove(other)
                continue
            self.know(other)
            if name == "chair" and other not in self.parsed.chairs and other not in self.bots:
                self.parsed.chairs.append(other)

    def undo(self, number: int, line: str) -> None:
        """#undo removes the last item recorded."""
        if not self.recorded:
            self.malformed(number, line, "#undo with nothing recorded to remove")
            return
        kind, item = self.recorded.pop()
        _undo(self.parsed, kind, item)

    def record(self, number: int, line: str, name: str, rest: str) -> None:
        """A topic, a note of the current topic, a decision or an action, kept in the order recorded."""
        parsed = self.parsed
        if name == "topic":
            topic = Topic(title=rest)
            parsed.topics.append(topic)
            self.recorded.append(("topic", topic))
        elif name in NOTE_COMMANDS:
            if name == "link" and not URL.search(rest):
                self.malformed(number, line, "#link without an http(s) address (kept as a note)")
            notes = parsed.topics[-1].notes if parsed.topics else parsed.untopical_notes
            notes.append(link_note(rest) if name == "link" else Note(NOTE_COMMANDS[name] + rest))
            self.recorded.append(("note", (notes, len(notes) - 1)))
        elif name in DECISION_COMMANDS:
            decision = Decision(text=DECISION_COMMANDS[name] + rest, topic=_current(parsed))
            parsed.decisions.append(decision)
            self.recorded.append(("decision", decision))
        elif name == "action":
            action = Action(raw=rest, topic=_current(parsed), due_on=self.due_on(number, line, rest))
            action.everyone = bool(EVERYONE.search(rest))
            parsed.actions.append(action)
            self.recorded.append(("action", action))
        else:
            self.malformed(number, line, f"#{name} is not a meeting-bot command")

    def due_on(self, number: int, line: str, text: str) -> date | None:
        """The date written "by 2026-12-20" in an action; one that is no date is listed back and left out."""
        match = DUE_ON.search(text)
        if not match:
            return None
        try:
            due = date.fromisoformat(match[1])
            validate_year_in_range(due)
        except (ValueError, ValidationError):
            self.malformed(number, line, f"“by {match[1]}” is not a date: the action item has no due date")
            return None
        return due

    def know(self, nick: str) -> None:
        """A nick that may own actions (a speaker, a #chair or #nick), once, whatever its case."""
        if nick not in self.bots and not any(k.lower() == nick.lower() for k in self.known):
            self.known.append(nick)

    def malformed(self, number: int, line: str, reason: str) -> None:
        self.parsed.malformed.append(Malformed(number, line, reason))


def _current(parsed: ParsedLog) -> int | None:
    return len(parsed.topics) - 1 if parsed.topics else None


def _undo(parsed: ParsedLog, kind: str, item: Topic | tuple[list[Note], int] | Decision | Action) -> None:
    if kind == "topic":
        parsed.topics.remove(item)
        parsed.undone.append(f"topic “{item.title}”")
    elif kind == "note":
        notes, index = item
        parsed.undone.append(f"note “{notes.pop(index)}”")
    elif kind == "decision":
        parsed.decisions.remove(item)
        parsed.undone.append(f"decision “{item.text}”")
    else:
        parsed.actions.remove(item)
        parsed.undone.append(f"action “{item.raw}”")


def assign_owners(parsed: ParsedLog, nicks: list[str]) -> None:
    """Each action's owners, as MeetBot lists actions by person: every nick of `nicks` its text names, and
    every attendee when it says "everyone" or "all" (the attendees first, then other nicks named)."""
    for action in parsed.actions:
        named = action_owners(action.raw, nicks)
        if action.everyone:
            attendees = list(parsed.attendees)
            named = attendees + [nick for nick in named if nick not in attendees]
        action.owners = named


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


def match_people(parsed: ParsedLog, users: list[User], chosen: dict[str, User | None] | None = None) -> ParsedLog:
    """Fill the nick → person table: a choice made in the preview first, then the nick saved on a
    person's profile, then a guess from names and e-mail addresses when exactly one person fits.

    Nicks saved on profiles are known nicks too: an action naming one is owned by that person."""
    chosen = chosen or {}
    by_nick = {u.irc_nick.lower(): u for u in users if u.irc_nick}
    known = {k.lower() for k in parsed.known_nicks}
    saved = [
        u.irc_nick for u in users if u.irc_nick and u.irc_nick.lower() not in known and u.irc_nick not in parsed.bots
    ]
    assign_owners(parsed, parsed.known_nicks + saved)
    index: dict[str, list[User]] = {}
    for user in users:
        for key in _keys(user):
            index.setdefault(key, []).append(user)

    def find(nick: str) -> User | None:
        if nick in chosen:
            return chosen[nick]
        if nick.lower() in by_nick:
            return by_nick[nick.lower()]
        candidates = index.get(nick.lower().lstrip("@").rstrip("_"), [])
        return candidates[0] if len(candidates) == 1 else None

    parsed.people = {nick: find(nick) for nick in parsed.nicks}
    parsed.attendees = {nick: parsed.people[nick] for nick in parsed.attendees}
    for action in parsed.actions:
        action.users = {nick: parsed.people[nick] for nick in action.owners}
    return parsed
