"""Roll call of a meeting as of its start: the member companies of that day and the board seats present.

Membership is read from the companies' dated transitions, and seats from dated role assignments, so
minutes of 2016 keep showing 2016's members after a company joins or is revoked. Two queries.
"""

from dataclasses import dataclass

from meetings.models import Attendance, Meeting
from members.models import Company, RoleAssignment
from members.quorum import board_quorum_rule, quorum_met


@dataclass
class RollCall:
    """Member companies present and absent; for a board meeting, the seats present and the quorum."""

    present: list[Company]
    absent: list[Company]
    seats: int | None = None
    seats_present: int | None = None

    @property
    def quorum(self) -> bool:
        """The board's quorum rule, the one its motions apply to the ballots cast (`members.quorum`)."""
        if self.seats is None:
            return False
        return quorum_met(board_quorum_rule(), seats=self.seats, taking_part=self.seats_present)


def roll_call(meeting: Meeting, attendances: list[Attendance]) -> RollCall:
    """Which companies that were members when the meeting started were present (by any attendee);
    for a board meeting, which seats were held by an attending representative or alternate then."""
    members = list(Company.objects.seated_at(meeting.starts_at))
    present_ids = {a.company_id for a in attendances if a.company_id}
    roll = RollCall(
        present=[c for c in members if c.pk in present_ids],
        absent=[c for c in members if c.pk not in present_ids],
    )
    if meeting.is_board:
        attending_users = {a.user_id for a in attendances if a.user_id}
        holders = (
            RoleAssignment.objects.board()
            .held_at(meeting.starts_at)
            .filter(company__in=[c.pk for c in members], user__in=attending_users)
        )
        roll.seats = len(members)
        roll.seats_present = len(set(holders.values_list("company_id", flat=True)))
    return roll
