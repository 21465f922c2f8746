"""The board's quorum is one rule: the roll call of a board meeting and the motions' result apply it alike."""

import pytest

from governance.rules import Counts, outcome
from meetings.rollcall import RollCall
from members import quorum
from members.quorum import QuorumRule, quorum_met, quorum_needed


@pytest.mark.parametrize("seats", range(0, 9))
def test_a_majority_of_the_seats_is_the_quorum(seats):
    for taking_part in range(seats + 1):
        expected = seats > 0 and 2 * taking_part > seats
        assert quorum_met("majority_of_seats_cast", seats=seats, taking_part=taking_part) is expected


def test_an_unknown_quorum_rule_is_refused():
    with pytest.raises(ValueError, match="Unknown quorum rule"):
        quorum_needed("most_of_them", 5)


@pytest.mark.parametrize("seats", range(0, 9))
def test_the_roll_call_and_a_motion_agree_on_the_quorum_for_every_count(seats):
    for present in range(seats + 1):
        roll = RollCall(present=[], absent=[], seats=seats, seats_present=present)
        assert roll.quorum is outcome("resolution", Counts(seats=seats, abstain=present)).quorum_met


def test_a_configured_quorum_rule_governs_the_roll_call_and_the_motions(monkeypatch, settings):
    """Before the rule had one home the roll call hard-coded a simple majority and ignored the setting."""
    monkeypatch.setitem(quorum.QUORUM_RULES, "two_thirds_present", QuorumRule("two thirds", lambda s: -(-2 * s // 3)))
    settings.BOARD_QUORUM = "two_thirds_present"
    settings.GOVERNANCE_RULES = {"default": {"quorum": "two_thirds_present", "threshold": "more_yes_than_no"}}
    roll = RollCall(present=[], absent=[], seats=6, seats_present=4)
    assert roll.quorum is True
    assert RollCall(present=[], absent=[], seats=6, seats_present=3).quorum is False  # a majority no longer is
    assert outcome("resolution", Counts(seats=6, yes=3)).quorum_met is False


def test_a_meeting_that_is_not_the_boards_has_no_quorum():
    assert RollCall(present=[], absent=[]).quorum is False
