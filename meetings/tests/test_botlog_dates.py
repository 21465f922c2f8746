"""The meeting-bot log's #startmeeting time is checked against the meeting's start: a warning, never a refusal."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from meetings.botlog import parse_log, start_warning
from meetings.tests.factories import MeetingFactory

MEETING = datetime(2016, 9, 22, 14, 0, tzinfo=UTC)


def log(start: str) -> str:
    lines = ["#startmeeting lcoo", "#agreed Charter adopted", "#endmeeting"]
    return "".join(f"{start} <jamemcc> {line}\n" for line in lines)


@pytest.mark.parametrize(
    "start,expected",
    [
        ("2016-09-22T14:00:02", datetime(2016, 9, 22, 14, 0, 2, tzinfo=UTC)),
        ("[2016-09-22 9:05:00]", datetime(2016, 9, 22, 9, 5, tzinfo=UTC)),
        ("2016-09-22T16:00:00+02:00", datetime(2016, 9, 22, 14, 0, tzinfo=UTC)),
        ("2016-09-22T19:30+0530", datetime(2016, 9, 22, 14, 0, tzinfo=UTC)),
        ("14:00:02", None),
    ],
)
def test_the_start_is_read_from_a_dated_startmeeting_line(start, expected):
    assert parse_log(log(start)).started_at == expected


@pytest.mark.parametrize("start", ["2016-09-22T14:00:02", "2016-09-22T16:30+02:00", "14:02", "16:30:00", "[11:30]"])
def test_a_log_of_the_meeting_day_and_hour_gives_no_warning(start):
    assert start_warning(parse_log(log(start)), MEETING) == ""


def test_a_log_of_another_day_is_warned_about_with_both_dates():
    warning = start_warning(parse_log(log("2016-09-29T14:00:02")), MEETING)
    assert warning == (
        "The log's #startmeeting is at 2016-09-29 14:00 UTC, but this meeting started 2016-09-22 14:00 UTC: "
        "check that it is this meeting's log."
    )


def test_an_undated_log_far_from_the_meeting_hour_is_warned_about():
    assert "is at 02:00 (UTC)" in start_warning(parse_log(log("02:00")), MEETING)


def test_an_undated_log_just_across_midnight_is_not_warned_about():
    late = datetime(2016, 9, 22, 23, 30, tzinfo=UTC)
    assert start_warning(parse_log(log("00:15")), late) == ""


def test_a_log_without_startmeeting_gives_no_date_warning():
    assert start_warning(parse_log("14:00 <a> hello\n"), MEETING) == ""


def test_the_import_page_warns_in_the_preview_and_after_saving_but_saves(client_for, secretariat):
    meeting = MeetingFactory(starts_at=MEETING, agenda_published_at=MEETING)
    url = reverse("meetings:minutes-import", args=[meeting.pk])
    client = client_for(secretariat)
    preview = client.post(url, {"log": log("2016-09-29T14:00:02"), "preview": "1"}).content.decode()
    assert 'data-testid="start-warning"' in preview and "2016-09-29 14:00 UTC" in preview
    response = client.post(url, {"log": log("2016-09-29T14:00:02"), "save": "1"}, follow=True)
    html = response.content.decode()
    assert "Imported into the draft minutes." in html and "check that it is this meeting&#x27;s log" in html
    assert meeting.decisions.get().text == "Charter adopted"


def test_the_import_page_says_nothing_about_dates_for_the_right_log(client_for, secretariat):
    meeting = MeetingFactory(starts_at=MEETING, agenda_published_at=MEETING)
    url = reverse("meetings:minutes-import", args=[meeting.pk])
    preview = client_for(secretariat).post(url, {"log": log("2016-09-22T14:00:02"), "preview": "1"})
    assert 'data-testid="start-warning"' not in preview.content.decode()
