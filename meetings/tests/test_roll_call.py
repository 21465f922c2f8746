"""The roll call is taken as of the meeting's start: that day's member companies and board seats."""

from datetime import UTC, date, datetime

import pytest

from meetings.rollcall import roll_call
from meetings.tests.factories import AttendanceFactory, MinutesFactory, PublishedMeetingFactory
from members.models import Company, MembershipTransition, RoleAssignment
from members.tests.factories import CompanyFactory, UserFactory

MEETING_START = datetime(2016, 9, 22, 14, 0, tzinfo=UTC)


def at(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 12, 0, tzinfo=UTC)


def company(name: str, status: str, member_since: date | None, steps: list[tuple[str, str, datetime]]) -> Company:
    c = CompanyFactory(name=name, status=status, member_since=member_since)
    for from_status, to_status, when in steps:
        MembershipTransition.objects.create(
            company=c, from_status=from_status, to_status=to_status, at=when, reason="x"
        )
    return c


@pytest.fixture
def history(db) -> dict[str, Company]:
    """Companies whose membership changed around the meeting of 22 September 2016."""
    return {
        "founder": company("AT&T", "member", date(2016, 1, 10), [("requested", "member", at(2016, 1, 10))]),
        "joined_later": company(
            "Comcast",
            "member",
            date(2017, 3, 15),
            [("prospect", "requested", at(2016, 10, 1)), ("requested", "member", at(2017, 3, 15))],
        ),
        "revoked_later": company(
            "Acme",
            "revoked",
            date(2016, 2, 1),
            [("requested", "member", at(2016, 2, 1)), ("member", "revoked", at(2017, 6, 1))],
        ),
        "revoked_before": company(
            "Defunct",
            "revoked",
            date(2015, 1, 1),
            [("requested", "member", at(2015, 1, 1)), ("member", "revoked", at(2016, 5, 1))],
        ),
        "under_review_then": company(
            "NTT",
            "member",
            date(2016, 3, 1),
            [
                ("requested", "member", at(2016, 3, 1)),
                ("member", "under_review", at(2016, 9, 1)),
                ("under_review", "member", at(2016, 12, 1)),
            ],
        ),
        "unrecorded_member": company("Reliance Jio", "member", date(2016, 9, 22), []),
        "unrecorded_newcomer": company("Walmart", "member", date(2017, 6, 1), []),
        "revocation_only_recorded": company(
            "Orange", "revoked", date(2016, 4, 1), [("member", "revoked", at(2018, 1, 1))]
        ),
        "prospect": company("Intel", "prospect", None, []),
    }


def names(companies) -> list[str]:
    return [c.name for c in companies]


def test_the_members_of_the_meeting_day_are_those_seated_then_not_now(history):
    assert sorted(names(Company.objects.seated_at(MEETING_START))) == ["AT&T", "Acme", "NTT", "Orange", "Reliance Jio"]


def test_a_company_that_joined_after_the_meeting_is_not_on_its_roll_call(history):
    assert "Comcast" not in names(Company.objects.seated_at(MEETING_START))
    assert "Comcast" in names(Company.objects.seated_at(at(2017, 3, 16)))


def test_a_company_revoked_after_the_meeting_is_still_on_its_roll_call(history):
    assert "Acme" in names(Company.objects.seated_at(MEETING_START))
    assert "Acme" not in names(Company.objects.seated_at(at(2017, 6, 2)))


def test_without_transitions_the_member_since_date_decides(history):
    assert "Reliance Jio" in names(Company.objects.seated_at(MEETING_START))
    assert "Walmart" not in names(Company.objects.seated_at(MEETING_START))


def test_a_transition_at_the_very_start_of_the_meeting_counts(history):
    assert "AT&T" in names(Company.objects.seated_at(at(2016, 1, 10)))


def test_minutes_list_the_meeting_days_members_present_and_absent(client, history):
    meeting = PublishedMeetingFactory(starts_at=MEETING_START, status="held")
    MinutesFactory(meeting=meeting, published_at=at(2016, 9, 23))
    AttendanceFactory(meeting=meeting, name="Comcast guest", company=history["joined_later"])
    AttendanceFactory(meeting=meeting, name="Acme delegate", company=history["revoked_later"])
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "<strong>Present:</strong> Acme." in html
    assert "<strong>Absent:</strong> AT&amp;T, NTT, Orange, Reliance Jio." in html
    assert "Comcast</" not in html.split('data-testid="roll-call"')[1].split("</p>")[0]


def seat(c: Company, role: str, started: datetime, ended: datetime | None = None):
    user = UserFactory()
    RoleAssignment.objects.create(company=c, user=user, role=role, started_at=started, ended_at=ended)
    return user


def test_board_seats_count_the_representatives_and_alternates_of_the_meeting_day(history):
    board = PublishedMeetingFactory(kind="executive_board", starts_at=MEETING_START)
    rep = RoleAssignment.Role.BOARD_REPRESENTATIVE
    alt = RoleAssignment.Role.BOARD_ALTERNATE
    attendees = [
        seat(history["founder"], rep, at(2016, 1, 10), ended=at(2017, 1, 1)),  # since replaced: still counts
        seat(history["under_review_then"], alt, at(2016, 3, 1)),  # an alternate holds the seat
        seat(history["unrecorded_member"], rep, at(2016, 10, 1)),  # took the seat after the meeting
        seat(history["revoked_later"], rep, at(2016, 2, 1), ended=at(2016, 9, 1)),  # left before the meeting
        seat(history["joined_later"], rep, at(2016, 1, 1)),  # not a member company then
    ]
    for user in attendees:
        AttendanceFactory(meeting=board, user=user, name="", company=None)
    roll = roll_call(board, list(board.attendances.all()))
    assert (roll.seats_present, roll.seats) == (2, 5)
    assert roll.quorum is False


def test_a_majority_of_the_seats_of_the_day_is_a_quorum(history):
    board = PublishedMeetingFactory(kind="executive_board", starts_at=MEETING_START)
    rep = RoleAssignment.Role.BOARD_REPRESENTATIVE
    for key in ("founder", "under_review_then", "revoked_later"):
        AttendanceFactory(meeting=board, user=seat(history[key], rep, at(2016, 1, 1)), name="", company=history[key])
    roll = roll_call(board, list(board.attendances.all()))
    assert (roll.seats_present, roll.seats, roll.quorum) == (3, 5, True)


@pytest.mark.parametrize("extra", [0, 30])
def test_the_roll_call_takes_two_queries_however_many_companies_and_steps(history, extra, django_assert_num_queries):
    for i in range(extra):
        company(f"Operator {i}", "member", date(2015, 1, 1), [("requested", "member", at(2015, 1, 1))])
    board = PublishedMeetingFactory(kind="executive_board", starts_at=MEETING_START)
    user = seat(history["founder"], RoleAssignment.Role.BOARD_REPRESENTATIVE, at(2016, 1, 1))
    AttendanceFactory(meeting=board, user=user, name="", company=history["founder"])
    attendances = list(board.attendances.all())
    with django_assert_num_queries(2):
        roll = roll_call(board, attendances)
    assert roll.seats == 5 + extra and roll.seats_present == 1


def test_a_membership_recorded_only_when_the_portal_was_set_up_counts_from_member_since(db):
    backfilled = company("SK Telecom", "member", date(2016, 9, 22), [("prospect", "member", at(2024, 5, 1))])
    assert backfilled in Company.objects.seated_at(MEETING_START)
    assert backfilled not in Company.objects.seated_at(at(2016, 9, 1))
