"""Whether each company meets the charter's membership criteria, criterion by criterion, with reasons.

The thresholds are settings (PORTAL_CRITERIA). Participation comes from the function named by
settings.PORTAL_PARTICIPATION_PROVIDER (provided by `meetings`): for each company, the meetings counted
and whether it attended each. Its rule is stated once (`participation_rule`, on the directory) and every
page, the CSV and the API read the one criterion built here: until enough meetings count
(MIN_PARTICIPATION_MEETINGS), it is "unknown: not yet measured", never "not met".
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.urls import reverse
from django.utils.module_loading import import_string

from members.models import Company, format_ftes

MET = "met"
NOT_MET = "not_met"
UNKNOWN = "unknown"
STATE_LABELS = {MET: "Met", NOT_MET: "Not met", UNKNOWN: "Unknown"}

OPERATOR_KINDS_MEETING_CHARTER = {
    Company.OperatorKind.MULTI_CLOUD,
    Company.OperatorKind.NETWORK_SERVICE_PROVIDER,
    Company.OperatorKind.BOTH,
}


@dataclass(frozen=True)
class CriterionResult:
    """One charter criterion for one company: met, not met or unknown, and why."""

    key: str
    label: str
    state: str
    reason: str
    # participation: each meeting counted, oldest first, as (date, title, attended), and where the rule is stated
    strip: tuple[tuple[date, str, bool], ...] = ()
    explained_at: str = ""

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]


@dataclass(frozen=True)
class Compliance:
    """All the charter criteria for one company."""

    company: Company
    criteria: tuple[CriterionResult, ...]

    @property
    def state(self) -> str:
        """Not met if any criterion is not met; unknown if any is unknown; met otherwise."""
        states = {c.state for c in self.criteria}
        if NOT_MET in states:
            return NOT_MET
        if UNKNOWN in states:
            return UNKNOWN
        return MET

    @property
    def state_label(self) -> str:
        return {MET: "Meets the criteria", NOT_MET: "Does not meet the criteria", UNKNOWN: "Not fully known"}[
            self.state
        ]

    @property
    def participation(self) -> CriterionResult | None:
        return next((c for c in self.criteria if c.key == PARTICIPATION), None)

    @property
    def unmet(self) -> list[CriterionResult]:
        """Criteria not met or not known: what the directory lists under the badge."""
        return [c for c in self.criteria if c.state != MET]

    @property
    def failed(self) -> list[CriterionResult]:
        return [c for c in self.criteria if c.state == NOT_MET]


def _ftes(n: Decimal | None, what: str) -> str:
    return f"{format_ftes(n)} {what} FTE" if n == 1 else f"{format_ftes(n)} {what} FTEs"


def _operator_kind(company: Company) -> CriterionResult:
    label = "Multi-cloud operator or network service provider"
    if company.operator_kind in OPERATOR_KINDS_MEETING_CHARTER:
        return CriterionResult("operator_kind", label, MET, company.get_operator_kind_display())
    return CriterionResult(
        "operator_kind",
        label,
        NOT_MET,
        "Neither a multi-cloud operator nor a network service provider, as the charter requires",
    )


def _fte_criterion(key: str, label: str, what: str, value: int | None, minimum: int) -> CriterionResult:
    if value is None:
        return CriterionResult(key, label, UNKNOWN, "Not declared yet")
    requirement = f"charter requires at least {minimum}"
    if value >= minimum:
        return CriterionResult(key, label, MET, f"{_ftes(value, what)}; {requirement}")
    return CriterionResult(key, label, NOT_MET, f"{_ftes(value, what)}, {requirement}")


PARTICIPATION = "participation"
PARTICIPATION_RULE_ANCHOR = "participation-rule"

Strip = list[tuple[date, str, bool]]


def participation_provider() -> Callable[[list[Company]], dict[int, Strip]]:
    """The function `meetings` provides (a system check makes sure the setting names one)."""
    return import_string(settings.PORTAL_PARTICIPATION_PROVIDER)


def participation_rule() -> str:
    """The participation criterion's one measure and one window, in words: stated once, on the directory."""
    criteria = settings.PORTAL_CRITERIA
    describe = getattr(participation_provider(), "counted_kinds_label", None)
    kinds = describe() if describe else "meetings"
    needed = criteria["MIN_PARTICIPATION_MEETINGS"]
    return (
        f"Participation is measured on the {kinds} held in the last {criteria['PARTICIPATION_WINDOW_DAYS']} days "
        f"whose agenda was published before they began: a company meets the criterion when someone from it "
        f"attended at least {criteria['MIN_PARTICIPATION_RATE']:.0%} of them. A meeting nobody was told of "
        f"beforehand (a late record, an imported log) counts for no one, and until {needed} meeting"
        f"{'s' if needed != 1 else ''} count, participation is “not yet measured”, never “not met”."
    )


def _participation(strip: Strip | None, explained_at: str) -> CriterionResult:
    """The one statement of a company's participation, from the meetings counted (`participation_rule`)."""
    criteria = settings.PORTAL_CRITERIA
    label, strip = "Participation in meetings", tuple(strip or ())
    counted, attended = len(strip), sum(1 for _, _, present in strip if present)
    needed, minimum = criteria["MIN_PARTICIPATION_MEETINGS"], criteria["MIN_PARTICIPATION_RATE"]
    if not counted:
        return CriterionResult(
            PARTICIPATION, label, UNKNOWN, "Not yet measured: no meeting counted yet", explained_at=explained_at
        )
    figure = f"attended {attended} of {counted} meeting{'s' if counted != 1 else ''} counted"
    if counted < needed:
        reason = f"Not yet measured: {figure}; at least {needed} must count"
        return CriterionResult(PARTICIPATION, label, UNKNOWN, reason, strip, explained_at)
    rate = attended / counted
    reason = f"{figure.capitalize()} ({rate:.0%}), charter requires at least {minimum:.0%}"
    return CriterionResult(PARTICIPATION, label, MET if rate >= minimum else NOT_MET, reason, strip, explained_at)


def compliance_evaluate_many(companies: Iterable[Company]) -> dict[int, Compliance]:
    """Evaluate every company, asking the participation provider once for all of them."""
    companies = list(companies)
    criteria = settings.PORTAL_CRITERIA
    participation: dict[int, Strip] = {}
    provider = participation_provider()
    if companies:
        participation = provider(companies) or {}
    explained_at = f"{reverse('members:directory')}#{PARTICIPATION_RULE_ANCHOR}"
    results = {}
    for company in companies:
        results[company.pk] = Compliance(
            company=company,
            criteria=(
                _operator_kind(company),
                _fte_criterion(
                    "contributing_ftes",
                    "FTEs contributing to OpenStack",
                    "contributing",
                    company.contributing_ftes,
                    criteria["MIN_CONTRIBUTING_FTES"],
                ),
                _fte_criterion(
                    "roadmap_ftes",
                    "FTEs on roadmap-aligned upstream work",
                    "roadmap-aligned",
                    company.roadmap_ftes,
                    criteria["MIN_ROADMAP_FTES"],
                ),
                _participation(participation.get(company.pk), explained_at),
            ),
        )
    return results


def compliance_evaluate(company: Company) -> Compliance:
    """Evaluate one company."""
    return compliance_evaluate_many([company])[company.pk]


def _far_apart(old: Decimal | None, new: Decimal | None) -> bool:
    """A figure far from the last one: more than 5 FTEs away, and three times it or a third of it (a typo's
    extra zero, a figure typed in the wrong field), never the ordinary growth of a team."""
    if old is None or new is None or abs(new - old) <= 5:
        return False
    return new >= 3 * old or 3 * new <= old


def fte_change_consequences(company: Company, *, contributing: Decimal | None, roadmap: Decimal | None) -> list[str]:
    """What saving these figures would do that a coordinator should confirm first: a charter criterion that
    changes state (the company's standing), or a figure far from the last one. Empty: save without asking."""
    criteria = settings.PORTAL_CRITERIA
    said = []
    for key, what, minimum, old, new in (
        ("contributing", "contributing", criteria["MIN_CONTRIBUTING_FTES"], company.contributing_ftes, contributing),
        ("roadmap", "roadmap-aligned", criteria["MIN_ROADMAP_FTES"], company.roadmap_ftes, roadmap),
    ):
        before = _fte_criterion(key, "", what, old, minimum).state
        after = _fte_criterion(key, "", what, new, minimum).state
        if before != after:
            said.append(
                f"{company.name}'s {what} FTEs go from {format_ftes(old)} to {format_ftes(new)}: the charter's "
                f"minimum of {minimum} becomes “{STATE_LABELS[after].lower()}” "
                f"(it was “{STATE_LABELS[before].lower()}”)."
            )
        elif _far_apart(old, new):
            said.append(
                f"{company.name}'s {what} FTEs go from {format_ftes(old)} to {format_ftes(new)}: far from the last "
                "declared figure. Check the number before saving."
            )
    return said
