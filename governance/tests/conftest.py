"""Governance fixtures: a chair, a third seat, and motions at each step of their life."""

from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import _person
from governance.models import Motion
from governance.services.lifecycle import motion_call_vote, motion_open, objection_raise
from governance.tests.factories import MotionFactory, OfficerTermFactory
from members.models import Company, RoleAssignment
from members.tests.factories import CompanyFactory


@pytest.fixture
def chair(board_member, company):
    """AT&T's board representative, chair for the current term."""
    OfficerTermFactory(user=board_member, company=company)
    return board_member


@pytest.fixture
def third_company(db) -> Company:
    return CompanyFactory(name="Orange", slug="orange")


@pytest.fixture
def third_board_member(third_company):
    return _person("board.orange@example.org", third_company, RoleAssignment.Role.BOARD_REPRESENTATIVE)


@pytest.fixture
def seats(company, other_company, third_company, chair, other_board_member, third_board_member):
    """Three seated companies with their representatives; AT&T's is chair."""
    return {company: chair, other_company: other_board_member, third_company: third_board_member}


def in_days(days: float):
    return timezone.now() + timedelta(days=days)


@pytest.fixture
def draft(seats, chair) -> Motion:
    return MotionFactory(proposer=chair)


@pytest.fixture
def consensus_motion(draft, chair) -> Motion:
    return motion_open(motion=draft, by=chair, consensus_deadline=in_days(7))


@pytest.fixture
def voting_motion(consensus_motion, chair, other_company, other_board_member) -> Motion:
    objection_raise(motion=consensus_motion, company=other_company, by=other_board_member, reason="Not yet.")
    return motion_call_vote(motion=consensus_motion, by=chair, voting_deadline=in_days(7))
