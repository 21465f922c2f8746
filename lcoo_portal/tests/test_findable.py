"""The public record can be found: every public page describes itself (meta description, canonical
address, OpenGraph card) and announces the feed; robots.txt and the sitemap open the public record and
close people's own pages; machine-readable times and calendars are valid."""

import re
from datetime import timedelta
from html.parser import HTMLParser
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from django.utils import timezone

from governance.models import CharterVersion, Motion
from governance.tests.factories import MotionFactory
from meetings.models import Kind
from meetings.tests.factories import AgendaItemFactory, MeetingFactory, PublishedMeetingFactory

BASE = "https://portal.example.org"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


class HeadReader(HTMLParser):
    """The <meta>, <link> and <h1> of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.links: list[dict[str, str]] = []
        self.h1 = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = {k: v or "" for k, v in attrs}
        if tag == "meta" and ("name" in attributes or "property" in attributes):
            self.meta[attributes.get("name") or attributes["property"]] = attributes.get("content", "")
        elif tag == "link":
            self.links.append(attributes)
        elif tag == "h1":
            self.h1 += 1


def read_head(html: str) -> HeadReader:
    reader = HeadReader()
    reader.feed(html)
    return reader


@pytest.fixture
def public_record(db, company) -> dict:
    now = timezone.now()
    meeting = PublishedMeetingFactory(kind=Kind.GENERAL, title="General meeting, March", place="Room 4")
    board = PublishedMeetingFactory(kind=Kind.EXECUTIVE_BOARD, title="Board, March", starts_at=now + timedelta(days=9))
    AgendaItemFactory(meeting=board, title="Zqxsecret acquisition", confidential=True)
    draft_meeting = MeetingFactory(title="Zqxdraft meeting", agenda_published_at=None)
    motion = MotionFactory(title="Adopt the 2027 roadmap", text="The board adopts the **roadmap** for 2027.")
    Motion.objects.filter(pk=motion.pk).update(status=Motion.Status.ADOPTED, closed_at=now)
    draft_motion = MotionFactory(title="Zqxdraft motion")
    CharterVersion.objects.create(
        number=1, effective_on=now.date(), text="# Charter\n\nThe coalition's rules.", change_summary="First"
    )
    return {"meeting": meeting, "board": board, "draft_meeting": draft_meeting, "motion": motion, "draft": draft_motion}


def public_pages(record: dict, company) -> list[str]:
    return [
        reverse("home"),
        reverse("members:directory"),
        company.get_absolute_url(),
        reverse("meetings:index"),
        record["meeting"].get_absolute_url(),
        record["board"].get_absolute_url(),
        reverse("meetings:subscribe"),
        reverse("meetings:actions"),
        reverse("governance:index"),
        reverse("governance:motions"),
        record["motion"].get_absolute_url(),
        reverse("governance:charter"),
        reverse("governance:charter-version", args=[1]),
        reverse("governance:roadmap"),
        reverse("governance:teams"),
    ]


def test_every_public_page_describes_itself_at_the_configured_address(public_record, company, client, settings):
    settings.PORTAL_BASE_URL = BASE
    for url in public_pages(public_record, company):
        html = client.get(url, HTTP_HOST="127.0.0.1").content.decode()
        head = read_head(html)
        assert len(head.meta.get("description", "")) >= 20, url
        assert head.meta["og:description"] == head.meta["description"], url
        assert head.meta["og:title"] and head.meta["og:site_name"], url
        canonical = [link["href"] for link in head.links if link.get("rel") == "canonical"]
        assert canonical == [f"{BASE}{url}"], url
        assert head.meta["og:url"] == canonical[0], url
        feeds = [link for link in head.links if link.get("type") == "application/atom+xml"]
        assert [link["href"] for link in feeds] == [f"{BASE}{reverse('meetings:feed')}"], url
        assert head.h1 == 1, f"{url} has {head.h1} <h1>"


def test_a_shared_meeting_or_motion_shows_its_own_title_and_summary(public_record, client):
    meeting = read_head(client.get(public_record["meeting"].get_absolute_url()).content.decode())
    assert meeting.meta["og:title"] == "General meeting, March"
    assert "General meeting" in meeting.meta["description"] and "Room 4" in meeting.meta["description"]
    motion = read_head(client.get(public_record["motion"].get_absolute_url()).content.decode())
    assert motion.meta["og:title"] == "Adopt the 2027 roadmap"
    assert motion.meta["description"] == "The board adopts the roadmap for 2027."


def test_a_board_meetings_description_names_no_agenda_item(public_record, client):
    head = read_head(client.get(public_record["board"].get_absolute_url()).content.decode())
    assert "Zqxsecret" not in head.meta["description"]


def test_the_canonical_address_keeps_only_the_parameters_that_make_another_page(public_record, client, settings):
    settings.PORTAL_BASE_URL = BASE
    html = client.get(reverse("governance:motions") + "?year=2026&utm_source=chat").content.decode()
    canonical = [link["href"] for link in read_head(html).links if link.get("rel") == "canonical"]
    assert canonical == [f"{BASE}{reverse('governance:motions')}?year=2026"]


def test_robots_txt_opens_the_record_and_closes_peoples_own_pages(client, settings):
    settings.PORTAL_BASE_URL = BASE
    response = client.get("/robots.txt", HTTP_HOST="127.0.0.1")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    for closed in ("/accounts/", "/admin/", "/notifications/", "/members/invitations/"):
        assert f"Disallow: {closed}" in lines
    assert "Disallow: /" not in lines and "Allow: /" in lines
    assert f"Sitemap: {BASE}/sitemap.xml" in lines


def test_the_sitemap_lists_the_public_record_and_no_draft(public_record, company, client, settings):
    settings.PORTAL_BASE_URL = BASE
    response = client.get("/sitemap.xml", HTTP_HOST="localhost")
    assert response.status_code == 200
    tree = ElementTree.fromstring(response.content)  # noqa: S314 (our own sitemap)
    locations = [node.text for node in tree.iter(f"{SITEMAP}loc")]
    assert all(location.startswith(f"{BASE}/") for location in locations)
    for url in public_pages(public_record, company):
        if url not in (reverse("meetings:actions"),):
            assert f"{BASE}{url}" in locations, url
    assert f"{BASE}{public_record['draft_meeting'].get_absolute_url()}" not in locations
    assert f"{BASE}{public_record['draft'].get_absolute_url()}" not in locations


def test_machine_readable_times_carry_no_microseconds(public_record, client):
    pattern = re.compile(r'(?:datetime|data-countdown)="([^"]*)"')
    seen = []
    for url in (public_record["meeting"].get_absolute_url(), reverse("meetings:index"), reverse("governance:index")):
        seen += pattern.findall(client.get(url).content.decode())
    assert seen, "the pages show times"
    assert not [value for value in seen if re.search(r"\d\d:\d\d:\d\d\.\d", value)]


def test_the_charter_page_has_one_top_heading_whatever_the_text_says(public_record, client):
    html = client.get(reverse("governance:charter")).content.decode()
    assert html.count("<h1") == 1
    assert "<h2>Charter</h2>" in html


def test_an_empty_calendar_still_holds_a_component(db, client):
    body = client.get(reverse("meetings:calendar") + "?year=2017").content.decode()
    assert "BEGIN:VEVENT" not in body
    assert "BEGIN:VTIMEZONE" in body  # RFC 5545: a calendar holds one component at least


def test_a_calendars_name_escapes_commas(db, client):
    meeting = PublishedMeetingFactory(title="Forum, Berlin; day 1")
    body = client.get(reverse("meetings:meeting-ics", args=[meeting.pk])).content.decode()
    assert "X-WR-CALNAME:Forum\\, Berlin\\; day 1" in body
