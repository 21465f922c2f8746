"""Every decision is verifiable end to end: the chain covers the motion, its seats, its ballots and its
close; `verify_motion` recomputes the result and detects each kind of tampering (one test per case)."""

import json
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from governance.models import (
    Ballot,
    Candidate,
    CharterVersion,
    ConsensusStance,
    Motion,
    MotionLogEntry,
    MotionTransition,
    Objection,
    OfficerTerm,
    RegisterEntry,
)
from governance.record import document_verify, motion_export, motion_verify, receipt_hash
from governance.services.ballots import ballot_cast
from governance.services.drafting import candidate_remove, candidate_save
from governance.services.lifecycle import (
    motion_call_vote,
    motion_close,
    motion_give_notice,
    motion_open,
    motion_withdraw,
    objection_raise,
    objection_withdraw,
    stance_record,
)
from governance.tests.conftest import in_days
from governance.tests.factories import (
    CandidateFactory,
    CharterVersionFactory,
    MotionFactory,
    OfficerTermFactory,
    RoadmapQuarterFactory,
)
from members.models import Company, MembershipTransition
from members.tests.factories import CompanyFactory, UserFactory


@pytest.fixture
def passed(voting_motion, chair, company, other_company, third_company, other_board_member, third_board_member):
    """A resolution passed 2 yes, 1 no (NTT changed its vote from no to yes)."""
    ballot_cast(motion=voting_motion, company=company, by=chair, choice="yes")
    ballot_cast(motion=voting_motion, company=other_company, by=other_board_member, choice="no")
    ballot_cast(motion=voting_motion, company=other_company, by=other_board_member, choice="yes")
    ballot_cast(motion=voting_motion, company=third_company, by=third_board_member, choice="no")
    return motion_close(motion=voting_motion, by=chair)


@pytest.fixture
def election(seats, chair, other_company, other_board_member):
    motion = MotionFactory(kind=Motion.Kind.ELECTION, proposer=chair, title="Chair 2027")
    first = CandidateFactory(motion=motion, user=chair, company=next(iter(seats)))
    second = CandidateFactory(motion=motion, user=other_board_member, company=other_company)
    motion_open(motion=motion, by=chair, consensus_deadline=in_days(7))
    motion_call_vote(motion=motion, by=chair, voting_deadline=in_days(7))
    return motion, first, second


def _problems(motion: Motion) -> list[str]:
    motion.refresh_from_db()
    return motion_verify(motion).problems


def test_the_untouched_record_verifies_and_its_recount_matches(passed):
    result = motion_verify(passed)
    assert result.ok, result.problems
    assert result.recomputed["status"] == "passed" and result.recomputed["tally"]["yes"] == 2
    closing = passed.log.get(event="closed").payload
    assert closing["rules"] == {"quorum": "majority_of_seats_cast", "threshold": "more_yes_than_no"}
    vote_called = passed.log.get(event="vote_called").payload
    assert vote_called["seats"] == 3 and vote_called["motion"]["text"] == passed.text


# --- One test per tampering case ---------------------------------------------------------------------


def test_a_changed_ballot_is_detected(passed, other_company):
    Ballot.objects.filter(motion=passed, company=other_company).update(choice="no")
    assert any("ballot of NTT differs" in p for p in _problems(passed))


def test_a_deleted_ballot_is_detected(passed, third_company):
    Ballot.history.filter(motion_id=passed.pk, company_id=third_company.pk).delete()
    Ballot.objects.filter(motion=passed, company=third_company).delete()
    assert any("2 ballots are stored but the record counts 3" in p for p in _problems(passed))


def test_a_deleted_ballot_entry_is_detected(passed):
    MotionLogEntry.objects.filter(motion=passed, event="ballot").order_by("seq").last().delete()
    assert any("missing" in p for p in _problems(passed))


def test_a_removed_closing_entry_is_detected_even_with_the_head_rewritten(passed):
    closing = MotionLogEntry.objects.get(motion=passed, event="closed")
    closing.delete()
    Motion.objects.filter(pk=passed.pk).update(log_head=closing.prev_hash)
    assert any("no closing entry" in p for p in _problems(passed))


@pytest.mark.parametrize("to", ["failed", "voting"])
def test_a_changed_status_is_detected(passed, to):
    Motion.objects.filter(pk=passed.pk).update(status=to)
    assert any(f"the motion says {to}" in p for p in _problems(passed))


def test_a_failed_motion_shown_as_passed_is_detected(voting_motion, chair, company, other_company, other_board_member):
    ballot_cast(motion=voting_motion, company=company, by=chair, choice="no")
    ballot_cast(motion=voting_motion, company=other_company, by=other_board_member, choice="no")
    motion = motion_close(motion=voting_motion, by=chair, reason="Test: closing before the last seat votes.")
    assert motion.status == "failed" and motion_verify(motion).ok
    Motion.objects.filter(pk=motion.pk).update(status="passed")
    problems = _problems(motion)
    assert any("recount of the ballots says failed; the motion says passed" in p for p in problems)


def test_a_removed_seat_of_the_electorate_is_detected(passed, third_company):
    passed.electorate.remove(third_company)
    assert any("electorate differs" in p for p in _problems(passed))


def test_a_changed_seat_count_is_detected(passed):
    Motion.objects.filter(pk=passed.pk).update(tally={**passed.tally, "seats": 5})
    assert any("tally differs" in p for p in _problems(passed))


def test_a_changed_motion_text_is_detected(passed):
    Motion.objects.filter(pk=passed.pk).update(text="Resolved: something else entirely.")
    assert any("text changed" in p for p in _problems(passed))


def test_a_changed_adopted_charter_version_is_detected(seats, chair):
    motion = MotionFactory(
        kind=Motion.Kind.CHARTER_AMENDMENT, proposer=chair, charter_text="# Charter\n\nOne seat, one vote."
    )
    motion_open(motion=motion, by=chair, consensus_deadline=in_days(7))
    Motion.objects.filter(pk=motion.pk).update(consensus_deadline=in_days(-0.01))
    motion = motion_close(motion=motion, by=chair)
    assert motion_verify(motion).ok
    CharterVersion.objects.filter(adopted_by=motion).update(text="# Charter\n\nThe chair decides.")
    assert any("charter version differs" in p for p in _problems(motion))


def test_a_changed_candidate_user_is_detected(election, seats, third_board_member):
    motion, first, second = election
    for seat, holder in seats.items():
        ballot_cast(motion=motion, company=seat, by=holder, candidate=second)
    motion = motion_close(motion=motion, by=first.user)
    assert motion_verify(motion).ok
    Candidate.objects.filter(pk=second.pk).update(user=third_board_member)
    assert any("candidate" in p for p in _problems(motion))


def test_a_changed_closing_entry_is_detected_by_its_hash(passed):
    entry = passed.log.get(event="closed")
    entry.payload = {**entry.payload, "status": "failed"}
    entry.save()
    assert any("changed after it was written" in p for p in _problems(passed))


# --- Elections by candidate id -----------------------------------------------------------------------


def test_an_election_counts_by_candidate_id_not_by_name(election, seats):
    motion, first, second = election
    # two people with one name would have shared votes; renaming mid-vote would have split them
    second.user.display_name = first.user.display_name = "Alex Doe"
    second.user.save()
    first.user.save()
    holders = list(seats.items())
    ballot_cast(motion=motion, company=holders[0][0], by=holders[0][1], candidate=second)
    second.user.display_name = "Alex Renamed"
    second.user.save()
    ballot_cast(motion=motion, company=holders[1][0], by=holders[1][1], candidate=second)
    ballot_cast(motion=motion, company=holders[2][0], by=holders[2][1], candidate=first)
    motion = motion_close(motion=motion, by=first.user)
    assert motion.tally["candidates"] == {str(first.pk): 1, str(second.pk): 2}
    assert motion.status == "passed"
    assert motion.log.get(event="closed").payload["winner"] == second.pk
    assert motion_verify(motion).ok


def test_candidates_are_frozen_once_the_election_opens(election, chair, third_board_member, third_company):
    motion, first, _ = election
    with pytest.raises(ValidationError, match="frozen"):
        candidate_save(
            candidate=Candidate(motion=motion, office="chair", user=third_board_member, company=third_company), by=chair
        )
    first.user = third_board_member
    with pytest.raises(ValidationError, match="frozen"):
        candidate_save(candidate=first, by=chair)
    with pytest.raises(ValidationError, match="frozen"):
        candidate_remove(candidate=first, by=chair)
    assert motion.candidates.count() == 2


def test_the_admin_refuses_to_change_a_candidate_once_the_election_opens(admin_client, election, third_board_member):
    motion, first, _ = election
    url = reverse("admin:governance_candidate_change", args=[first.pk])
    response = admin_client.post(
        url, {"motion": motion.pk, "office": "chair", "user": third_board_member.pk, "company": first.company_id}
    )
    assert response.status_code == 403
    assert (
        admin_client.post(reverse("admin:governance_candidate_delete", args=[first.pk]), {"post": "yes"}).status_code
        == 403
    )
    first.refresh_from_db()
    assert first.user_id != third_board_member.pk


def test_the_admin_shows_an_open_motion_read_only(admin_client, passed):
    url = reverse("admin:governance_motion_change", args=[passed.pk])
    assert admin_client.post(url, {"title": "Rewritten", "text": "Rewritten"}).status_code == 403
    passed.refresh_from_db()
    assert passed.title != "Rewritten"


def test_the_admin_cannot_change_or_delete_an_adopted_charter_version(admin_client, seats, chair):
    motion = MotionFactory(kind=Motion.Kind.CHARTER_AMENDMENT, proposer=chair, charter_text="# New")
    motion_open(motion=motion, by=chair, consensus_deadline=in_days(7))
    Motion.objects.filter(pk=motion.pk).update(consensus_deadline=in_days(-0.01))
    motion_close(motion=motion, by=chair)
    version = CharterVersion.objects.get(adopted_by=motion)
    change = reverse("admin:governance_charterversion_change", args=[version.pk])
    assert admin_client.post(change, {"text": "# Other"}).status_code == 403
    assert (
        admin_client.post(
            reverse("admin:governance_charterversion_delete", args=[version.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert CharterVersion.objects.get(pk=version.pk).text == "# New"


# --- Receipts ------------------------------------------------------------------------------------------


def test_a_superseded_receipt_says_it_was_replaced_and_lookup_ignores_case_spaces_and_dashes(
    voting_motion, chair, company, other_company, other_board_member, client
):
    _, first = ballot_cast(motion=voting_motion, company=other_company, by=other_board_member, choice="no")
    _, latest = ballot_cast(motion=voting_motion, company=other_company, by=other_board_member, choice="yes")
    ballot_cast(motion=voting_motion, company=company, by=chair, choice="yes")
    motion_close(motion=voting_motion, by=chair, reason="Test: closing before the last seat votes.")
    url = reverse("governance:motion-verify", args=[voting_motion.pk])
    typed = " " + first.replace("-", " ").lower() + " "
    html = client.get(url, {"receipt": typed}).content.decode()
    assert "replaced by a later ballot from NTT" in html and "only the latest counts" in html
    html = client.get(url, {"receipt": latest.replace("-", "")}).content.decode()
    assert "and it counts: yes" in html
    assert receipt_hash(latest.lower().replace("-", " ")) == receipt_hash(latest)


# --- Export and offline verification -------------------------------------------------------------------


def test_the_exported_record_verifies_offline_and_a_tampered_export_does_not(passed, tmp_path, capsys):
    path = tmp_path / "record.json"
    call_command("verify_motion", str(passed.pk), "--export", str(path))
    document = json.loads(path.read_text())
    assert {"entries", "head", "result", "database"} <= set(document)
    assert all({"hash", "prev_hash", "payload"} <= set(e) for e in document["entries"])
    call_command("verify_motion", "--file", str(path))
    assert "verified" in capsys.readouterr().out
    document["result"]["status"] = "failed"
    path.write_text(json.dumps(document))
    with pytest.raises(SystemExit):
        call_command("verify_motion", "--file", str(path))
    assert document_verify(motion_export(passed)).ok


def test_the_record_is_downloadable_as_json_once_closed(client, passed, consensus_motion):
    response = client.get(reverse("governance:motion-record-json", args=[passed.pk]))
    assert response.status_code == 200 and document_verify(response.json()).ok
    draft = MotionFactory(proposer=UserFactory())
    assert client.get(reverse("governance:motion-record-json", args=[draft.pk])).status_code == 404


def test_verify_motion_all_checks_every_motion_with_a_record(passed, capsys):
    call_command("verify_motion", "--all")
    assert f"Motion #{passed.pk} verified" in capsys.readouterr().out


def test_the_verify_page_explains_in_plain_words_before_the_hashes(client, passed):
    html = client.get(reverse("governance:motion-verify", args=[passed.pk])).content.decode()
    assert html.index("in plain words") < html.index("The published record")


def test_the_page_shows_the_result_the_recount_gives(client, passed):
    recomputed = motion_verify(passed).recomputed
    html = client.get(reverse("governance:motion", args=[passed.pk])).content.decode()
    assert recomputed["result"] in html.replace("&#x27;", "'")
    verify = client.get(reverse("governance:motion-verify", args=[passed.pk])).content.decode()
    assert "a recount of the ballots gives the published result (passed)" in verify


# --- Record format 3 and the register: what `verify_motion --all` also catches ---------------------------


def _all_fails(capsys, *expected: str) -> str:
    """`verify_motion --all` exits non-zero and names each expected thing."""
    capsys.readouterr()
    with pytest.raises(SystemExit) as exit_:
        call_command("verify_motion", "--all")
    assert exit_.value.code == 1
    errors = capsys.readouterr().err
    for text in expected:
        assert text in errors, errors
    return errors


@pytest.fixture
def adopted(seats, chair, other_company, other_board_member, third_company, third_board_member):
    """A resolution adopted by consensus, with a withdrawn objection and two stances."""
    motion = motion_open(motion=MotionFactory(proposer=chair), by=chair, consensus_deadline=in_days(7))
    objection_raise(motion=motion, company=other_company, by=other_board_member, reason="Too soon.")
    objection_withdraw(motion=motion, company=other_company, by=other_board_member)
    stance_record(motion=motion, company=third_company, by=third_board_member, stance="agree", comment="Long overdue.")
    stance_record(motion=motion, company=other_company, by=other_board_member, stance="stand_aside")
    Motion.objects.filter(pk=motion.pk).update(consensus_deadline=in_days(-0.01))
    return motion_close(motion=motion, by=chair)


@pytest.fixture
def elected(election, seats):
    motion, first, second = election
    for seat, holder in seats.items():
        ballot_cast(motion=motion, company=seat, by=holder, candidate=second)
    return motion_close(motion=motion, by=first.user)


def test_the_untouched_records_and_register_pass_verify_motion_all(passed, adopted, elected, capsys):
    call_command("verify_motion", "--all")
    out = capsys.readouterr().out
    assert f"Motion #{passed.pk} verified" in out and "The register verified: 3 decided motions" in out


def test_an_elected_officer_terms_person_changed_is_detected(elected, third_board_member, capsys):
    OfficerTerm.objects.filter(elected_by=elected).update(user=third_board_member)
    _all_fails(capsys, f"Motion #{elected.pk} FAILED", "officer term differs", "user_id changed")


def test_an_officer_terms_dates_changed_are_detected(elected, capsys):
    term = OfficerTerm.objects.get(elected_by=elected)
    OfficerTerm.objects.filter(pk=term.pk).update(ends_on=term.ends_on + timedelta(days=3650))
    _all_fails(capsys, f"Officer term #{term.pk}", "ends_on changed")


def test_a_typed_in_officer_terms_person_changed_is_detected(passed, chair, third_board_member, capsys):
    term = OfficerTerm.objects.get(user=chair)
    OfficerTerm.objects.filter(pk=term.pk).update(user=third_board_member, starts_on=term.starts_on - timedelta(1))
    _all_fails(capsys, f"Officer term #{term.pk}", "starts_on, user_id changed")


def test_an_officer_term_inserted_outside_the_portal_is_detected(passed, third_board_member, third_company, capsys):
    term = OfficerTermFactory(user=third_board_member, company=third_company, registered=False)
    _all_fails(capsys, f"Officer term #{term.pk}", "not in the register")


@pytest.mark.parametrize("field", ["consensus_deadline", "voting_deadline", "closed_at"])
def test_a_changed_motion_date_is_detected(passed, field, capsys):
    Motion.objects.filter(pk=passed.pk).update(**{field: getattr(passed, field) + timedelta(hours=5)})
    _all_fails(capsys, f"Motion #{passed.pk} FAILED", f"The motion's {field} differs")


def test_a_changed_early_close_reason_is_detected(voting_motion, chair, company, capsys):
    ballot_cast(motion=voting_motion, company=company, by=chair, choice="yes")
    motion = motion_close(motion=voting_motion, by=chair, reason="The chair closed it: urgent.")
    Motion.objects.filter(pk=motion.pk).update(close_reason="Every seat had voted.")
    _all_fails(capsys, f"Motion #{motion.pk} FAILED", "close_reason changed")


def test_a_deleted_objection_is_detected(passed, other_company, capsys):
    Objection.objects.filter(motion=passed, company=other_company).delete()
    _all_fails(capsys, f"Motion #{passed.pk} FAILED", "objection of ntt is in the record but no longer stored")


def test_a_changed_objection_is_detected(adopted, other_company, capsys):
    Objection.objects.filter(motion=adopted, company=other_company).update(reason="We never agreed.")
    _all_fails(capsys, f"Motion #{adopted.pk} FAILED", "stored objection of ntt differs")


def test_a_deleted_stance_is_detected(adopted, third_company, capsys):
    ConsensusStance.objects.filter(motion=adopted, company=third_company).delete()
    _all_fails(capsys, f"Motion #{adopted.pk} FAILED", "stance of orange (agree) is in the record")


def test_a_changed_stance_is_detected(adopted, other_company, capsys):
    ConsensusStance.objects.filter(motion=adopted, company=other_company).update(stance="agree")
    _all_fails(capsys, f"Motion #{adopted.pk} FAILED", "stored stance of ntt (agree) differs")


@pytest.mark.parametrize("change", ["note", "delete"])
def test_a_changed_status_history_is_detected(passed, change, capsys):
    transition = MotionTransition.objects.filter(motion=passed).order_by("at").last()
    if change == "delete":
        transition.delete()
    else:
        MotionTransition.objects.filter(pk=transition.pk).update(note="Closed by the Secretariat.")
    _all_fails(capsys, f"Motion #{passed.pk} FAILED", "status history")


def test_the_changed_caster_of_an_open_ballot_is_detected(passed, company, third_board_member, capsys):
    Ballot.objects.filter(motion=passed, company=company).update(cast_by=third_board_member)
    _all_fails(capsys, f"Motion #{passed.pk} FAILED", "cast the ballot of AT&T differs")


def test_the_changed_caster_of_a_secret_ballot_is_detected(seats, chair, company, capsys):
    motion = MotionFactory(proposer=chair, kind=Motion.Kind.ELECTION, secret_ballot=True)
    candidate = CandidateFactory(motion=motion, user=chair, company=company)
    motion_open(motion=motion, by=chair, consensus_deadline=in_days(7))
    motion_call_vote(motion=motion, by=chair, voting_deadline=in_days(7))
    for seat, holder in seats.items():
        ballot_cast(motion=motion, company=seat, by=holder, candidate=candidate)
    motion = motion_close(motion=motion, by=chair)
    Ballot.objects.filter(motion=motion, company=company).update(cast_by=UserFactory())
    _all_fails(capsys, f"Motion #{motion.pk} FAILED", "recorded as having cast the ballots differ")


def test_the_secret_ballot_flag_changed_after_opening_is_detected(election, capsys):
    motion, _, _ = election
    Motion.objects.filter(pk=motion.pk).update(secret_ballot=not motion.secret_ballot)
    _all_fails(capsys, f"Motion #{motion.pk} FAILED", "secret_ballot changed")


def test_a_typed_in_charter_versions_changed_text_is_detected(passed, capsys):
    version = CharterVersionFactory(number=1)
    CharterVersion.objects.filter(pk=version.pk).update(text="# Charter\n\nThe chair decides alone.")
    _all_fails(capsys, "Charter version 1's text differs from the register")


def test_a_decided_motion_with_a_blank_head_is_detected(passed, capsys):
    Motion.objects.filter(pk=passed.pk).update(log_head="")
    _all_fails(capsys, f"Motion #{passed.pk}'s record ends at nothing")


def test_a_decided_motion_erased_and_set_back_to_draft_is_detected(passed, capsys):
    MotionLogEntry.objects.filter(motion=passed).delete()
    Motion.objects.filter(pk=passed.pk).update(log_head="", status="draft", closed_at=None)
    _all_fails(capsys, f"Motion #{passed.pk} was decided passed (the register); now draft")


def test_a_deleted_decided_motion_is_detected(passed, capsys):
    MotionLogEntry.objects.filter(motion=passed).delete()
    Ballot.history.filter(motion_id=passed.pk).delete()
    Ballot.objects.filter(motion=passed).delete()
    Motion.objects.filter(pk=passed.pk).delete()
    _all_fails(capsys, f"Motion #{passed.pk}, decided (passed), is in the register but no longer exists")


def test_a_changed_register_entry_is_detected(passed, capsys):
    RegisterEntry.objects.filter(kind="motion").update(payload={"motion": passed.pk, "head": "0" * 64, "status": "x"})
    _all_fails(capsys, "was changed after it was written")


@pytest.mark.parametrize(
    ("seat_fixture", "comment"), [("third_company", "We were against it."), ("other_company", "We never stood aside.")]
)
def test_a_changed_or_added_stance_comment_is_detected(adopted, seat_fixture, comment, request, capsys):
    seat = request.getfixturevalue(seat_fixture)
    assert motion_verify(adopted).ok
    ConsensusStance.objects.filter(motion=adopted, company=seat).update(comment=comment)
    _all_fails(capsys, f"Motion #{adopted.pk} FAILED", f"comment on the stance of {seat.slug} differs")


def test_a_withdrawn_motions_changed_reason_is_detected(consensus_motion, chair, capsys):
    motion = motion_withdraw(motion=consensus_motion, by=chair, reason="The proposal is premature.")
    assert motion_verify(motion).ok
    Motion.objects.filter(pk=motion.pk).update(result_text="Withdrawn: the board rejected it.")
    _all_fails(capsys, f"Motion #{motion.pk} FAILED", "reason the motion was withdrawn differs")


@pytest.fixture
def noticed(seats, chair, third_company):
    """A revocation of Orange: notice given (Orange under review), then withdrawn (Orange a member again)."""
    motion = MotionFactory(kind=Motion.Kind.REVOKE, subject_company=third_company, proposer=chair)
    motion_give_notice(motion=motion, by=chair)
    return motion_withdraw(motion=motion, by=chair, reason="Orange caught up with its declarations.")


def test_a_revocations_changed_cure_period_is_detected(noticed, capsys):
    assert motion_verify(noticed).ok
    Motion.objects.filter(pk=noticed.pk).update(cure_period_ends_at=noticed.cure_period_ends_at - timedelta(days=29))
    _all_fails(capsys, f"Motion #{noticed.pk} FAILED", "end of the cure period differs", "cure_period_ends_at changed")


def test_a_revocations_notice_cleared_is_detected(noticed, capsys):
    Motion.objects.filter(pk=noticed.pk).update(notice_given_at=None)
    _all_fails(capsys, f"Motion #{noticed.pk} FAILED", "notice_given_at cleared")


def test_a_revocations_subject_company_changed_after_notice_is_detected(noticed, other_company, capsys):
    Motion.objects.filter(pk=noticed.pk).update(subject_company=other_company)
    _all_fails(capsys, f"Motion #{noticed.pk} FAILED", "notice was given to orange (subject_company changed)")


def test_a_revocations_notice_step_deleted_is_detected(noticed, third_company, capsys):
    MembershipTransition.objects.filter(company=third_company, to_status=Company.Status.UNDER_REVIEW).delete()
    _all_fails(capsys, f"Motion #{noticed.pk} FAILED", "notice's step of orange to review is missing")


def test_an_admissions_membership_step_deleted_is_detected(seats, chair, capsys):
    comcast = CompanyFactory(name="Comcast", slug="comcast", status=Company.Status.REQUESTED, member_since=None)
    motion = motion_open(
        motion=MotionFactory(kind=Motion.Kind.ADMIT, subject_company=comcast, proposer=chair),
        by=chair,
        consensus_deadline=in_days(7),
    )
    Motion.objects.filter(pk=motion.pk).update(consensus_deadline=in_days(-0.01))
    motion = motion_close(motion=motion, by=chair)
    assert motion_verify(motion).ok
    MembershipTransition.objects.filter(company=comcast, to_status=Company.Status.MEMBER).update(to_status="prospect")
    _all_fails(capsys, f"Motion #{motion.pk} FAILED", "step of comcast to member", "missing from its membership")


def test_a_published_roadmap_unpublished_is_detected(seats, chair, capsys):
    quarter = RoadmapQuarterFactory(year=2017, quarter=1)
    motion = motion_open(
        motion=MotionFactory(kind=Motion.Kind.ROADMAP_APPROVAL, roadmap_quarter=quarter, proposer=chair),
        by=chair,
        consensus_deadline=in_days(7),
    )
    Motion.objects.filter(pk=motion.pk).update(consensus_deadline=in_days(-0.01))
    motion = motion_close(motion=motion, by=chair)
    assert motion_verify(motion).ok
    type(quarter).objects.filter(pk=quarter.pk).update(published_at=None)
    _all_fails(capsys, f"Motion #{motion.pk} FAILED", "roadmap 2017 Q1 this motion published is no longer published")
