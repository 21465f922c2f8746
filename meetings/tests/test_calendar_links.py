"""Calendars people subscribe to, meetings they add, and the Atom feed, on PORTAL_BASE_URL."""

import shutil
import subprocess
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.services.meeting import meeting_cancel

BASE = "https://lcoo.example.org"


def test_subscribe_offers_webcal_https_google_and_outlook_for_all_and_each_kind(client, settings, db):
    settings.PORTAL_BASE_URL = BASE
    html = client.get(reverse("meetings:subscribe")).content.decode()
    for path in ("/meetings/calendar.ics", *(f"/meetings/calendar/{k}.ics" for k in ("general", "topical_forum"))):
        assert f'href="webcal://lcoo.example.org{path}"' in html
        assert f'value="{BASE}{path}"' in html
    assert (
        "https://calendar.google.com/calendar/render?cid=webcal%3A%2F%2Flcoo.example.org%2Fmeetings%2Fcalendar.ics"
        in html
    )
    assert (
        "https://outlook.live.com/calendar/0/addfromweb?url=https%3A%2F%2Flcoo.example.org%2Fmeetings%2Fcalendar.ics"
        in html
    )
    assert f"{BASE}/meetings/feed/" in html
    assert client.post(reverse("meetings:subscribe")).status_code == 405


def test_an_upcoming_meeting_is_added_to_google_outlook_or_as_a_file(client, settings, published_meeting):
    settings.PORTAL_BASE_URL = BASE
    html = client.get(published_meeting.get_absolute_url()).content.decode()
    assert f'href="{BASE}/meetings/{published_meeting.pk}/meeting.ics"' in html
    google = next(part for part in html.split('"') if part.startswith("https://calendar.google.com"))
    query = parse_qs(urlsplit(google.replace("&amp;", "&")).query)
    start = published_meeting.starts_at.strftime("%Y%m%dT%H%M%SZ")
    assert query["action"] == ["TEMPLATE"] and query["text"] == ["Published general meeting"]
    assert query["dates"][0].startswith(f"{start}/") and BASE in query["details"][0]
    outlook = next(part for part in html.split('"') if part.startswith("https://outlook.live.com"))
    assert "subject=Published%20general%20meeting" in outlook


def test_the_atom_feed_has_an_author_and_absolute_links_on_the_portal_address(client, settings, held_meeting):
    settings.PORTAL_BASE_URL = BASE
    body = client.get(reverse("meetings:feed")).content.decode()
    assert "<author><name>LCOO Secretariat</name>" in body
    assert f'href="{BASE}/meetings/{held_meeting.pk}/#minutes"' in body


def test_a_cancelled_meetings_entry_is_updated_and_says_cancelled(
    client, published_meeting, secretariat, django_capture_on_commit_callbacks
):
    body = client.get(reverse("meetings:feed")).content.decode()
    entry = body.split("Agenda: Published general meeting")[1].split("</entry>")[0]
    before = entry.split("<updated>")[1].split("</updated>")[0]
    published_meeting.__class__.objects.filter(pk=published_meeting.pk).update(
        updated_at=timezone.now() - timedelta(days=2)
    )
    with django_capture_on_commit_callbacks(execute=True):  # committed, so the feed's record version moves
        meeting_cancel(meeting=published_meeting, by=secretariat, reason="The venue fell through")
    body = client.get(reverse("meetings:feed")).content.decode()
    assert "Cancelled — Agenda: Published general meeting" in body
    entry = body.split("Cancelled — Agenda: Published general meeting")[1].split("</entry>")[0]
    assert entry.split("<updated>")[1].split("</updated>")[0] > before
    assert "This meeting is cancelled." in entry


def test_make_run_puts_its_host_and_port_in_the_portal_address():
    root = Path(__file__).resolve().parents[2]
    make = shutil.which("make")
    if make is None:
        pytest.skip("make is not installed")
    dry = subprocess.run([make, "-n", "run", "PORT=8103"], cwd=root, capture_output=True, text=True, check=True).stdout
    assert "PORTAL_BASE_URL=${PORTAL_BASE_URL:-http://127.0.0.1:8103}" in dry
