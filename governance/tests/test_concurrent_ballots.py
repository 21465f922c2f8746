"""50 simultaneous ballot submissions for one company leave exactly one counted ballot (PostgreSQL)."""

import threading

import pytest
from django.db import connection, connections

from conftest import skip_or_fail
from governance.models import Ballot, Motion
from governance.record import counted_ballots, motion_verify
from governance.services.ballots import ballot_cast

SUBMISSIONS = 50


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_ballots_for_one_company_leave_exactly_one_counted_ballot(
    voting_motion, other_company, other_board_member
):
    if connection.vendor != "postgresql":
        skip_or_fail("the concurrency test needs PostgreSQL (row locks)")
    barrier = threading.Barrier(SUBMISSIONS)
    errors: list[BaseException] = []
    choices = ["yes", "no", "abstain"]

    def submit(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            ballot_cast(
                motion=Motion.objects.get(pk=voting_motion.pk),
                company=other_company,
                by=other_board_member,
                choice=choices[index % 3],
            )
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(SUBMISSIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    assert Ballot.objects.filter(motion=voting_motion, company=other_company).count() == 1
    entries = list(voting_motion.log.order_by("seq"))
    assert len([e for e in entries if e.event == "ballot"]) == SUBMISSIONS
    counted = counted_ballots(entries)
    assert len(counted) == 1
    ballot = Ballot.objects.get(motion=voting_motion, company=other_company)
    assert list(counted) == [ballot.receipt_hash]
    assert ballot.history.count() == SUBMISSIONS
    voting_motion.refresh_from_db()
    assert motion_verify(voting_motion).ok
