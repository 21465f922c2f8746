"""The charter's criteria, each met / not met / unknown with a reason a person can read."""

import pytest

from members.compliance import (
    MET,
    NOT_MET,
    UNKNOWN,
    compliance_evaluate,
    compliance_evaluate_many,
    participation_rule,
)
from members.models import Company
from members.tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


def criterion(company, key):
    return next(c for c in compliance_evaluate(company).criteria if c.key == key)


@pytest.mark.parametrize(
    ("kind", "state"),
    [
        (Company.OperatorKind.MULTI_CLOUD, MET),
        (Company.OperatorKind.NETWORK_SERVICE_PROVIDER, MET),
        (Company.OperatorKind.BOTH, MET),
        (Company.OperatorKind.NEITHER, NOT_MET),
    ],
)
def test_operator_kind_is_met_by_multi_cloud_operators_and_network_service_providers(kind, state):
    result = criterion(CompanyFactory(operator_kind=kind), "operator_kind")
    assert result.state == state


def test_operator_kind_not_met_says_why():
    result = criterion(CompanyFactory(operator_kind=Company.OperatorKind.NEITHER), "operator_kind")
    assert result.reason == "Neither a multi-cloud operator nor a network service provider, as the charter requires"


def test_contributing_ftes_below_the_minimum_are_not_met_with_the_charter_figure(settings):
    settings.PORTAL_CRITERIA = {**settings.PORTAL_CRITERIA, "MIN_CONTRIBUTING_FTES": 4}
    result = criterion(CompanyFactory(contributing_ftes=3), "contributing_ftes")
    assert result.state == NOT_MET
    assert result.reason == "3 contributing FTEs, charter requires at least 4"


def test_contributing_ftes_at_the_minimum_are_met(settings):
    settings.PORTAL_CRITERIA = {**settings.PORTAL_CRITERIA, "MIN_CONTRIBUTING_FTES": 4}
    result = criterion(CompanyFactory(contributing_ftes=4), "contributing_ftes")
    assert result.state == MET
    assert result.reason == "4 contributing FTEs; charter requires at least 4"


def test_the_threshold_comes_from_the_settings(settings):
    settings.PORTAL_CRITERIA = {**settings.PORTAL_CRITERIA, "MIN_CONTRIBUTING_FTES": 10}
    result = criterion(CompanyFactory(contributing_ftes=6), "contributing_ftes")
    assert result.state == NOT_MET
    assert result.reason == "6 contributing FTEs, charter requires at least 10"


def test_undeclared_ftes_are_unknown_not_declared_yet():
    company = CompanyFactory(contributing_ftes=None, roadmap_ftes=None)
    for key in ["contributing_ftes", "roadmap_ftes"]:
        result = criterion(company, key)
        assert (result.state, result.reason) == (UNKNOWN, "Not declared yet")


def test_roadmap_ftes_below_the_minimum_are_not_met(settings):
    settings.PORTAL_CRITERIA = {**settings.PORTAL_CRITERIA, "MIN_ROADMAP_FTES": 2}
    result = criterion(CompanyFactory(roadmap_ftes=1), "roadmap_ftes")
    assert result.state == NOT_MET
    assert result.reason == "1 roadmap-aligned FTE, charter requires at least 2"


def test_roadmap_ftes_at_the_minimum_are_met(settings):
    settings.PORTAL_CRITERIA = {**settings.PORTAL_CRITERIA, "MIN_ROADMAP_FTES": 2}
    assert criterion(CompanyFactory(roadmap_ftes=2), "roadmap_ftes").state == MET


def test_participation_is_not_yet_measured_for_a_company_the_provider_does_not_know(participation):
    result = criterion(CompanyFactory(), "participation")
    assert (result.state, result.reason) == (UNKNOWN, "Not yet measured: no meeting counted yet")


def test_participation_is_not_yet_measured_when_no_meeting_was_held(participation):
    company = CompanyFactory()
    participation[company.pk] = (0, 0)
    assert criterion(company, "participation").state == UNKNOWN


def test_participation_below_the_rate_is_not_met_with_the_figures(participation, settings):
    settings.PORTAL_CRITERIA = {**settings.PORTAL_CRITERIA, "MIN_PARTICIPATION_RATE": 0.5}
    company = CompanyFactory()
    participation[company.pk] = (2, 8)
    result = criterion(company, "participation")
    assert result.state == NOT_MET
    assert result.reason == "Attended 2 of 8 meetings counted (25%), charter requires at least 50%"
    assert [present for _, _, present in result.strip] == [True, True] + [False] * 6


def test_participation_at_the_rate_is_met(participation, settings):
    settings.PORTAL_CRITERIA = {**settings.PORTAL_CRITERIA, "MIN_PARTICIPATION_RATE": 0.5}
    company = CompanyFactory()
    participation[company.pk] = (4, 8)
    assert criterion(company, "participation").state == MET


@pytest.mark.parametrize("counted", [1, 2])
def test_fewer_meetings_than_the_minimum_never_make_participation_not_met(participation, settings, counted):
    """One meeting missed alone (or two) is "not yet measured", never "does not meet the criteria"."""
    settings.PORTAL_CRITERIA = {**settings.PORTAL_CRITERIA, "MIN_PARTICIPATION_MEETINGS": 3}
    company = CompanyFactory(contributing_ftes=10, roadmap_ftes=5)
    participation[company.pk] = (0, counted)
    result = criterion(company, "participation")
    assert result.state == UNKNOWN
    assert result.reason == (
        f"Not yet measured: attended 0 of {counted} meeting{'s' if counted > 1 else ''} counted; at least 3 must count"
    )
    assert compliance_evaluate(company).state_label == "Not fully known"
    participation[company.pk] = (0, 3)
    assert criterion(company, "participation").state == NOT_MET


def test_the_participation_rule_is_stated_with_the_settings_and_linked_from_the_criterion(participation, settings):
    settings.PORTAL_CRITERIA = {
        **settings.PORTAL_CRITERIA,
        "PARTICIPATION_WINDOW_DAYS": 183,
        "MIN_PARTICIPATION_RATE": 0.5,
        "MIN_PARTICIPATION_MEETINGS": 3,
    }
    settings.PORTAL_PARTICIPATION_PROVIDER = "meetings.participation.participation_by_company"
    rule = participation_rule()
    assert "general meetings held in the last 183 days whose agenda was published before they began" in rule
    assert "at least 50%" in rule and "until 3 meetings count" in rule and "never “not met”" in rule
    assert criterion(CompanyFactory(), "participation").explained_at == "/members/#participation-rule"


def test_overall_state_is_not_met_if_any_criterion_fails_and_unknown_if_any_is_unknown(participation):
    good = CompanyFactory(contributing_ftes=10, roadmap_ftes=5)
    unknown = CompanyFactory(contributing_ftes=10, roadmap_ftes=5)
    failing = CompanyFactory(contributing_ftes=1, roadmap_ftes=None)
    participation[good.pk] = (8, 8)
    participation[failing.pk] = (8, 8)
    results = compliance_evaluate_many([good, unknown, failing])
    assert results[good.pk].state == MET
    assert results[unknown.pk].state == UNKNOWN
    assert results[failing.pk].state == NOT_MET
    assert [c.key for c in results[failing.pk].failed] == ["contributing_ftes"]


def test_many_companies_are_evaluated_with_one_provider_call_and_no_query(
    participation, provider_calls, django_assert_num_queries
):
    companies = CompanyFactory.create_batch(30)
    with django_assert_num_queries(0):
        results = compliance_evaluate_many(companies)
    assert len(results) == 30
    assert len(provider_calls) == 1
