"""The meeting-bot import follows MeetBot's conventions: an action is owned by the nicks its text names
(every attendee for "everyone"/"all", "Unassigned" for none), its text is kept as written, "by 2026-12-20"
is its due date; `#link URL description` is a link with its description. The imported items show so on
the minutes page, in their owners' work queue and in the API."""

from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from kernel.markdown import render_markdown
from meetings.botlog import match_people, parse_log
from meetings.models import ActionItem
from meetings.services.log_import import minutes_import
from meetings.services.minutes import minutes_publish
from meetings.tests.factories import MeetingFactory
from members.models import User
from members.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _log(*lines: str) -> str:
    body = "\n".join(f"14:{10 + n:02d}:00 {line}" for n, line in enumerate(lines))
    start = "14:00:00 <jamemcc> #startmeeting lcoo\n14:01:00 <andyu> hello\n14:02:00 <smizuno> hi"
    return f"{start}\n{body}\n14:59:00 <jamemcc> #endmeeting\n"


def _actions(*lines: str):
    return parse_log(_log(*[f"<jamemcc> #action {line}" for line in lines])).actions


# --- the parser ---


def test_an_actions_owners_are_the_nicks_its_text_names_and_its_text_is_kept_as_written():
    [action] = _actions("andyu, SMIZUNO: send the charter to the board")
    assert action.owners == ["andyu", "smizuno"]
    assert action.text == "andyu, SMIZUNO: send the charter to the board"


def test_everyone_or_all_as_a_word_makes_every_attendee_an_owner():
    everyone, all_, neither = _actions("everyone review the roadmap", "All: read the charter", "install the ballot")
    assert everyone.owners == ["jamemcc", "andyu", "smizuno"] and everyone.everyone
    assert all_.owners == ["jamemcc", "andyu", "smizuno"]
    assert neither.owners == [] and neither.owner_label == "Unassigned"
    [small] = _actions("andyu to install the ballot")  # "all" inside a word is not everyone
    assert small.owners == ["andyu"] and not small.everyone
    [sentence] = _actions("jamemcc to review all use cases")  # "all" where no owner stands is a word
    assert sentence.owners == ["jamemcc"] and not sentence.everyone


def test_by_a_date_sets_the_due_date_and_leaves_the_text_alone():
    [action] = _actions("andyu to send the figures by 2026-12-20 to the board")
    assert action.due_on == date(2026, 12, 20)
    assert action.text == "andyu to send the figures by 2026-12-20 to the board"


def test_a_due_date_that_is_no_date_is_listed_back_and_left_out():
    parsed = parse_log(_log("<jamemcc> #action andyu to do it by 2026-02-30"))
    assert parsed.actions[0].due_on is None
    assert [m.reason for m in parsed.malformed] == ["“by 2026-02-30” is not a date: the action item has no due date"]


@pytest.mark.parametrize(
    "line",
    [
        "https://wiki.openstack.org/wiki/LCOO The LCOO wiki page",
        "The LCOO wiki page https://wiki.openstack.org/wiki/LCOO",
    ],
)
def test_a_link_is_shown_as_a_link_with_its_description(line):
    [note] = parse_log(_log("<jamemcc> #topic Links", f"<jamemcc> #link {line}")).topics[0].notes
    assert str(note) == line  # as typed
    html = render_markdown(note.markdown())
    assert '<a href="https://wiki.openstack.org/wiki/LCOO"' in html and ">The LCOO wiki page</a>" in html


def test_only_http_addresses_become_links():
    log = _log(
        "<jamemcc> #topic Links",
        "<jamemcc> #link javascript:alert(1) click me",
        "<jamemcc> #link ftp://files.example.org/roadmap.pdf the roadmap",
        "<jamemcc> #link [x](javascript:alert(1)) https://example.org/a",
    )
    parsed = parse_log(log)
    html = render_markdown(parsed.topics[0].discussion_markdown())
    assert "javascript:" not in html.split("href=")[-1].split(">")[0]
    assert html.count("<a ") == 1 and 'href="https://example.org/a"' in html
    assert "ftp://files.example.org/roadmap.pdf the roadmap" in html
    assert [m.reason for m in parsed.malformed] == ["#link without an http(s) address (kept as a note)"] * 2


# --- the import, and where its action items show ---

LOG = _log(
    "<jamemcc> #topic Roadmap",
    "<jamemcc> #link https://etherpad.openstack.org/p/lcoo-roadmap The roadmap etherpad",
    "<jamemcc> #action andyu to send the figures by 2026-12-20",
    "<jamemcc> #action everyone review the roadmap",
    "<jamemcc> #action nobody named here",
)


@pytest.fixture
def imported(secretariat):
    andy = UserFactory(display_name="Andy Ukasick", irc_nick="andyu")
    meeting = MeetingFactory(starts_at=datetime(2026, 9, 22, 14, tzinfo=UTC), title="LCOO general meeting")
    parsed = match_people(parse_log(LOG), list(User.objects.all()))
    minutes_import(meeting=meeting, parsed=parsed, source=LOG, by=secretariat)
    minutes_publish(meeting=meeting, by=secretariat)
    return meeting, andy


def test_the_import_stores_each_owner_the_text_as_written_and_the_due_date(imported):
    meeting, _ = imported
    rows = [(a.text, a.owner_label, a.due_on) for a in meeting.action_items.select_related("owner")]
    assert rows == [
        ("andyu to send the figures by 2026-12-20", "Andy Ukasick", date(2026, 12, 20)),
        ("everyone review the roadmap", "jamemcc", None),
        ("everyone review the roadmap", "Andy Ukasick", None),
        ("everyone review the roadmap", "smizuno", None),
        ("nobody named here", "Unassigned", None),
    ]
    assert not ActionItem.objects.filter(owner_name="All").exists()


def test_the_minutes_page_shows_the_link_with_its_description_and_the_owners(client, imported):
    meeting, _ = imported
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert 'href="https://etherpad.openstack.org/p/lcoo-roadmap"' in html and ">The roadmap etherpad</a>" in html
    assert "andyu to send the figures by 2026-12-20" in html and "Andy Ukasick" in html and "smizuno" in html


def test_an_owners_work_queue_lists_the_imported_actions_with_their_due_date(client_for, imported):
    _, andy = imported
    html = client_for(andy).get("/").content.decode()
    queue = html[html.index('data-queue="actions"') :]
    queue = queue[: queue.index("</ul>")]
    assert 'andyu to send the figures by 2026-12-20, due <time datetime="2026-12-20">' in queue
    assert "everyone review the roadmap" in queue


def test_the_api_gives_the_imported_actions_as_the_page_does(client, imported):
    meeting, _ = imported
    data = client.get(reverse("api:meeting-detail", args=[meeting.pk])).json()
    rows = [(a["text"], a["owner"], a["due_on"]) for a in data["action_items"]]
    assert rows[0] == ("andyu to send the figures by 2026-12-20", "Andy Ukasick", "2026-12-20")
    assert [owner for text, owner, _ in rows if text == "everyone review the roadmap"] == [
        "jamemcc",
        "Andy Ukasick",
        "smizuno",
    ]
