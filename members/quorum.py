"""The board's quorum: how many of its seats must take part — be present at a board meeting, or cast a
ballot on a motion — for the board to decide. One rule for the roll call and the motions.

It lives in `members` because it counts board seats, whose home is `members`: `meetings` (the roll call)
and `governance` (the motions) both import `members`, and `members` imports neither, so both read the
same rule without an import cycle. Which rule applies is configured once, `settings.BOARD_QUORUM`
(motion kinds may name another in `settings.GOVERNANCE_RULES`).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class QuorumRule:
    """A quorum rule: the words a voter reads, and how many of `seats` must take part."""

    words: str
    needed: Callable[[int], int]


# The key is written into each motion's record ("rules"), so it never changes; the words are in its result.
QUORUM_RULES: dict[str, QuorumRule] = {
    "majority_of_seats_cast": QuorumRule(
        "a majority of the seats cast a ballot (abstentions count)", lambda seats: seats // 2 + 1
    ),
}


def quorum_rule(rule: str) -> QuorumRule:
    try:
        return QUORUM_RULES[rule]
    except KeyError:
        raise ValueError(f"Unknown quorum rule {rule!r}") from None


def quorum_needed(rule: str, seats: int) -> int:
    """How many of the seats must take part."""
    return quorum_rule(rule).needed(seats)


def quorum_met(rule: str, *, seats: int, taking_part: int) -> bool:
    """Whether `taking_part` of `seats` seats make a quorum (a board with no seat never has one)."""
    return seats > 0 and taking_part >= quorum_needed(rule, seats)


def board_quorum_rule() -> str:
    """The rule of a board meeting's roll call and of every motion kind that names no other."""
    return settings.BOARD_QUORUM
