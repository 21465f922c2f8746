"""Deciding acts on motions are deliberate: a confirmation page states the consequence; closing a vote
early needs every seat's ballot or a recorded reason; once voting is open only the chair withdraws."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from governance.models import Motion, MotionLogEntry
from governance.services.ballots import ballot_cast
from governance.services.lifecycle import motion_close, motion_withdraw
from governance.tests.conftest import in_days

pytestmark = pytest.mark.django_db
CONFIRM = {"confirm": "yes"}


def url(name: str, motion: Motion) -> str:
    return reverse(f"governance:{name}", args=[motion.pk])


def test_closing_a_vote_early_without_every_ballot_or_a_reason_is_refused(voting_motion, chair, secretariat):
    for person in (chair, secretariat):
        with pytest.raises(ValidationError, match="3 seats have not voted"):
            motion_close(motion=voting_motion, by=person)
    voting_motion.refresh_from_db()
    assert voting_motion.status == Motion.Status.VOTING and voting_motion.closed_at is None


def test_closing_a_vote_early_with_a_reason_records_when_and_why(client, voting_motion, chair):
    motion = motion_close(motion=voting_motion, by=chair, reason="The board met and agreed to close.")
    assert motion.status == Motion.Status.FAILED
    assert motion.close_reason == "The board met and agreed to close."
    assert motion.transitions.last().note == "Closed before its deadline: The board met and agreed to close."
    closed = MotionLogEntry.objects.get(motion=motion, event="closed")
    assert closed.payload["early"] == "The board met and agreed to close."
    page = client.get(url("motion", motion)).content.decode()
    assert "Closed early" in page and "The board met and agreed to close." in page


def test_closing_early_once_every_seat_has_voted_needs_no_reason(voting_motion, chair, seats):
    for company, person in seats.items():
        ballot_cast(motion=voting_motion, company=company, by=person, choice="yes")
    motion = motion_close(motion=voting_motion, by=chair)
    assert motion.status == Motion.Status.PASSED and motion.close_reason == "Every seat had voted."


def test_the_close_button_first_says_who_has_not_voted_and_that_quorum_fails(client_for, chair, voting_motion):
    response = client_for(chair).post(url("motion-close", voting_motion))
    consequences = " ".join(response.context["consequences"])
    assert "3 seats have not voted (0 of 3 cast); the motion will fail for lack of quorum" in consequences
    assert "this e-mails 3 people" in consequences
    assert "Why does voting close before its deadline?" in response.content.decode()
    voting_motion.refresh_from_db()
    assert voting_motion.status == Motion.Status.VOTING


def test_a_confirmed_early_close_without_a_reason_is_shown_again_with_the_error(client_for, chair, voting_motion):
    response = client_for(chair).post(url("motion-close", voting_motion), CONFIRM)
    assert response.status_code == 200 and "say why voting closes early" in response.content.decode()
    voting_motion.refresh_from_db()
    assert voting_motion.status == Motion.Status.VOTING


@pytest.mark.parametrize("who", ["secretariat", "other_board_member"])
def test_once_voting_is_open_only_the_chair_withdraws(client_for, request, who, voting_motion):
    person = request.getfixturevalue(who)
    Motion.objects.filter(pk=voting_motion.pk).update(proposer=person)
    voting_motion.refresh_from_db()
    with pytest.raises(PermissionDenied):
        motion_withdraw(motion=voting_motion, by=person, reason="Superseded")
    response = client_for(person).post(url("motion-withdraw", voting_motion), {"reason": "Superseded", **CONFIRM})
    assert response.status_code == 403
    voting_motion.refresh_from_db()
    assert voting_motion.status == Motion.Status.VOTING


def test_the_chair_withdraws_an_open_vote_with_a_reason_in_the_record(client_for, chair, voting_motion):
    page = client_for(chair).post(url("motion-withdraw", voting_motion), {"reason": "Superseded"})
    assert "never counted" in page.content.decode()
    assert Motion.objects.get(pk=voting_motion.pk).status == Motion.Status.VOTING
    client_for(chair).post(url("motion-withdraw", voting_motion), {"reason": "Superseded", **CONFIRM})
    voting_motion.refresh_from_db()
    assert voting_motion.status == Motion.Status.WITHDRAWN
    assert MotionLogEntry.objects.get(motion=voting_motion, event="withdrawn").payload["reason"] == "Superseded"


def test_opening_and_calling_a_vote_first_say_whom_they_e_mail(client_for, chair, draft, seats):
    deadline = in_days(5).strftime("%Y-%m-%dT%H:%M")
    page = client_for(chair).post(url("motion-open", draft), {"deadline": deadline})
    assert "This e-mails 3 people on the board" in page.content.decode()
    draft.refresh_from_db()
    assert draft.status == Motion.Status.DRAFT
    client_for(chair).post(url("motion-open", draft), {"deadline": deadline, **CONFIRM})
    draft.refresh_from_db()
    assert draft.status == Motion.Status.CONSENSUS


def test_a_refused_close_with_nothing_to_correct_is_told_on_the_motion(client_for, chair, consensus_motion):
    response = client_for(chair).post(url("motion-close", consensus_motion), CONFIRM, follow=True)
    assert "Consensus stays open until its deadline" in response.content.decode()
    consensus_motion.refresh_from_db()
    assert consensus_motion.status == Motion.Status.CONSENSUS


def test_a_refused_withdrawal_is_shown_on_the_page_that_asked_for_the_reason(client_for, chair, voting_motion):
    motion_close(motion=voting_motion, by=chair, reason="Closed for the test")
    response = client_for(chair).post(url("motion-withdraw", voting_motion), {"reason": "Superseded", **CONFIRM})
    assert response.status_code == 200 and "This motion is already closed." in response.content.decode()
    voting_motion.refresh_from_db()
    assert voting_motion.status == Motion.Status.FAILED


def test_the_refusal_says_who_may_act(client_for, secretariat, consensus_motion):
    response = client_for(secretariat).post(url("motion-call-vote", consensus_motion), {"deadline": "2030-01-01T10:00"})
    assert response.status_code == 403 and "Only the chair calls a vote." in response.content.decode()
