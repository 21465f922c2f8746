"""Deadlines close motions by themselves: consensus is adopted, voting passes or fails by the rules."""

import threading

import pytest
from django.db import connection, connections

from conftest import skip_or_fail
from governance.models import Motion, MotionLogEntry
from governance.record import motion_verify
from governance.services.ballots import ballot_cast
from governance.services.lifecycle import motion_open, objection_raise
from governance.services.sweeper import motions_close_due
from governance.tasks import close_due_motions
from governance.tests.conftest import in_days
from governance.tests.factories import CandidateFactory, MotionFactory
from kernel import events


def test_consensus_with_no_objection_is_adopted_once_its_deadline_passes(consensus_motion):
    assert motions_close_due(now=in_days(8)) == [consensus_motion.pk]
    consensus_motion.refresh_from_db()
    assert consensus_motion.status == Motion.Status.ADOPTED
    assert consensus_motion.closed_at is not None
    transition = consensus_motion.transitions.last()
    assert transition.by is None and transition.note == "Closed at its deadline"
    assert motion_verify(consensus_motion).ok


def test_consensus_before_its_deadline_stays_open(consensus_motion):
    assert motions_close_due(now=in_days(6)) == []
    consensus_motion.refresh_from_db()
    assert consensus_motion.status == Motion.Status.CONSENSUS


def test_an_objected_motion_waits_for_the_chair_after_its_deadline(consensus_motion, other_company, other_board_member):
    objection_raise(motion=consensus_motion, company=other_company, by=other_board_member, reason="No.")
    assert motions_close_due(now=in_days(8)) == []
    consensus_motion.refresh_from_db()
    assert consensus_motion.status == Motion.Status.OBJECTED


def test_voting_past_its_deadline_passes_by_the_rules(voting_motion, seats):
    for seat, holder in seats.items():
        ballot_cast(motion=voting_motion, company=seat, by=holder, choice="yes")
    assert motions_close_due(now=in_days(8)) == [voting_motion.pk]
    voting_motion.refresh_from_db()
    assert voting_motion.status == Motion.Status.PASSED
    assert voting_motion.result_text.startswith("Passed. 3 of 3 seats cast a ballot")


def test_voting_past_its_deadline_without_quorum_fails(voting_motion, company, chair):
    ballot_cast(motion=voting_motion, company=company, by=chair, choice="yes")
    motions_close_due(now=in_days(8))
    voting_motion.refresh_from_db()
    assert voting_motion.status == Motion.Status.FAILED
    assert "not met" in voting_motion.result_text


def test_voting_before_its_deadline_stays_open(voting_motion):
    assert motions_close_due(now=in_days(6)) == []
    voting_motion.refresh_from_db()
    assert voting_motion.status == Motion.Status.VOTING


def test_closing_twice_closes_once(voting_motion):
    motions_close_due(now=in_days(8))
    assert motions_close_due(now=in_days(8)) == []
    assert MotionLogEntry.objects.filter(motion=voting_motion, event="closed").count() == 1
    assert voting_motion.transitions.filter(to_status=Motion.Status.FAILED).count() == 1


def test_a_contested_election_stays_open_for_the_chair_and_others_still_close(seats, chair, consensus_motion):
    election = MotionFactory(kind=Motion.Kind.ELECTION, proposer=chair)
    CandidateFactory(motion=election)
    CandidateFactory(motion=election)
    motion_open(motion=election, by=chair, consensus_deadline=in_days(7))
    assert motions_close_due(now=in_days(8)) == [consensus_motion.pk]
    election.refresh_from_db()
    assert election.status == Motion.Status.CONSENSUS


def test_closing_emits_motion_closed(consensus_motion, monkeypatch):
    seen = []
    monkeypatch.setitem(events.HANDLERS, "motion_closed", [record_event])
    record_event.seen = seen
    motions_close_due(now=in_days(8))
    assert seen == [consensus_motion.pk]


def record_event(*, motion: Motion) -> None:
    record_event.seen.append(motion.pk)


def test_the_task_closes_what_is_due(consensus_motion):
    Motion.objects.filter(pk=consensus_motion.pk).update(consensus_deadline=in_days(-0.01))
    assert close_due_motions() == 1
    consensus_motion.refresh_from_db()
    assert consensus_motion.status == Motion.Status.ADOPTED


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_concurrent_runs_close_each_motion_exactly_once(voting_motion, seats):
    if connection.vendor != "postgresql":
        skip_or_fail("the concurrency test needs PostgreSQL (row locks)")
    for seat, holder in seats.items():
        ballot_cast(motion=voting_motion, company=seat, by=holder, choice="yes")
    runs = 8
    barrier = threading.Barrier(runs)
    results: list[list[int]] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait(timeout=30)
            results.append(motions_close_due(now=in_days(8)))
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(runs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert sorted(pk for closed in results for pk in closed) == [voting_motion.pk]
    voting_motion.refresh_from_db()
    assert voting_motion.status == Motion.Status.PASSED
    assert MotionLogEntry.objects.filter(motion=voting_motion, event="closed").count() == 1
    assert motion_verify(voting_motion).ok


def test_the_close_task_is_scheduled_every_five_minutes(db):
    """The migration installs SCHEDULES (notifications' test checks that); here, what this entry declares."""
    from celery import current_app as app
    from django_celery_beat.models import PeriodicTask

    from notifications.schedules import schedules_install

    schedules_install()
    task = PeriodicTask.objects.get(task="governance.tasks.close_due_motions")
    assert (task.interval.every, task.interval.period, task.enabled) == (5, "minutes", True)
    assert "governance.tasks.close_due_motions" in app.tasks
