"""Past meetings from the meeting archive: a folder of meeting-bot logs (the `.log.txt` files the
OpenStack archive publishes, named `<meeting>.<YYYY-MM-DD-HH.MM>.log.txt`) becomes held meetings with
their draft minutes, in one preview.

Each log is one meeting of the kind chosen for the folder, starting when the file's name (or the log's
own #startmeeting line) says. A log already imported — the same lines stored as some meeting's source
log — is skipped, so importing a folder again adds only the new logs. A meeting is created through
`meeting_create`, its minutes through `minutes_import` (topics, decisions, action items, attendees),
and its agenda is published as a late record (public, announced to no one: the meeting is past). The
minutes stay a draft: the Secretariat reads them and publishes them from the meeting's page, which is
when subscribers are mailed.
"""

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from kernel.templatetags.portal_time import format_when
from meetings.botlog import ParsedLog, match_people, parse_log
from meetings.models import Kind, Meeting, Minutes
from meetings.permissions import can_manage_meetings
from meetings.services.agenda import agenda_publish
from meetings.services.log_import import minutes_import
from meetings.services.meeting import meeting_create
from members.models import User

# eavesdrop's file names: large_contributing_openstack_operators.2016-10-25-15.00.log.txt
ARCHIVE_NAME = re.compile(r"(?P<name>[^/]*?)\.(?P<y>\d{4})-(?P<m>\d\d)-(?P<d>\d\d)-(?P<H>\d\d)\.(?P<M>\d\d)\.log\.txt$")
MAX_LOGS = 100


@dataclass
class ArchiveLog:
    """One log of the folder and what importing it does."""

    filename: str
    text: str
    parsed: ParsedLog | None = None
    starts_at: datetime | None = None
    state: str = "new"  # new, imported (skipped), refused
    reason: str = ""
    meeting: Meeting | None = None

    @property
    def title(self) -> str:
        when = format_when(self.starts_at, "date") if self.starts_at else "date unknown"
        return f"{self.parsed.name or 'Meeting'}, {when}" if self.parsed else self.filename


def _lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.strip().splitlines() if line.strip()]


def _start(filename: str, parsed: ParsedLog) -> datetime | None:
    match = ARCHIVE_NAME.search(filename)
    if match:
        parts = {k: int(v) for k, v in match.groupdict().items() if k != "name"}
        return datetime(parts["y"], parts["m"], parts["d"], parts["H"], parts["M"], tzinfo=UTC)
    return parsed.started_at


def archive_preview(*, files: list[tuple[str, str]], by: User) -> list[ArchiveLog]:
    """What importing these (file name, text) logs does, log by log; changes nothing."""
    if not can_manage_meetings(by):
        raise PermissionDenied("Only the Secretariat imports meetings.")
    if len(files) > MAX_LOGS:
        raise ValidationError(f"{len(files)} logs: import at most {MAX_LOGS} at once.")
    people = list(User.objects.filter(is_active=True))
    logs = [ArchiveLog(filename=name, text=text) for name, text in sorted(files)]
    seen: dict[tuple[str, ...], str] = {}
    for log in logs:
        log.parsed = match_people(parse_log(log.text), people)
        log.starts_at = _start(log.filename, log.parsed)
        key = tuple(_lines(log.text))
        if log.parsed.is_empty:
            log.state, log.reason = "refused", "No #topic, #agreed or #action line: nothing to record."
        elif log.starts_at is None:
            log.state, log.reason = "refused", "Neither the file's name nor the log says when the meeting started."
        elif key in seen:
            log.state, log.reason = "imported", f"The same log as {seen[key]}."
        else:
            log.meeting = _imported_as(log)
            if log.meeting is not None:
                log.state, log.reason = "imported", f"Already imported as {log.meeting.title}."
        seen.setdefault(key, log.filename)
    return logs


def _imported_as(log: ArchiveLog) -> Meeting | None:
    """The meeting whose minutes hold this very log (compared line by line, on the day it started)."""
    lines = _lines(log.text)
    candidates = Minutes.objects.filter(meeting__starts_at__date=log.starts_at.date()).exclude(source_log="")
    for minutes in candidates.select_related("meeting"):
        if _lines(minutes.source_log) == lines:
            return minutes.meeting
    return None


@transaction.atomic
def archive_import(*, files: list[tuple[str, str]], kind: str, by: User) -> list[ArchiveLog]:
    """Import the new logs of the folder as held meetings of `kind` with draft minutes; the logs already
    imported are skipped. Refused logs refuse the whole folder (nothing is saved) unless there are none."""
    if kind not in Kind.values:
        raise ValidationError(f"“{kind}” is not a kind of meeting.")
    logs = archive_preview(files=files, by=by)
    refused = [log for log in logs if log.state == "refused"]
    if refused:
        raise ValidationError(f"{refused[0].filename}: {refused[0].reason} Remove it from the folder and import again.")
    for log in logs:
        if log.state != "new":
            continue
        title = f"{Kind(kind).label}, {log.starts_at:%-d %b %Y}"
        meeting = meeting_create(data={"kind": kind, "title": title, "starts_at": log.starts_at}, by=by)
        minutes_import(meeting=meeting, parsed=log.parsed, source=log.text, by=by)
        meeting.status = Meeting.Status.HELD
        meeting.save(update_fields=["status", "updated_at"])
        if meeting.agenda_items.exists():
            agenda_publish(meeting=meeting, by=by)  # a late record: public, announced to no one
        log.meeting, log.state = meeting, "created"
    return logs
