"""Search results show a snippet with the words found, marked: on PostgreSQL's headlines and in Python on
any database; what people wrote is escaped (their HTML never marks the page up), and a record the reader
may not see lends no snippet."""

from types import SimpleNamespace

import pytest
from django.utils import timezone

from governance.models import Motion
from governance.tests.factories import MotionFactory
from kernel.markdown import MARK_START, MARK_STOP
from kernel.snippets import snippet
from meetings import search as meetings_search
from meetings.tests.factories import AgendaItemFactory, MinutesFactory, PublishedMeetingFactory

pytestmark = pytest.mark.django_db


def results(client, query: str) -> str:
    html = client.get("/meetings/search/", {"q": query}).content.decode()
    # past the search box (it echoes the query), up to the page's end
    return html.split("<h1>Search</h1>")[1].split("</form>", 1)[1].split("</main>")[0]


def test_a_motion_result_shows_the_words_found_around_its_first_match(client):
    text = "The board agrees.\n\n" + "Filler words here. " * 20 + "It funds the **Albatross** project in 2027."
    MotionFactory(title="A resolution", text=text, status=Motion.Status.CONSENSUS)
    found = results(client, "albatross")
    assert "… " in found and "the <mark>Albatross</mark> project in 2027." in found
    assert "**" not in found and "The board agrees." not in found  # the words read, not the Markdown


def test_a_company_result_shows_the_words_found_in_its_estate(client, company):
    company.estate_description = "Twelve regions; the albatross cluster runs Nova."
    company.save()
    assert "Twelve regions; the <mark>albatross</mark> cluster runs Nova." in results(client, "albatross")


def test_what_people_wrote_is_escaped_in_a_snippet(client):
    text = "Compare a < b & <script>alert(1)</script> the <img src=x onerror=alert(2)> albatross"
    MotionFactory(title="Hostile", text=text, status=Motion.Status.CONSENSUS)
    found = results(client, "albatross")
    assert "<mark>albatross</mark>" in found
    assert "<script" not in found and "<img" not in found and "alert" not in found
    assert "a &lt; b &amp;" in found


def test_on_any_database_agenda_items_and_minutes_get_snippets(client, monkeypatch):
    monkeypatch.setattr(meetings_search, "connection", SimpleNamespace(vendor="sqlite"))
    AgendaItemFactory(title="Budget", description="We review the albatross budget for next year.")
    MinutesFactory(summary="Agreed: the albatross goes ahead.", published_at=timezone.now())
    found = results(client, "albatross")
    assert "We review the <mark>albatross</mark> budget for next year." in found
    assert "Agreed: the <mark>albatross</mark> goes ahead." in found


def test_an_items_discussion_lends_no_snippet_before_its_minutes_are_published(client, monkeypatch):
    monkeypatch.setattr(meetings_search, "connection", SimpleNamespace(vendor="sqlite"))
    meeting = PublishedMeetingFactory()
    MinutesFactory(meeting=meeting, summary="", published_at=None)
    AgendaItemFactory(meeting=meeting, title="Albatross", description="Open", discussion="Zqxsecret albatross")
    found = results(client, "albatross")
    assert "Albatross" in found and "Zqxsecret" not in found


def test_a_snippet_is_cut_at_words_and_marks_every_word_of_the_query():
    text = "word " * 40 + "the Rolling upgrades of clouds, rolling on " + "tail " * 80
    cut = snippet(text, "rolling upgrade")
    assert cut.startswith("… word") and cut.endswith(" …")
    assert f"the {MARK_START}Rolling{MARK_STOP} {MARK_START}upgrade{MARK_STOP}s of clouds," in cut
    assert f"{MARK_START}rolling{MARK_STOP} on" in cut
    assert snippet("nothing here", "albatross") == "" and snippet("text", "") == ""
