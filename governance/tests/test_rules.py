"""Property tests of the quorum and threshold rules (pure functions, no database)."""

from hypothesis import given
from hypothesis import strategies as st

from governance.rules import Counts, outcome, quorum_met, threshold_met


@st.composite
def counts(draw) -> Counts:
    seats = draw(st.integers(min_value=1, max_value=40))
    yes = draw(st.integers(min_value=0, max_value=seats))
    no = draw(st.integers(min_value=0, max_value=seats - yes))
    abstain = draw(st.integers(min_value=0, max_value=seats - yes - no))
    return Counts(seats=seats, yes=yes, no=no, abstain=abstain)


@given(counts())
def test_quorum_is_a_strict_majority_of_seats_casting_a_ballot(c):
    assert quorum_met("majority_of_seats_cast", c) == (c.cast > c.seats / 2)


@given(counts())
def test_abstentions_count_towards_quorum_like_any_other_ballot(c):
    as_yes = Counts(seats=c.seats, yes=c.yes + c.abstain, no=c.no, abstain=0)
    assert quorum_met("majority_of_seats_cast", c) == quorum_met("majority_of_seats_cast", as_yes)
    absent = Counts(seats=c.seats, yes=c.yes, no=c.no, abstain=0)
    if c.abstain and not quorum_met("majority_of_seats_cast", absent) and c.cast > c.seats / 2:
        assert quorum_met("majority_of_seats_cast", c)


@given(counts())
def test_more_yes_than_no_passes_exactly_when_yes_exceeds_no(c):
    assert threshold_met("more_yes_than_no", c)[0] == (c.yes > c.no)


@given(counts())
def test_a_tie_never_passes(c):
    tie = Counts(seats=max(c.seats, 2 * c.yes), yes=c.yes, no=c.yes, abstain=0)
    assert not outcome("resolution", tie).passed


@given(counts())
def test_two_thirds_of_all_seats_counts_seats_not_ballots(c):
    met = threshold_met("two_thirds_of_seats", c)[0]
    assert met == (c.yes * 3 >= c.seats * 2)
    if met:
        assert c.yes >= (2 * c.seats + 2) // 3


@given(counts())
def test_a_charter_amendment_passing_implies_a_resolution_passing(c):
    if outcome("charter_amendment", c).passed:
        assert outcome("resolution", c).passed


@given(counts())
def test_nothing_passes_without_quorum(c):
    for kind in ("resolution", "admit", "revoke", "charter_amendment", "roadmap_approval"):
        result = outcome(kind, c)
        if not result.quorum_met:
            assert not result.passed


@given(counts())
def test_the_result_states_the_rule_applied(c):
    text = outcome("revoke", c).text
    assert "two thirds of all seats" in text and "majority of the seats" in text
    assert f"{c.cast} of {c.seats} seats" in text


@given(counts())
def test_changing_a_no_to_yes_never_turns_a_pass_into_a_fail(c):
    if c.no == 0:
        return
    changed = Counts(seats=c.seats, yes=c.yes + 1, no=c.no - 1, abstain=c.abstain)
    for kind in ("resolution", "revoke"):
        if outcome(kind, c).passed:
            assert outcome(kind, changed).passed


@given(st.dictionaries(st.sampled_from(["Ann", "Bo", "Cy"]), st.integers(min_value=0, max_value=10), min_size=1))
def test_an_election_elects_the_unique_leader_or_no_one(votes):
    c = Counts(seats=sum(votes.values()) or 1, candidates=votes)
    passed, winner = threshold_met("most_votes", c)
    best = max(votes.values())
    leaders = [name for name, n in votes.items() if n == best]
    assert passed == (best > 0 and len(leaders) == 1)
    assert winner == (leaders[0] if passed else None)
