"""Creating a meeting whose agenda can no longer be published with its kind's notice warns before it is
created (not only at publication), and creates it once the Secretariat accepts."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting

pytestmark = pytest.mark.django_db


def post(client, starts_in: timedelta, kind: str = "general", **extra):
    starts = timezone.now() + starts_in  # in UTC
    data = {
        "kind": kind,
        "title": "Planned",
        "starts_local": starts.strftime("%Y-%m-%dT%H:%M"),
        "time_zone": "UTC",
        **extra,
    }
    return client.post(reverse("meetings:create"), data)


def test_a_general_meeting_a_day_away_is_not_created_before_the_warning(client_for, secretariat, settings):
    # a general meeting's agenda is due 2 days ahead (meetings.kinds, from settings)
    settings.MEETING_KINDS = {
        **settings.MEETING_KINDS,
        "general": {**settings.MEETING_KINDS["general"], "agenda_days_ahead": 2},
    }
    response = post(client_for(secretariat), timedelta(days=1, hours=2))
    html = response.content.decode()
    assert response.status_code == 200 and 'data-testid="late-notice"' in html
    assert "agenda is due 2 days before it starts; this one starts in 1 day" in html
    assert "Create it anyway, with a late agenda" in html
    assert not Meeting.objects.exists()


def test_the_secretariat_creates_it_anyway_and_is_reminded(client_for, secretariat):
    client = client_for(secretariat)
    response = post(client, timedelta(hours=5), late_notice_seen="1")
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("meetings:agenda", args=[meeting.pk])
    page = client.get(response["Location"]).content.decode()
    assert "this one starts in less than a day, so its agenda will be late" in page


def test_the_kinds_notice_decides(client_for, secretariat, settings):
    """A team meeting's agenda is due a day ahead, a board meeting's a week: three days away is late for the board."""
    kinds = settings.MEETING_KINDS
    settings.MEETING_KINDS = {
        **kinds,
        "team": {**kinds["team"], "agenda_days_ahead": 1},
        "executive_board": {**kinds["executive_board"], "agenda_days_ahead": 7},
    }
    client = client_for(secretariat)
    assert post(client, timedelta(days=3), kind="team").status_code == 302
    board = post(client, timedelta(days=3), kind="executive_board")
    assert board.status_code == 200 and "due 7 days before it starts" in board.content.decode()
    assert Meeting.objects.count() == 1


def test_a_meeting_far_enough_ahead_is_created_without_a_warning(client_for, secretariat):
    response = post(client_for(secretariat), timedelta(days=30))
    assert response.status_code == 302 and Meeting.objects.count() == 1
