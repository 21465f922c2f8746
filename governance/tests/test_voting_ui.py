"""Voting and consensus as board members expect: the rules in words, a countdown, who has voted, the
receipt panel and its mail, agree / stand aside / object and withdraw, and the chair's view."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from governance.models import ConsensusStance, Motion
from governance.record import motion_verify
from governance.services.ballots import ballot_cast, ballot_receipt_email
from governance.services.lifecycle import (
    motion_call_vote,
    motion_close,
    motion_open,
    objection_raise,
    objection_withdraw,
    stance_record,
)
from governance.views.motion import deadline_in_words
from notifications.models import OutboxMessage

RECEIPT_MAIL = OutboxMessage.objects.filter(announcement__event="ballot_receipt_requested")


def url(name: str, motion: Motion) -> str:
    return reverse(f"governance:{name}", args=[motion.pk])


def test_the_rules_are_in_words_before_anyone_votes(client, voting_motion):
    html = client.get(url("motion", voting_motion)).content.decode()
    assert "How this vote is decided" in html
    assert "2 of the 3 seats must cast a ballot" in html
    assert "Abstaining: an abstention counts towards the quorum but is neither for nor against" in html


def test_the_deadline_counts_down_in_words_with_a_time_element(client, voting_motion):
    Motion.objects.filter(pk=voting_motion.pk).update(
        voting_deadline=timezone.now() + timedelta(days=2, hours=3, minutes=10)
    )
    html = client.get(url("motion", voting_motion)).content.decode()
    assert "closes in 2 days 3 h" in html and "data-countdown=" in html


@pytest.mark.parametrize(
    ("left", "words"),
    [
        (timedelta(days=1, hours=0, minutes=5), "closes in 1 day"),
        (timedelta(hours=5, minutes=30), "closes in 5 h 30 min"),
        (timedelta(seconds=20), "closes in 1 min"),
        (timedelta(minutes=-1), "deadline passed"),
    ],
)
def test_deadline_in_words(left, words):
    now = timezone.now()
    assert deadline_in_words(now + left, now) == words


def test_a_recorded_vote_shows_which_seats_have_voted_and_which_not(client, voting_motion, chair, company):
    ballot_cast(motion=voting_motion, company=company, by=chair, choice="yes")
    html = client.get(url("motion", voting_motion)).content.decode()
    assert "Have voted (1)</dt><dd>AT&amp;T" in html
    assert "Have not voted yet (2)</dt><dd>NTT, Orange" in html


def test_a_secret_ballot_shows_only_the_count(client, seats, chair, company):
    from governance.tests.conftest import in_days
    from governance.tests.factories import CandidateFactory, MotionFactory

    motion = MotionFactory(kind=Motion.Kind.ELECTION, secret_ballot=True, proposer=chair)
    candidate = CandidateFactory(motion=motion, user=chair, company=company)
    motion_open(motion=motion, by=chair, consensus_deadline=in_days(7))
    motion_call_vote(motion=motion, by=chair, voting_deadline=in_days(7))
    ballot_cast(motion=motion, company=company, by=chair, candidate=candidate)
    html = client.get(url("motion", motion)).content.decode()
    assert "1 of 3 seats have voted" in html and "Have voted" not in html and "Have not voted" not in html


def test_the_result_never_reads_seats_and_cast_in_one_cell(client, voting_motion, chair, company):
    ballot_cast(motion=voting_motion, company=company, by=chair, choice="yes")
    motion_close(motion=voting_motion, by=chair, reason="Test: closing before the last seats vote.")
    html = client.get(url("motion", voting_motion)).content.decode()
    assert "seats, 1 cast" not in html
    assert "<dt>Seats</dt><dd>3</dd>" in html and "<dt>Ballots cast</dt><dd>1</dd>" in html
    assert "<dt>Seats that did not vote</dt><dd>2</dd>" in html


def test_the_receipt_is_mailed_to_the_voter_only_after_confirming(
    client_for, voting_motion, other_board_member, django_capture_on_commit_callbacks
):
    client = client_for(other_board_member)
    _, receipt = ballot_cast(
        motion=voting_motion, company=other_board_member.roles.first().company, by=other_board_member, choice="no"
    )
    confirm = client.post(url("motion-receipt-email", voting_motion), {"receipt": receipt})
    assert b"Send the e-mail" in confirm.content and not RECEIPT_MAIL.exists()
    with django_capture_on_commit_callbacks():
        client.post(url("motion-receipt-email", voting_motion), {"receipt": receipt, "confirm": "yes"})
    message = RECEIPT_MAIL.get()
    assert message.to_email == other_board_member.email and receipt in message.body_text


def test_someone_else_cannot_have_a_receipt_mailed(client_for, voting_motion, chair, company, other_board_member):
    _, receipt = ballot_cast(motion=voting_motion, company=company, by=chair, choice="yes")
    with pytest.raises(PermissionDenied):
        ballot_receipt_email(motion=voting_motion, receipt=receipt, by=other_board_member)
    with pytest.raises(ValidationError):
        ballot_receipt_email(motion=voting_motion, receipt="AAAA-BBBB-CCCC-DDDD-EEEE", by=chair)
    assert not RECEIPT_MAIL.exists()


# --- Consensus -----------------------------------------------------------------------------------------


def test_a_seat_agrees_or_stands_aside_and_the_page_says_so(client_for, consensus_motion, other_board_member):
    client = client_for(other_board_member)
    client.post(url("motion-stance", consensus_motion), {"company": "ntt", "stance": "stand_aside"})
    assert ConsensusStance.objects.get(motion=consensus_motion).stance == "stand_aside"
    html = client.get(url("motion", consensus_motion)).content.decode()
    assert "NTT: stands aside" in html
    client.post(url("motion-stance", consensus_motion), {"company": "ntt", "stance": "agree"})
    assert ConsensusStance.objects.get(motion=consensus_motion).stance == "agree"


def test_an_objection_is_withdrawn_and_the_chairs_view_follows(client_for, consensus_motion, chair, other_board_member):
    seat = client_for(other_board_member)
    seat.post(url("motion-object", consensus_motion), {"company": "ntt", "reason": "Not yet."})
    chair_view = client_for(chair).get(url("motion", consensus_motion)).content.decode()
    assert "NTT objects — you may call a vote" in chair_view
    seat.post(url("motion-withdraw-objection", consensus_motion), {"company": "ntt"})
    consensus_motion.refresh_from_db()
    assert consensus_motion.status == Motion.Status.CONSENSUS
    chair_view = client_for(chair).get(url("motion", consensus_motion)).content.decode()
    assert "No seat objects: the motion is adopted by consensus at the deadline" in chair_view
    assert consensus_motion.log.filter(event="objection_withdrawn").exists()
    assert motion_verify(consensus_motion).ok


def test_a_withdrawn_objection_can_be_raised_again(consensus_motion, other_company, other_board_member):
    objection_raise(motion=consensus_motion, company=other_company, by=other_board_member, reason="A")
    objection_withdraw(motion=consensus_motion, company=other_company, by=other_board_member)
    objection_raise(motion=consensus_motion, company=other_company, by=other_board_member, reason="B")
    consensus_motion.refresh_from_db()
    assert consensus_motion.status == Motion.Status.OBJECTED


def test_only_the_seat_holder_answers_for_a_seat(client_for, consensus_motion, chair, other_company):
    with pytest.raises(PermissionDenied):
        stance_record(motion=consensus_motion, company=other_company, by=chair, stance="agree")
    response = client_for(chair).post(url("motion-withdraw-objection", consensus_motion), {"company": "ntt"})
    assert response.status_code == 403


def test_a_seat_that_objects_cannot_also_agree(consensus_motion, other_company, other_board_member):
    objection_raise(motion=consensus_motion, company=other_company, by=other_board_member, reason="No")
    with pytest.raises(ValidationError, match="withdraw the objection first"):
        stance_record(motion=consensus_motion, company=other_company, by=other_board_member, stance="agree")


def test_a_ballot_for_a_seat_the_person_does_not_hold_is_refused(client_for, voting_motion, chair, other_company):
    """The view names the company; ballot_cast asks the seat (once) and refuses with a 403."""
    voter = client_for(chair)
    for slug in (other_company.slug, "no-such-company"):
        assert voter.post(url("motion-vote", voting_motion), {"company": slug, "choice": "yes"}).status_code == 403
        assert voter.post(url("motion-vote", voting_motion), {"company": slug}).status_code == 403  # before the form
    assert not voting_motion.ballots.exists()
    assert motion_verify(voting_motion).ok


def test_a_ballot_asks_the_seat_once(client_for, voting_motion, chair, company, django_assert_num_queries):
    """Session, user, motion, company, the seat, the lock, electorate, ballot, its history, the record entry
    and the motion's head, the session's write: the seat is not looked up in the view as well."""
    voter = client_for(chair)
    voter.get(url("motion", voting_motion))  # the session and the CSRF cookie exist before counting
    with django_assert_num_queries(18) as captured:
        response = voter.post(url("motion-vote", voting_motion), {"company": company.slug, "choice": "yes"})
    assert response.status_code == 302
    assert sum("members_roleassignment" in q["sql"] for q in captured.captured_queries) == 1
    assert voting_motion.ballots.get().choice == "yes"
