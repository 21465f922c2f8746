"""One date format everywhere (issue 24): what people read is written by kernel/templatetags/portal_time.py,
never by a `|date:` or `strftime` of its own; relative times are for recent history only."""

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from governance.forms import CharterDiffForm, MeetingChoiceField
from kernel.templatetags.portal_time import ago
from meetings.models import Meeting

# machine-facing text: an export's ISO dates, a month's name in the re-alignment reminder
ALLOWED = {
    "templates/meetings/exports/minutes.md",
    "templates/emails/realignment_reminder_subject.txt",
    "templates/emails/realignment_reminder.txt",
    "templates/emails/realignment_reminder.html",
}


def test_no_template_writes_a_date_of_its_own():
    base = Path(settings.BASE_DIR)
    found = [
        f"{path.relative_to(base)}: {match}"
        for path in sorted((base / "templates").rglob("*"))
        if path.is_file() and str(path.relative_to(base)) not in ALLOWED
        for match in re.findall(r"\|date:\S+", path.read_text())
    ]
    assert found == []


def test_a_meeting_choice_and_a_charter_version_read_like_every_other_date(db):
    meeting = Meeting(title="General meeting", starts_at=datetime(2027, 3, 4, 15, tzinfo=UTC), duration_minutes=60)
    with timezone.override("UTC"):
        assert MeetingChoiceField(Meeting.objects.none()).label_from_instance(meeting) == (
            "Thu 4 Mar 2027, 15:00 UTC: General meeting"
        )
    version = type("V", (), {"number": 3, "effective_on": date(2016, 9, 22), "change_summary": "Criteria"})()
    form = CharterDiffForm(versions=[version])
    assert form.fields["a"].choices == [(3, "Version 3 — Thu 22 Sep 2016: Criteria")]


def test_relative_time_is_for_recent_history_and_always_has_the_exact_time_on_hover():
    with timezone.override("UTC"):
        recent = ago(timezone.now() - timedelta(days=3))
        old = ago(datetime(2016, 9, 22, 14, tzinfo=UTC))
    assert "3\xa0days ago" in recent and 'title="' in recent
    assert ">Thu 22 Sep 2016<" in old and 'title="Thu 22 Sep 2016, 14:00 UTC"' in old and "ago" not in old
