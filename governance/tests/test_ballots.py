import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from governance.models import Ballot, Motion
from governance.record import receipt_hash
from governance.services.ballots import ballot_cast
from governance.services.lifecycle import motion_close
from governance.tests.conftest import in_days
from members.models import RoleAssignment
from members.services import role_assign
from members.tests.factories import UserFactory


def test_a_seat_holder_casts_a_ballot_and_gets_a_receipt_whose_hash_is_in_the_record(
    voting_motion, other_company, other_board_member
):
    ballot, receipt = ballot_cast(motion=voting_motion, company=other_company, by=other_board_member, choice="yes")
    assert ballot.choice == "yes"
    assert ballot.receipt_hash == receipt_hash(receipt)
    entry = voting_motion.log.get(event="ballot")
    assert entry.payload["receipt_hash"] == receipt_hash(receipt)
    assert entry.payload["company"] == "ntt"


def test_the_receipt_itself_is_not_stored(voting_motion, other_company, other_board_member):
    _, receipt = ballot_cast(motion=voting_motion, company=other_company, by=other_board_member, choice="no")
    assert not Ballot.objects.filter(receipt_hash=receipt).exists()
    assert not voting_motion.log.filter(payload__receipt_hash=receipt).exists()


def test_the_alternate_may_vote_for_the_company(voting_motion, other_company):
    alternate = UserFactory()
    role_assign(company=other_company, user=alternate, role=RoleAssignment.Role.BOARD_ALTERNATE, by=None)
    ballot, _ = ballot_cast(motion=voting_motion, company=other_company, by=alternate, choice="abstain")
    assert ballot.cast_by == alternate


def test_a_seat_holder_cannot_vote_for_another_company(voting_motion, company, other_board_member):
    with pytest.raises(PermissionDenied):
        ballot_cast(motion=voting_motion, company=company, by=other_board_member, choice="yes")
    assert not voting_motion.ballots.exists()


@pytest.mark.parametrize("who", ["member_user", "coordinator", "secretariat"])
def test_people_without_a_seat_cannot_vote(voting_motion, company, persona, who):
    with pytest.raises(PermissionDenied):
        ballot_cast(motion=voting_motion, company=company, by=persona(who), choice="yes")


def test_ballots_are_refused_while_the_motion_is_open_for_consensus(
    consensus_motion, other_company, other_board_member
):
    with pytest.raises(ValidationError):
        ballot_cast(motion=consensus_motion, company=other_company, by=other_board_member, choice="yes")


def test_ballots_are_refused_after_the_voting_deadline(voting_motion, other_company, other_board_member):
    Motion.objects.filter(pk=voting_motion.pk).update(voting_deadline=in_days(-0.01))
    with pytest.raises(ValidationError):
        ballot_cast(motion=voting_motion, company=other_company, by=other_board_member, choice="yes")


def test_ballots_are_refused_after_closing(voting_motion, chair, other_company, other_board_member):
    motion_close(motion=voting_motion, by=chair, reason="Closed early for the test")
    with pytest.raises(ValidationError):
        ballot_cast(motion=voting_motion, company=other_company, by=other_board_member, choice="yes")


def test_an_invalid_choice_is_refused(voting_motion, other_company, other_board_member):
    with pytest.raises(ValidationError):
        ballot_cast(motion=voting_motion, company=other_company, by=other_board_member, choice="maybe")


def test_changing_a_ballot_keeps_one_row_and_every_cast_in_the_record(voting_motion, other_company, other_board_member):
    first, first_receipt = ballot_cast(motion=voting_motion, company=other_company, by=other_board_member, choice="yes")
    second, second_receipt = ballot_cast(
        motion=voting_motion, company=other_company, by=other_board_member, choice="no"
    )
    assert first.pk == second.pk
    assert Ballot.objects.filter(motion=voting_motion, company=other_company).count() == 1
    assert second.history.count() == 2
    entries = list(voting_motion.log.filter(event="ballot").order_by("seq"))
    assert [e.payload["choice"] for e in entries] == ["yes", "no"]
    assert entries[1].payload["supersedes"] == receipt_hash(first_receipt)
    assert second.receipt_hash == receipt_hash(second_receipt)


def test_the_tally_counts_the_last_ballot_of_each_company(
    voting_motion, chair, company, other_company, other_board_member
):
    ballot_cast(motion=voting_motion, company=other_company, by=other_board_member, choice="no")
    ballot_cast(motion=voting_motion, company=other_company, by=other_board_member, choice="yes")
    ballot_cast(motion=voting_motion, company=company, by=chair, choice="yes")
    motion = motion_close(motion=voting_motion, by=chair, reason="Closed early for the test")
    assert motion.status == Motion.Status.PASSED
    assert (motion.tally["yes"], motion.tally["no"], motion.tally["cast"], motion.tally["seats"]) == (2, 0, 2, 3)
    assert "more yes than no" in motion.result_text


def test_a_vote_without_quorum_fails_and_says_so(voting_motion, chair, company):
    ballot_cast(motion=voting_motion, company=company, by=chair, choice="yes")
    motion = motion_close(motion=voting_motion, by=chair, reason="Closed early for the test")
    assert motion.status == Motion.Status.FAILED
    assert "not met" in motion.result_text and "2 needed" in motion.result_text
