"""Quorum and threshold rules: pure functions of the counts, so they can be property-tested.

The rules per motion kind come from settings.GOVERNANCE_RULES ("default" for kinds it does not
name); the quorum rules themselves are the board's, in `members.quorum`, shared with the roll call.
An officer election elects the candidate with the most votes (a tie elects no one).
"""

from dataclasses import dataclass, field

from django.conf import settings

from members import quorum
from members.quorum import QUORUM_RULES

THRESHOLD_RULES = {
    "more_yes_than_no": "more yes than no",
    "two_thirds_of_seats": "yes from at least two thirds of all seats",
    "most_votes": "one candidate with more votes than any other",
}


@dataclass(frozen=True)
class Counts:
    """The counted ballots of a motion against the seats of its electorate."""

    seats: int
    yes: int = 0
    no: int = 0
    abstain: int = 0
    candidates: dict[str, int] = field(default_factory=dict)

    @property
    def cast(self) -> int:
        return self.yes + self.no + self.abstain + sum(self.candidates.values())


@dataclass(frozen=True)
class Outcome:
    """Whether a motion passed, the rule applied and a sentence stating both."""

    passed: bool
    quorum_met: bool
    quorum_rule: str
    threshold_rule: str
    winner: str | None
    text: str


def rules_for(kind: str) -> dict[str, str]:
    configured = settings.GOVERNANCE_RULES
    rules = dict(configured.get(kind, configured["default"]))
    if kind == "election" and kind not in configured:
        rules["threshold"] = "most_votes"
    return rules


def quorum_met(rule: str, counts: Counts) -> bool:
    """Whether the ballots cast make the board's quorum (`members.quorum`)."""
    return quorum.quorum_met(rule, seats=counts.seats, taking_part=counts.cast)


def quorum_needed(rule: str, seats: int) -> int:
    return quorum.quorum_needed(rule, seats)


def threshold_met(rule: str, counts: Counts) -> tuple[bool, str | None]:
    """Whether the threshold is met, and the winning candidate for elections."""
    if rule == "more_yes_than_no":
        return counts.yes > counts.no, None
    if rule == "two_thirds_of_seats":
        return counts.seats > 0 and 3 * counts.yes >= 2 * counts.seats, None
    if rule == "most_votes":
        if not counts.candidates:
            return False, None
        best = max(counts.candidates.values())
        leaders = [name for name, votes in counts.candidates.items() if votes == best]
        if best == 0 or len(leaders) > 1:
            return False, None
        return True, leaders[0]
    raise ValueError(f"Unknown threshold rule {rule!r}")


def outcome(kind: str, counts: Counts, *, rules: dict | None = None, names: dict[str, str] | None = None) -> Outcome:
    """Apply the rules (the kind's by default) to the counts and say, in one sentence, what was decided
    and why. Election counts are keyed by candidate id; `names` gives the name each is shown with."""
    rules = rules or rules_for(kind)
    names = names or {}
    quorum_rule, threshold_rule = rules["quorum"], rules["threshold"]
    has_quorum = quorum_met(quorum_rule, counts)
    threshold_ok, winner = threshold_met(threshold_rule, counts)
    passed = has_quorum and threshold_ok
    if counts.candidates:
        votes = ", ".join(
            f"{names.get(key, key)} {n}"
            for key, n in sorted(counts.candidates.items(), key=lambda kv: names.get(kv[0], kv[0]))
        )
        tally = f"{votes}, {counts.abstain} abstain"
    else:
        tally = f"{counts.yes} yes, {counts.no} no, {counts.abstain} abstain"
    verdict = "Passed" if passed else "Failed"
    if winner and passed:
        verdict = f"Passed: {names.get(winner, winner)} elected"
    text = (
        f"{verdict}. {counts.cast} of {counts.seats} seats cast a ballot "
        f"(quorum: {QUORUM_RULES[quorum_rule].words}, {quorum_needed(quorum_rule, counts.seats)} needed — "
        f"{'met' if has_quorum else 'not met'}); {tally} "
        f"(threshold: {THRESHOLD_RULES[threshold_rule]} — {'met' if threshold_ok else 'not met'})."
    )
    return Outcome(
        passed=passed,
        quorum_met=has_quorum,
        quorum_rule=quorum_rule,
        threshold_rule=threshold_rule,
        winner=winner if passed else None,
        text=text,
    )


ABSTAIN_EFFECT = {
    "more_yes_than_no": "an abstention counts towards the quorum but is neither for nor against",
    "two_thirds_of_seats": (
        "an abstention counts towards the quorum but is not a yes: like a seat that does not vote, "
        "it makes the two thirds harder to reach"
    ),
    "most_votes": "an abstention counts towards the quorum but goes to no candidate",
}


def rules_in_words(kind: str, seats: int, rules: dict | None = None) -> list[str]:
    """The rules of a vote as sentences a voter reads before voting."""
    rules = rules or rules_for(kind)
    quorum_rule, threshold_rule = rules["quorum"], rules["threshold"]
    needed = quorum_needed(quorum_rule, seats)
    threshold = f"To pass: {THRESHOLD_RULES[threshold_rule]}"
    if threshold_rule == "two_thirds_of_seats":
        threshold += f" ({-(-2 * seats // 3)} of {seats})"
    return [
        f"Quorum: {QUORUM_RULES[quorum_rule].words} — {needed} of the {seats} seats must cast a ballot.",
        f"{threshold}.",
        f"Abstaining: {ABSTAIN_EFFECT[threshold_rule]}.",
        "Until voting closes a seat may change its ballot; only its latest ballot counts.",
    ]
