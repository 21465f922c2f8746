"""Saving a meeting-bot log: the nick table remembered, nothing duplicated, the file uploaded."""

from datetime import UTC, datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meetings.botlog import match_people, parse_log
from meetings.services.log_import import minutes_import
from meetings.tests.factories import MeetingFactory
from meetings.tests.test_botlog import LOG
from members.models import User
from members.tests.factories import UserFactory

CLEAN_LOG = """\
14:00:02 <jamemcc> #startmeeting lcoo
14:00:02 <openstack> Meeting started Thu Sep 22 14:00:02 2016 UTC and is due to finish in 60 minutes.
14:00:05 <jamemcc> #info before any topic: welcome
14:01:05 <jamemcc> #topic Finalize Member Joining Procedure
14:03:40 <smizuno> #info new companies come to a general meeting first
14:05:12 <jamemcc> #agreed Each new company introduces itself at a general meeting
14:06:30 <jamemcc> #action smizuno and jamemcc write the joining procedure
14:59:58 <jamemcc> #endmeeting
"""


@pytest.fixture
def meeting(db):
    return MeetingFactory(starts_at=datetime(2016, 9, 22, 14, tzinfo=UTC))


def _import(meeting, log, by, users=None, chosen=None):
    parsed = match_people(parse_log(log), users if users is not None else list(User.objects.all()), chosen)
    return minutes_import(meeting=meeting, parsed=parsed, source=log, by=by)


def test_info_lines_land_in_their_topic_and_notes_before_any_topic_in_the_summary(meeting, secretariat):
    minutes = _import(meeting, CLEAN_LOG, secretariat)
    item = meeting.agenda_items.get()
    assert item.discussion == "- new companies come to a general meeting first"
    assert "before any topic: welcome" in minutes.summary and "lcoo" in minutes.summary
    assert meeting.decisions.get().text == "Each new company introduces itself at a general meeting"
    assert [a.owner_name for a in meeting.action_items.all()] == ["smizuno", "jamemcc"]


def test_importing_the_same_log_twice_is_refused_and_nothing_is_duplicated(meeting, secretariat):
    _import(meeting, CLEAN_LOG, secretariat)
    with pytest.raises(ValidationError, match="already imported"):
        _import(meeting, CLEAN_LOG + "\n", secretariat)
    changed = CLEAN_LOG.replace("14:59:58", "14:40:00 <jamemcc> #agreed A second decision\n14:59:58")
    _import(meeting, changed, secretariat)
    assert list(meeting.decisions.values_list("text", flat=True)) == [
        "Each new company introduces itself at a general meeting",
        "A second decision",
    ]
    assert meeting.action_items.count() == 2 and meeting.attendances.count() == 2
    assert meeting.agenda_items.get().discussion.count("new companies") == 1


def test_the_nick_table_is_remembered_on_profiles_and_credits_the_company_next_time(meeting, secretariat):
    shintaro = UserFactory(display_name="Shintaro Mizuno", email="coordinator.ntt@example.org")
    _import(meeting, CLEAN_LOG, secretariat, chosen={"smizuno": shintaro})
    shintaro.refresh_from_db()
    assert shintaro.irc_nick == "smizuno"
    assert meeting.attendances.filter(user=shintaro).exists()
    assert meeting.action_items.filter(owner=shintaro).exists()
    parsed = match_people(parse_log(CLEAN_LOG), list(User.objects.all()))
    assert parsed.attendees["smizuno"] == shintaro


def test_the_import_page_takes_a_file_and_a_nick_table_choice(client_for, secretariat, meeting):
    shintaro = UserFactory(display_name="Shintaro Mizuno")
    url = reverse("meetings:minutes-import", args=[meeting.pk])
    client = client_for(secretariat)
    upload = SimpleUploadedFile("lcoo.2016-09-22-14.00.log.txt", CLEAN_LOG.encode())
    preview = client.post(url, {"log_file": upload, "preview": "1"}).content.decode()
    assert "Who is who" in preview and 'name="person__smizuno"' in preview
    assert "Finalize Member Joining Procedure" in preview
    assert "14:00:02 &lt;jamemcc&gt; #startmeeting lcoo" in preview  # the log carried on as text
    response = client.post(url, {"log": CLEAN_LOG, "save": "1", "person__smizuno": str(shintaro.pk)})
    assert response.status_code == 302
    shintaro.refresh_from_db()
    assert shintaro.irc_nick == "smizuno" and meeting.attendances.filter(user=shintaro).exists()
    again = client.post(url, {"log": CLEAN_LOG, "save": "1"}).content.decode()
    assert "already imported" in again


def test_a_file_that_is_not_text_is_refused_with_a_message(client_for, secretariat, meeting):
    url = reverse("meetings:minutes-import", args=[meeting.pk])
    upload = SimpleUploadedFile("log.txt", b"\xff\xfe\x00bad")
    html = client_for(secretariat).post(url, {"log_file": upload, "save": "1"}).content.decode()
    assert "not UTF-8 text" in html and not meeting.decisions.exists()


def test_the_import_page_is_the_secretariats(client_for, member_user, meeting):
    url = reverse("meetings:minutes-import", args=[meeting.pk])
    assert client_for(member_user).post(url, {"log": CLEAN_LOG, "save": "1"}).status_code == 403
    assert not meeting.decisions.exists()


def test_the_several_owners_of_an_action_each_get_it(meeting, secretariat):
    _import(meeting, LOG, secretariat, users=[])
    owners = list(meeting.action_items.filter(text__contains="schedule").values_list("owner_name", flat=True))
    assert owners == ["andyu", "smizuno", "Üţáhraptõr"]
    assert not meeting.attendances.filter(name__in=["openstack", "zuulbot"]).exists()
