"""The meeting-bot import reads logs in MeetBot's plain-text format (.log.txt) as the bot itself does."""

# ruff: noqa: E501 (the log lines are the bot's, as long as it writes them)

from kernel.markdown import render_markdown
from meetings.botlog import match_people, parse_log
from members.tests.factories import UserFactory

# In the bot's own format: `HH:MM:SS <nick> text`, with the bot's lines (here the OpenStack bot, `openstack`).
LOG = """\
14:00:02 <jamemcc> #startmeeting lcoo
14:00:02 <openstack> Meeting started Thu Sep 22 14:00:02 2016 UTC and is due to finish in 60 minutes.  The chair is jamemcc. Information about MeetBot at http://wiki.debian.org/MeetBot.
14:00:03 <openstack> Useful Commands: #action #agreed #help #info #idea #link #topic #startvote.
14:00:03 <openstack> The meeting name has been set to 'lcoo'
14:00:10 <jamemcc> #chair andyu
14:00:10 <openstack> Current chairs: andyu jamemcc
14:00:30 <andyu> good morning all
14:00:31 <Üţáhraptõr> bonjour à tous — 東京からです
14:01:05 <jamemcc> #topic Finalize Member Joining Procedure
14:03:40 <smizuno> #info new companies should come to a general meeting first
14:03:50 <smizuno> #info the <b>joining</b> form uses <script>alert(1)</script> & *stars*
14:05:12 <andyu> #agreed Each new company introduces itself at a general meeting and requests membership
14:06:00 <jamemcc> #link https://wiki.openstack.org/wiki/Procedure_for_Creating_a_New_Working_Group
14:06:20 <jamemcc> #link see https://etherpad.openstack.org/p/BCN-ops-meetup for the meetup.
14:07:00 <smizuno> #agreed a non-chair cannot agree
14:07:30 <jamemcc> #action smizuno typo to remove
14:07:31 <jamemcc> #undo
14:07:31 <openstack> Removing item from minutes: <ircmeeting.items.Action object at 0x7f3c1c2a4b50>
[14:10:00] <jamemcc> #topic Slack — échanges
this line was pasted without a nick
14:12:21 <jamemcc> #action andyu and smizuno schedule the next meetings with Üţáhraptõr
14:12:50 <jamemcc> #action All finalize the charter
14:12:55 <zuulbot> build succeeded
14:13:00 <andyu> #acton jamemcc typo in the command
14:13:10 <andyu> #action
14:14:00 <andyu> #agreed
14:14:10 <andyu> #topic
14:59:58 <jamemcc> #endmeeting
14:59:58 <openstack> Meeting ended Thu Sep 22 14:59:58 2016 UTC.  Information about MeetBot at http://wiki.debian.org/MeetBot . (v 0.1.4)
14:59:58 <openstack> Minutes:        http://eavesdrop.openstack.org/meetings/lcoo/2016/lcoo.2016-09-22-14.00.html
"""


def test_a_real_log_gives_topics_with_their_notes_decisions_and_actions():
    parsed = parse_log(LOG)
    assert parsed.name == "lcoo" and parsed.started == "14:00:02"
    assert [t.title for t in parsed.topics] == ["Finalize Member Joining Procedure", "Slack — échanges"]
    assert str(parsed.topics[0].notes[0]) == "new companies should come to a general meeting first"
    assert [(d.text[:25], d.topic) for d in parsed.decisions] == [("Each new company introduc", 0)]
    assert [(a.text, a.owners, a.topic) for a in parsed.actions] == [
        ("andyu and smizuno schedule the next meetings with Üţáhraptõr", ["andyu", "smizuno", "Üţáhraptõr"], 1),
        ("All finalize the charter", ["jamemcc", "andyu", "Üţáhraptõr", "smizuno"], 1),
    ]
    assert parsed.chairs == ["jamemcc", "andyu"]


def test_the_bot_and_nicks_ending_in_bot_are_never_attendees():
    parsed = parse_log(LOG)
    assert list(parsed.attendees) == ["jamemcc", "andyu", "Üţáhraptõr", "smizuno"]
    assert parsed.bots == ["openstack", "zuulbot"]
    assert "openstack" not in parsed.nicks


def test_undo_removes_the_last_item_recorded_whatever_it_was():
    parsed = parse_log(LOG)
    assert all("typo to remove" not in a.raw for a in parsed.actions)
    assert parsed.undone == ["action “smizuno typo to remove”"]
    log = "10:00 <a> #startmeeting x\n10:01 <a> #topic One\n10:02 <a> #info kept\n10:03 <a> #info dropped\n"
    log += "10:04 <a> #undo\n10:05 <a> #topic Two\n10:06 <a> #undo\n10:07 <a> #undo\n10:08 <a> #undo\n10:09 <a> #undo\n"
    parsed = parse_log(log + "10:10 <a> #endmeeting\n")
    assert parsed.topics == [] and parsed.undone == ["note “dropped”", "topic “Two”", "note “kept”", "topic “One”"]
    assert [m.reason for m in parsed.malformed] == ["#undo with nothing recorded to remove"]


def test_chairs_only_commands_from_others_are_ignored_as_the_bot_does_and_listed_back():
    parsed = parse_log(LOG)
    assert "a non-chair cannot agree" not in [d.text for d in parsed.decisions]
    assert "#agreed by smizuno, who is not a chair: the bot ignored it" in [m.reason for m in parsed.malformed]


def test_action_owners_are_every_known_nick_named_and_a_saved_nick_counts(db):
    shintaro = UserFactory(display_name="Shintaro Mizuno", irc_nick="shintaro")
    log = "10:00 <a> #startmeeting x\n10:01 <b> hello\n10:02 <a> #action B, shintaro: draft it with a\n10:03 <a> #endmeeting"
    parsed = parse_log(log)
    assert parsed.actions[0].owners == ["b", "a"]  # "shintaro" has not spoken: unknown to the log alone
    parsed = match_people(parsed, [shintaro])
    assert parsed.actions[0].owners == ["b", "shintaro", "a"]
    assert parsed.actions[0].text == "B, shintaro: draft it with a"
    assert parsed.actions[0].users["shintaro"] == shintaro


def test_link_keeps_its_url_whole_without_angle_brackets():
    notes = parse_log(LOG).topics[0].notes
    assert str(notes[2]) == "https://wiki.openstack.org/wiki/Procedure_for_Creating_a_New_Working_Group"
    html = render_markdown(notes[3].markdown())
    assert '<a href="https://etherpad.openstack.org/p/BCN-ops-meetup"' in html and "for the meetup." in html
    assert "&lt;https" not in html
    link = render_markdown(notes[2].markdown())
    assert ">https://wiki.openstack.org/wiki/Procedure_for_Creating_a_New_Working_Group</a>" in link


def test_html_looking_text_is_kept_and_shown_as_text():
    topic = parse_log(LOG).topics[0]
    assert str(topic.notes[1]) == "the <b>joining</b> form uses <script>alert(1)</script> & *stars*"
    html = render_markdown(topic.discussion_markdown())
    assert "&lt;b&gt;joining&lt;/b&gt;" in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "*stars*" in html and "<script>" not in html and "<b>" not in html


def test_empty_and_malformed_commands_are_listed_back_with_their_line_numbers():
    malformed = [(m.number, m.reason) for m in parse_log(LOG).malformed]
    assert malformed == [
        (15, "#agreed by smizuno, who is not a chair: the bot ignored it"),
        (20, "not a “time <nick> text” line"),
        (24, "#acton is not a meeting-bot command"),
        (25, "#action needs some text"),
        (26, "#agreed needs some text"),
        (27, "#topic needs some text"),
    ]


def test_a_log_without_endmeeting_is_flagged():
    parsed = parse_log("14:00 <a> #startmeeting x\n14:01 <a> #topic One\n")
    assert [m.reason for m in parsed.malformed] == ["no #endmeeting: the log may be cut short"]


def test_commands_before_startmeeting_are_listed_back():
    parsed = parse_log("14:00 <a> #topic Too early\n14:01 <a> #startmeeting x\n14:02 <a> #endmeeting\n")
    assert parsed.topics == [] and parsed.malformed[0].number == 1


def test_nicks_match_a_saved_nick_first_then_a_single_fitting_person(db):
    shilla = UserFactory(email="shilla.saebi@example.org", display_name="Shilla Saebi")
    UserFactory(email="andy.one@example.org", display_name="Andy One")
    UserFactory(email="andy.two@example.org", display_name="Andy Two")
    jamey = UserFactory(email="chair@example.org", display_name="Jamey McCabe", irc_nick="JameMCC")
    log = "1:00 <jamemcc> #startmeeting x\n1:01 <andy> hi\n1:02 <shilla> hi\n1:03 <jamemcc> #endmeeting"
    parsed = match_people(
        parse_log(log), [shilla, jamey, *type(shilla).objects.filter(display_name__startswith="Andy")]
    )
    assert parsed.attendees == {"jamemcc": jamey, "andy": None, "shilla": shilla}


def test_a_choice_in_the_nick_table_wins(db):
    shilla = UserFactory(display_name="Shilla Saebi")
    other = UserFactory(display_name="Someone Else")
    log = "1:00 <shilla> #startmeeting x\n1:01 <shilla> #action shilla do it\n1:03 <shilla> #endmeeting"
    parsed = match_people(parse_log(log), [shilla, other], {"shilla": other})
    assert parsed.attendees == {"shilla": other} and parsed.actions[0].users == {"shilla": other}
    parsed = match_people(parse_log(log), [shilla, other], {"shilla": None})
    assert parsed.attendees == {"shilla": None}
