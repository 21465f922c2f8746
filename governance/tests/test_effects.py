"""Every effect of a decided motion: membership, the charter, the roadmap, the officers."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from governance.models import CharterVersion, Motion, OfficerTerm
from governance.services.ballots import ballot_cast
from governance.services.lifecycle import (
    motion_call_vote,
    motion_close,
    motion_give_notice,
    motion_open,
    motion_withdraw,
    objection_raise,
)
from governance.tests.conftest import in_days
from governance.tests.factories import CandidateFactory, MotionFactory, RoadmapQuarterFactory
from members.models import Company, MembershipTransition
from members.tests.factories import CompanyFactory


def _pass_by_vote(motion, chair, seats) -> Motion:
    """Open, object, call the vote, every seat votes yes, close."""
    _company, other_company = list(seats)[:2]
    motion_open(motion=motion, by=chair, consensus_deadline=in_days(7))
    objection_raise(motion=motion, company=other_company, by=seats[other_company], reason="Discuss")
    motion_call_vote(motion=motion, by=chair, voting_deadline=in_days(7))
    for seat, holder in seats.items():
        ballot_cast(motion=motion, company=seat, by=holder, choice="yes")
    return motion_close(motion=motion, by=chair)


def _adopt_by_consensus(motion, chair) -> Motion:
    motion_open(motion=motion, by=chair, consensus_deadline=in_days(7))
    Motion.objects.filter(pk=motion.pk).update(consensus_deadline=in_days(-0.01))
    return motion_close(motion=motion, by=chair)


def test_a_passed_admission_makes_the_company_a_member_with_a_seat(seats, chair):
    comcast = CompanyFactory(name="Comcast", slug="comcast", status=Company.Status.REQUESTED, member_since=None)
    motion = MotionFactory(kind=Motion.Kind.ADMIT, subject_company=comcast, proposer=chair)
    motion = _pass_by_vote(motion, chair, seats)
    comcast.refresh_from_db()
    assert motion.status == Motion.Status.PASSED
    assert comcast.status == Company.Status.MEMBER and comcast.is_seated
    assert MembershipTransition.objects.get(company=comcast, to_status="member").reference == f"Motion #{motion.pk}"


def test_an_admission_adopted_by_consensus_also_admits(seats, chair):
    comcast = CompanyFactory(name="Comcast", slug="comcast", status=Company.Status.REQUESTED, member_since=None)
    _adopt_by_consensus(MotionFactory(kind=Motion.Kind.ADMIT, subject_company=comcast, proposer=chair), chair)
    comcast.refresh_from_db()
    assert comcast.status == Company.Status.MEMBER


def test_a_revocation_starts_with_notice_and_a_cure_period_before_it_may_open(seats, chair, third_company):
    motion = MotionFactory(kind=Motion.Kind.REVOKE, subject_company=third_company, proposer=chair)
    with pytest.raises(ValidationError):
        motion_open(motion=motion, by=chair, consensus_deadline=in_days(7))
    motion_give_notice(motion=motion, by=chair)
    third_company.refresh_from_db()
    motion.refresh_from_db()
    assert third_company.status == Company.Status.UNDER_REVIEW
    assert motion.cure_period_ends_at > timezone.now() + timedelta(days=29)
    with pytest.raises(ValidationError):
        motion_open(motion=motion, by=chair, consensus_deadline=in_days(7))


def test_a_passed_revocation_revokes_the_membership_and_removes_the_seat(seats, chair, third_company):
    motion = MotionFactory(kind=Motion.Kind.REVOKE, subject_company=third_company, proposer=chair)
    motion_give_notice(motion=motion, by=chair)
    Motion.objects.filter(pk=motion.pk).update(cure_period_ends_at=in_days(-1))
    motion.refresh_from_db()
    motion = _pass_by_vote(motion, chair, seats)
    third_company.refresh_from_db()
    assert motion.status == Motion.Status.PASSED
    assert third_company.status == Company.Status.REVOKED and not third_company.is_seated


def test_a_failed_revocation_returns_the_company_to_membership(seats, chair, third_company):
    motion = MotionFactory(kind=Motion.Kind.REVOKE, subject_company=third_company, proposer=chair)
    motion_give_notice(motion=motion, by=chair)
    Motion.objects.filter(pk=motion.pk).update(cure_period_ends_at=in_days(-1))
    motion.refresh_from_db()
    motion_open(motion=motion, by=chair, consensus_deadline=in_days(7))
    motion_withdraw(motion=motion, by=chair, reason="The company caught up")
    third_company.refresh_from_db()
    assert third_company.status == Company.Status.MEMBER


def test_a_passed_charter_amendment_becomes_the_current_charter(seats, chair):
    CharterVersion.objects.create(
        number=1, effective_on="2016-05-01", text="Old", change_summary="First", author_name="Jamey"
    )
    motion = MotionFactory(
        kind=Motion.Kind.CHARTER_AMENDMENT,
        charter_text="# New charter",
        charter_change_summary="Rewrite",
        proposer=chair,
    )
    _pass_by_vote(motion, chair, seats)
    current = CharterVersion.objects.first()
    assert (current.number, current.text, current.change_summary, current.adopted_by) == (
        2,
        "# New charter",
        "Rewrite",
        motion,
    )


def test_a_charter_amendment_needs_two_thirds_of_all_seats(seats, chair):
    motion = MotionFactory(kind=Motion.Kind.CHARTER_AMENDMENT, charter_text="# New", proposer=chair)
    company, other_company, third_company = list(seats)
    motion_open(motion=motion, by=chair, consensus_deadline=in_days(7))
    objection_raise(motion=motion, company=other_company, by=seats[other_company], reason="No")
    motion_call_vote(motion=motion, by=chair, voting_deadline=in_days(7))
    ballot_cast(motion=motion, company=company, by=chair, choice="yes")
    ballot_cast(motion=motion, company=other_company, by=seats[other_company], choice="abstain")
    ballot_cast(motion=motion, company=third_company, by=seats[third_company], choice="abstain")
    motion = motion_close(motion=motion, by=chair)
    assert motion.status == Motion.Status.FAILED  # 1 yes of 3 seats: more yes than no, but not two thirds
    assert not CharterVersion.objects.exists()


def test_a_passed_roadmap_approval_publishes_the_quarter(seats, chair):
    quarter = RoadmapQuarterFactory(year=2017, quarter=1)
    motion = MotionFactory(kind=Motion.Kind.ROADMAP_APPROVAL, roadmap_quarter=quarter, proposer=chair)
    _adopt_by_consensus(motion, chair)
    quarter.refresh_from_db()
    assert quarter.is_published


def test_a_passed_election_sets_the_new_chair_for_a_year(seats, chair, other_company, other_board_member):
    motion = MotionFactory(kind=Motion.Kind.ELECTION, secret_ballot=True, proposer=chair)
    CandidateFactory(motion=motion, user=chair, company=next(iter(seats)))
    candidate = CandidateFactory(motion=motion, user=other_board_member, company=other_company)
    motion_open(motion=motion, by=chair, consensus_deadline=in_days(7))
    motion_call_vote(motion=motion, by=chair, voting_deadline=in_days(7))
    for seat, holder in seats.items():
        ballot_cast(motion=motion, company=seat, by=holder, candidate=candidate)
    motion = motion_close(motion=motion, by=chair)
    assert motion.status == Motion.Status.PASSED
    current = OfficerTerm.objects.current().get(office="chair")
    assert current.user == other_board_member and current.elected_by == motion
    assert current.ends_on > current.starts_on + timedelta(days=360)
    # a secret ballot keeps the companies out of the published record
    assert all("company" not in entry.payload for entry in motion.log.filter(event="ballot"))


def test_a_failed_motion_has_no_effect(seats, chair):
    comcast = CompanyFactory(name="Comcast", slug="comcast", status=Company.Status.REQUESTED, member_since=None)
    motion = MotionFactory(kind=Motion.Kind.ADMIT, subject_company=comcast, proposer=chair)
    _company, other_company = list(seats)[:2]
    motion_open(motion=motion, by=chair, consensus_deadline=in_days(7))
    objection_raise(motion=motion, company=other_company, by=seats[other_company], reason="No")
    motion_call_vote(motion=motion, by=chair, voting_deadline=in_days(7))
    for seat, holder in seats.items():
        ballot_cast(motion=motion, company=seat, by=holder, choice="no")
    motion_close(motion=motion, by=chair)
    comcast.refresh_from_db()
    assert comcast.status == Company.Status.REQUESTED
