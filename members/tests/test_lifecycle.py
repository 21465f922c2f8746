"""The joining procedure: only the allowed steps are possible; a refused one changes nothing."""

import pytest
from django.core.exceptions import ValidationError

from members.models import Company, MembershipTransition
from members.services import ALLOWED_TRANSITIONS, BOARD_STATUSES, company_transition, secretariat_steps
from members.tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db

STATUSES = [s.value for s in Company.Status]
ALLOWED = [(a, b) for a in STATUSES for b in STATUSES if b in ALLOWED_TRANSITIONS[a]]
REFUSED = [(a, b) for a in STATUSES for b in STATUSES if b not in ALLOWED_TRANSITIONS[a]]


def company_in(status: str) -> Company:
    seated = status in Company.Status.seated()
    return CompanyFactory(status=status, member_since="2020-01-01" if seated else None)


def test_the_procedure_of_the_wiki_page_is_allowed_step_by_step(secretariat):
    company = company_in(Company.Status.PROSPECT)
    for step in ["participating", "requested", "member", "under_review", "revoked"]:
        board = step in BOARD_STATUSES
        company_transition(company=company, to_status=step, by=secretariat, reason="Step", decided_by_motion=board)
    company.refresh_from_db()
    assert company.status == "revoked"
    assert company.transitions.count() == 5


@pytest.mark.parametrize(("from_status", "to_status"), ALLOWED)
def test_an_allowed_transition_is_made_dated_with_who_and_why(from_status, to_status, secretariat):
    company = company_in(from_status)
    transition = company_transition(
        company=company,
        to_status=to_status,
        by=secretariat,
        reason="Decided at the general meeting",
        decided_by_motion=True,
    )
    company.refresh_from_db()
    assert company.status == to_status
    assert (transition.from_status, transition.to_status) == (from_status, to_status)
    assert transition.by == secretariat
    assert transition.reason == "Decided at the general meeting"
    assert transition.at is not None


@pytest.mark.parametrize(("from_status", "to_status"), REFUSED)
def test_a_refused_transition_is_a_clear_error_and_changes_nothing(from_status, to_status, secretariat):
    company = company_in(from_status)
    with pytest.raises(ValidationError, match="cannot go from"):
        company_transition(company=company, to_status=to_status, by=secretariat, reason="Try")
    company.refresh_from_db()
    assert company.status == from_status
    assert not MembershipTransition.objects.filter(company=company).exists()
    assert company.history.count() == 1


def test_a_transition_without_a_reason_is_refused(secretariat):
    company = company_in(Company.Status.PROSPECT)
    with pytest.raises(ValidationError, match="Say why"):
        company_transition(company=company, to_status="participating", by=secretariat, reason="  ")
    company.refresh_from_db()
    assert company.status == Company.Status.PROSPECT


def test_becoming_a_member_sets_member_since_and_a_review_keeps_it(secretariat):
    company = company_in(Company.Status.REQUESTED)
    company_transition(company=company, to_status="member", by=secretariat, reason="Welcomed", decided_by_motion=True)
    company.refresh_from_db()
    since = company.member_since
    assert since is not None
    company_transition(company=company, to_status="under_review", by=secretariat, reason="3", decided_by_motion=True)
    company_transition(company=company, to_status="member", by=secretariat, reason="5 FTEs", decided_by_motion=True)
    company.refresh_from_db()
    assert company.member_since == since


def test_the_change_is_in_the_company_history_with_who_and_why(secretariat):
    company = company_in(Company.Status.PROSPECT)
    company_transition(company=company, to_status="participating", by=secretariat, reason="Attends meetings")
    latest = company.history.latest()
    assert latest.status == "participating"
    assert latest.history_change_reason == "Attends meetings"
    assert latest.history_user == secretariat


def test_a_long_reason_is_kept_in_full_on_the_transition(secretariat):
    company = company_in(Company.Status.PROSPECT)
    reason = "Attends every general meeting. " * 10
    transition = company_transition(company=company, to_status="participating", by=secretariat, reason=reason)
    assert transition.reason == reason
    assert len(company.history.latest().history_change_reason) <= 100


BOARD_STEPS = [(a, b) for a, b in ALLOWED if b in BOARD_STATUSES or a == Company.Status.UNDER_REVIEW]


@pytest.mark.parametrize(("from_status", "to_status"), BOARD_STEPS)
def test_a_board_step_without_a_decided_motion_is_refused_whoever_asks(from_status, to_status, secretariat):
    company = company_in(from_status)
    with pytest.raises(ValidationError, match="Only a decided board motion"):
        company_transition(company=company, to_status=to_status, by=secretariat, reason="The Secretariat says so")
    company.refresh_from_db()
    assert company.status == from_status
    assert not MembershipTransition.objects.filter(company=company).exists()


def test_the_secretariat_records_only_the_joining_steps_and_withdrawal():
    assert sorted(secretariat_steps("prospect")) == ["participating", "withdrawn"]
    assert sorted(secretariat_steps("participating")) == ["requested", "withdrawn"]
    assert sorted(secretariat_steps("requested")) == ["participating", "withdrawn"]
    assert secretariat_steps("member") == ["withdrawn"]
    assert secretariat_steps("under_review") == []
    assert "member" not in secretariat_steps("requested")
