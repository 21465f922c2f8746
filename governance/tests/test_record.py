import itertools

from django.core.management import call_command

from governance.models import Ballot, Motion, MotionLogEntry
from governance.record import motion_verify
from governance.services.ballots import ballot_cast
from governance.services.lifecycle import motion_close


def _voted(voting_motion, chair, company, other_company, other_board_member) -> Motion:
    ballot_cast(motion=voting_motion, company=company, by=chair, choice="yes")
    ballot_cast(motion=voting_motion, company=other_company, by=other_board_member, choice="no")
    ballot_cast(motion=voting_motion, company=other_company, by=other_board_member, choice="yes")
    return motion_close(motion=voting_motion, by=chair, reason="Closed early for the test")


def test_an_untouched_record_verifies(voting_motion, chair, company, other_company, other_board_member):
    motion = _voted(voting_motion, chair, company, other_company, other_board_member)
    result = motion_verify(motion)
    assert result.ok, result.problems
    assert result.entries == motion.log.count() == 7  # opened, objection, vote_called, 3 ballots, closed
    assert result.head == motion.log_head


def test_each_entry_carries_the_hash_of_the_one_before(voting_motion):
    entries = list(voting_motion.log.order_by("seq"))
    assert entries[0].prev_hash == "0" * 64
    assert all(later.prev_hash == earlier.hash for earlier, later in itertools.pairwise(entries))


def test_a_changed_ballot_row_is_detected(voting_motion, chair, company, other_company, other_board_member):
    motion = _voted(voting_motion, chair, company, other_company, other_board_member)
    Ballot.objects.filter(motion=motion, company=other_company).update(choice="no")
    result = motion_verify(motion)
    assert not result.ok
    assert any("NTT" in problem for problem in result.problems)


def test_a_deleted_log_entry_is_detected(voting_motion, chair, company, other_company, other_board_member):
    motion = _voted(voting_motion, chair, company, other_company, other_board_member)
    MotionLogEntry.objects.filter(motion=motion, seq=4).delete()
    result = motion_verify(motion)
    assert not result.ok
    assert any("missing" in problem for problem in result.problems)


def test_deleting_the_last_entries_is_detected_by_the_head(
    voting_motion, chair, company, other_company, other_board_member
):
    motion = _voted(voting_motion, chair, company, other_company, other_board_member)
    MotionLogEntry.objects.filter(motion=motion, seq=7).delete()
    assert not motion_verify(motion).ok


def test_a_rewritten_entry_payload_is_detected(voting_motion, chair, company, other_company, other_board_member):
    motion = _voted(voting_motion, chair, company, other_company, other_board_member)
    entry = motion.log.get(seq=4)
    entry.payload = {**entry.payload, "choice": "no"}
    entry.save()
    problems = motion_verify(motion).problems
    assert any("changed after it was written" in problem for problem in problems)


def test_a_changed_published_tally_is_detected(voting_motion, chair, company, other_company, other_board_member):
    motion = _voted(voting_motion, chair, company, other_company, other_board_member)
    Motion.objects.filter(pk=motion.pk).update(tally={**motion.tally, "yes": 0, "no": 2})
    motion.refresh_from_db()
    assert any("tally" in problem for problem in motion_verify(motion).problems)


def test_verify_motion_command_reports_ok_and_tampering(
    voting_motion, chair, company, other_company, other_board_member, capsys
):
    import pytest

    motion = _voted(voting_motion, chair, company, other_company, other_board_member)
    call_command("verify_motion", str(motion.pk))
    assert "verified" in capsys.readouterr().out
    Ballot.objects.filter(motion=motion, company=company).update(choice="no")
    with pytest.raises(SystemExit) as exit_info:
        call_command("verify_motion", str(motion.pk))
    assert exit_info.value.code == 1
