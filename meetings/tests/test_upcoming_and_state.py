"""Upcoming means not yet ended, everywhere a list says so; a meeting's status reads alike in the list
and on its page (issue 24, "One truth per fact")."""

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting
from meetings.tests.factories import MinutesFactory, PublishedMeetingFactory
from meetings.views.public import home_summary


def _meeting(title: str, started_ago: timedelta, minutes: int) -> Meeting:
    now = timezone.now()
    return PublishedMeetingFactory(
        title=title,
        starts_at=now - started_ago,
        duration_minutes=minutes,
        agenda_published_at=now - started_ago - timedelta(days=10),
    )


def test_a_meeting_that_ended_an_hour_ago_is_past_and_one_under_way_is_upcoming(db):
    ended = _meeting("Ended an hour ago", timedelta(hours=2), 60)
    under_way = _meeting("Under way", timedelta(minutes=30), 90)
    assert list(Meeting.objects.upcoming()) == [under_way]
    assert list(Meeting.objects.past()) == [ended]


def test_the_lists_and_the_home_page_leave_out_a_meeting_that_has_ended(client, rf, db):
    _meeting("Ended an hour ago", timedelta(hours=2), 60)
    _meeting("Next week meeting", -timedelta(days=7), 60)
    assert [m.title for m in home_summary(rf.get("/"))["upcoming"]] == ["Next week meeting"]
    html = client.get(reverse("meetings:index")).content.decode()
    upcoming, past = html.split('id="past"')
    assert "Ended an hour ago" not in upcoming and "Ended an hour ago" in past
    assert "Next week meeting" in upcoming


def test_the_list_and_the_meeting_page_say_the_same_status(client, db):
    held = _meeting("Held meeting", timedelta(days=3), 60)
    held.status = Meeting.Status.HELD
    held.save()
    MinutesFactory(meeting=held, published_at=timezone.now() - timedelta(days=1))
    pending = _meeting("Meeting without minutes", timedelta(days=2), 60)
    listing = client.get(reverse("meetings:index")).content.decode()
    for meeting, label in ((held, "Held, minutes published"), (pending, "Held, minutes pending")):
        page = client.get(meeting.get_absolute_url()).content.decode()
        assert f'data-testid="meeting-state">{label}<' in page
        row = listing[listing.index(meeting.title) :].split("</tr>")[0]
        assert f'data-testid="meeting-state">{label}<' in row
    assert ">Minutes<" not in listing


SQLITE_SCRIPT = """
import django
django.setup()
from datetime import timedelta
from django.db import connection
from django.utils import timezone
from meetings.models import Meeting

with connection.schema_editor() as editor:
    editor.create_model(Meeting)
connection.disable_constraint_checking()
now = timezone.now()
Meeting.objects.bulk_create([
    Meeting(kind="general", title="ended", starts_at=now - timedelta(hours=2), duration_minutes=60),
    Meeting(kind="general", title="under way", starts_at=now - timedelta(minutes=30), duration_minutes=90),
    Meeting(kind="general", title="next", starts_at=now + timedelta(days=1), duration_minutes=60),
])
print([m.title for m in Meeting.objects.upcoming()], [m.title for m in Meeting.objects.past()])
"""


def test_upcoming_and_past_work_on_sqlite_as_make_run_uses_it(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'portal.sqlite3'}",
        "REDIS_URL": "",
        "DJANGO_SETTINGS_MODULE": "lcoo_portal.settings",
        "PYTHONPATH": str(Path(settings.BASE_DIR)),
    }
    result = subprocess.run(
        [sys.executable, "-c", SQLITE_SCRIPT], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['under way', 'next'] ['ended']"
