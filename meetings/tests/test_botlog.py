from meetings.botlog import match_people, parse_log
from members.tests.factories import UserFactory

LOG = """\
2016-09-22T14:00:02  <jamemcc> #startmeeting lcoo
2016-09-22T14:00:10  <jamemcc> #chair jamemcc andyu
2016-09-22T14:00:30  <andyu> good morning all
2016-09-22T14:01:05  <jamemcc> #topic Finalize Member Joining Procedure
2016-09-22T14:03:40  <smizuno> #info new companies should come to a general meeting first
2016-09-22T14:05:12  <jamemcc> #agreed Each new company introduces itself at a general meeting and requests membership
2016-09-22T14:06:00  <jamemcc> #link https://wiki.openstack.org/wiki/Procedure_for_Creating_a_New_Working_Group
[14:10:00] <jamemcc> #topic Slack
this line was pasted without a nick
14:12:21 <jamemcc> #action shilla begin the official process of requesting working group status
14:12:50 <jamemcc> #action All finalize the charter
14:13:00 <andyu> #acton jamemcc typo in the command
14:13:10 <andyu> #action jamemcc
14:14:00 <andyu> #agreed
14:59:58 <jamemcc> #endmeeting
"""


def test_realistic_log_gives_topics_decisions_actions_and_speakers():
    parsed = parse_log(LOG)
    assert parsed.name == "lcoo" and parsed.started == "14:00:02" and parsed.ended == "14:59:58"
    assert [t.title for t in parsed.topics] == ["Finalize Member Joining Procedure", "Slack"]
    assert parsed.topics[0].notes == [
        "new companies should come to a general meeting first",
        "<https://wiki.openstack.org/wiki/Procedure_for_Creating_a_New_Working_Group>",
    ]
    assert [(d.text[:25], d.topic) for d in parsed.decisions] == [("Each new company introduc", 0)]
    assert [(a.owner, a.text, a.topic) for a in parsed.actions] == [
        ("shilla", "begin the official process of requesting working group status", 1),
        ("All", "finalize the charter", 1),
    ]
    assert list(parsed.attendees) == ["jamemcc", "andyu", "smizuno"]


def test_malformed_lines_are_listed_back_with_their_line_numbers_and_reasons():
    malformed = [(m.number, m.reason) for m in parse_log(LOG).malformed]
    assert malformed == [
        (9, "not a “time <nick> text” line"),
        (12, "#acton is not a meeting-bot command"),
        (13, "#action needs an owner and a task"),
        (14, "#agreed needs some text"),
    ]


def test_a_log_without_endmeeting_is_flagged():
    parsed = parse_log("14:00 <a> #startmeeting x\n14:01 <a> #topic One\n")
    assert [m.reason for m in parsed.malformed] == ["no #endmeeting: the log may be cut short"]


def test_commands_before_startmeeting_are_listed_back():
    parsed = parse_log("14:00 <a> #topic Too early\n14:01 <a> #startmeeting x\n14:02 <a> #endmeeting\n")
    assert parsed.topics == [] and parsed.malformed[0].number == 1


def test_nicks_match_users_only_when_exactly_one_user_fits(db):
    shilla = UserFactory(email="shilla.saebi@example.org", display_name="Shilla Saebi")
    UserFactory(email="andy.one@example.org", display_name="Andy One")
    UserFactory(email="andy.two@example.org", display_name="Andy Two")
    parsed = match_people(parse_log(LOG), list(type(shilla).objects.all()))
    assert parsed.actions[0].user == shilla
    assert parsed.actions[1].user is None  # "All"
    assert all(user is None for user in parsed.attendees.values())
    parsed = match_people(parse_log("1:00 <andy> #startmeeting x\n1:01 <andy> #endmeeting"), [shilla])
    assert parsed.attendees == {"andy": None}
