"""Roll call of a meeting as of its start: the member companies of that day and the board seats present.

Membership is read from the companies' dated transitions, and seats from dated role assignments, so
minutes of 2016 keep showing 2016's members after a company joins or is revoked. Two queries.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import OuterRef, Q, Subquery

from meetings.models import Attendance, Kind, Meeting
from members.models import Company, MembershipTransition, RoleAssignment

BOARD_ROLES = (RoleAssignment.Role.BOARD_REPRESENTATIVE, RoleAssignment.Role.BOARD_ALTERNATE)


def members_at(when: datetime):
    """Companies that were members (or under review) at `when`, by name.

    The status at `when` is the one the company's last transition at or before `when` led to. Without
    such a transition the record starts later (or not at all, or was back-filled when the portal was set
    up): the company counts when `member_since` is on or before that day and it is seated now or was
    seated before its first recorded step (a member since revoked).
    """
    seated = Company.Status.seated()
    steps = MembershipTransition.objects.filter(company=OuterRef("pk"))
    return (
        Company.objects.annotate(
            status_then=Subquery(steps.filter(at__lte=when).order_by("-at", "-id").values("to_status")[:1]),
            status_before_record=Subquery(steps.filter(at__gt=when).order_by("at", "id").values("from_status")[:1]),
        )
        .filter(
            Q(status_then__in=seated)
            | Q(status_then__isnull=True, member_since__lte=when.date())
            & (Q(status_before_record__in=seated) | Q(status__in=seated))
        )
        .order_by("name")
    )


@dataclass
class RollCall:
    """Member companies present and absent; for a board meeting, the seats present and the quorum."""

    present: list[Company]
    absent: list[Company]
    seats: int | None = None
    seats_present: int | None = None

    @property
    def quorum(self) -> bool:
        return self.seats is not None and self.seats_present * 2 > self.seats


def roll_call(meeting: Meeting, attendances: list[Attendance]) -> RollCall:
    """Which companies that were members when the meeting started were present (by any attendee);
    for a board meeting, which seats were held by an attending representative or alternate then."""
    members = list(members_at(meeting.starts_at))
    present_ids = {a.company_id for a in attendances if a.company_id}
    roll = RollCall(
        present=[c for c in members if c.pk in present_ids],
        absent=[c for c in members if c.pk not in present_ids],
    )
    if meeting.kind == Kind.EXECUTIVE_BOARD:
        attending_users = {a.user_id for a in attendances if a.user_id}
        holders = RoleAssignment.objects.filter(
            role__in=BOARD_ROLES,
            company__in=[c.pk for c in members],
            user__in=attending_users,
            started_at__lte=meeting.starts_at,
        ).filter(Q(ended_at__isnull=True) | Q(ended_at__gt=meeting.starts_at))
        roll.seats = len(members)
        roll.seats_present = len(set(holders.values_list("company_id", flat=True)))
    return roll
