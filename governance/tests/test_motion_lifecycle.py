import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from governance.models import Motion, MotionTransition
from governance.services.lifecycle import motion_call_vote, motion_close, motion_open, motion_withdraw, objection_raise
from governance.tests.conftest import in_days
from kernel import events
from members.models import Company


def test_opening_a_motion_snapshots_the_seated_companies_as_its_electorate(draft, chair, seats):
    CompanyStatus = Company.Status
    outsider = Company.objects.create(name="Walmart", slug="walmart", status=CompanyStatus.PARTICIPATING)
    motion = motion_open(motion=draft, by=chair, consensus_deadline=in_days(7))
    assert motion.status == Motion.Status.CONSENSUS
    assert set(motion.electorate.all()) == set(seats)
    assert outsider not in motion.electorate.all()
    transition = MotionTransition.objects.get(motion=motion, to_status=Motion.Status.CONSENSUS)
    assert transition.by == chair and transition.from_status == Motion.Status.DRAFT


def test_secretariat_may_open_a_motion_as_the_chairs_clerk(draft, secretariat):
    motion = motion_open(motion=draft, by=secretariat, consensus_deadline=in_days(7))
    assert motion.status == Motion.Status.CONSENSUS


def test_a_board_member_who_is_not_chair_cannot_open_a_motion(draft, other_board_member):
    with pytest.raises(PermissionDenied):
        motion_open(motion=draft, by=other_board_member, consensus_deadline=in_days(7))
    draft.refresh_from_db()
    assert draft.status == Motion.Status.DRAFT


def test_a_motion_cannot_open_with_a_deadline_in_the_past(draft, chair):
    with pytest.raises(ValidationError):
        motion_open(motion=draft, by=chair, consensus_deadline=in_days(-1))


def test_an_objection_by_a_seat_holder_moves_the_motion_to_objected(
    consensus_motion, other_company, other_board_member
):
    objection_raise(motion=consensus_motion, company=other_company, by=other_board_member, reason="Too soon")
    consensus_motion.refresh_from_db()
    assert consensus_motion.status == Motion.Status.OBJECTED
    assert consensus_motion.log.filter(event="objection").count() == 1


def test_a_seat_holder_cannot_object_for_another_company(consensus_motion, company, other_board_member):
    with pytest.raises(PermissionDenied):
        objection_raise(motion=consensus_motion, company=company, by=other_board_member, reason="x")
    assert not consensus_motion.objections.exists()


def test_a_coordinator_cannot_object(consensus_motion, company, coordinator):
    with pytest.raises(PermissionDenied):
        objection_raise(motion=consensus_motion, company=company, by=coordinator, reason="x")


def test_a_company_objects_only_once(consensus_motion, other_company, other_board_member):
    objection_raise(motion=consensus_motion, company=other_company, by=other_board_member, reason="One")
    with pytest.raises(ValidationError):
        objection_raise(motion=consensus_motion, company=other_company, by=other_board_member, reason="Two")


def test_objections_are_refused_on_a_draft(draft, other_company, other_board_member):
    with pytest.raises(ValidationError):
        objection_raise(motion=draft, company=other_company, by=other_board_member, reason="x")


def test_only_the_chair_calls_a_vote(consensus_motion, other_company, other_board_member, secretariat):
    objection_raise(motion=consensus_motion, company=other_company, by=other_board_member, reason="No")
    for person in (secretariat, other_board_member):
        with pytest.raises(PermissionDenied):
            motion_call_vote(motion=consensus_motion, by=person, voting_deadline=in_days(7))
    consensus_motion.refresh_from_db()
    assert consensus_motion.status == Motion.Status.OBJECTED


def test_a_vote_cannot_be_called_without_an_objection(consensus_motion, chair):
    with pytest.raises(ValidationError):
        motion_call_vote(motion=consensus_motion, by=chair, voting_deadline=in_days(7))


def test_calling_a_vote_snapshots_the_electorate_again(consensus_motion, chair, other_company, other_board_member):
    objection_raise(motion=consensus_motion, company=other_company, by=other_board_member, reason="No")
    newcomer = Company.objects.create(
        name="Intel", slug="intel", status=Company.Status.MEMBER, member_since="2017-01-01"
    )
    motion = motion_call_vote(motion=consensus_motion, by=chair, voting_deadline=in_days(7))
    assert newcomer in motion.electorate.all()
    assert motion.status == Motion.Status.VOTING


def test_consensus_closes_as_adopted_only_after_its_deadline(consensus_motion, chair):
    with pytest.raises(ValidationError):
        motion_close(motion=consensus_motion, by=chair)
    Motion.objects.filter(pk=consensus_motion.pk).update(consensus_deadline=in_days(-1))
    motion = motion_close(motion=consensus_motion, by=chair)
    assert motion.status == Motion.Status.ADOPTED
    assert "consensus" in motion.result_text


def test_an_objected_motion_cannot_be_closed_as_adopted(voting_motion, chair):
    Motion.objects.filter(pk=voting_motion.pk).update(status=Motion.Status.OBJECTED)
    with pytest.raises(ValidationError):
        motion_close(motion=voting_motion, by=chair)


def test_withdrawing_records_who_and_why(consensus_motion, secretariat):
    motion = motion_withdraw(motion=consensus_motion, by=secretariat, reason="Superseded")
    assert motion.status == Motion.Status.WITHDRAWN
    assert motion.transitions.last().note == "Superseded"
    assert motion.transitions.last().by == secretariat


def test_a_withdrawn_motion_cannot_be_withdrawn_again(consensus_motion, secretariat):
    motion_withdraw(motion=consensus_motion, by=secretariat, reason="Superseded")
    with pytest.raises(ValidationError):
        motion_withdraw(motion=consensus_motion, by=secretariat, reason="Again")


def test_an_ordinary_member_cannot_withdraw_a_motion(consensus_motion, member_user):
    with pytest.raises(PermissionDenied):
        motion_withdraw(motion=consensus_motion, by=member_user, reason="x")


def test_opening_emits_motion_opened(draft, chair, monkeypatch):
    received = []
    monkeypatch.setitem(events.HANDLERS, "motion_opened", [record_event])
    RECEIVED.clear()
    motion_open(motion=draft, by=chair, consensus_deadline=in_days(7))
    received = list(RECEIVED)
    assert received == [draft.pk]


RECEIVED: list[int] = []


def record_event(*, motion: Motion) -> None:
    RECEIVED.append(motion.pk)
