"""Actions on motions, objections and ballots, and their effects.

Every service is atomic and follows one order: lock the motion (select_for_update) and check its
state, change it, record who and when (a MotionTransition and, for what seats do, an entry in the
motion's hash chain), then emit the domain event in the same transaction.

The state machine: draft → consensus → adopted (no seat objected by the deadline), or consensus →
objected (a seat objects) → voting (the chair calls a vote) → passed / failed; any open state →
withdrawn. An officer election may go straight from consensus to a vote. Deadlines close motions by
themselves: `motions_close_due`, run every 5 minutes by governance.tasks.close_due_motions.
"""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from governance import permissions
from governance.models import (
    Ballot,
    Candidate,
    CharterVersion,
    ConsensusStance,
    Motion,
    MotionTransition,
    Objection,
    OfficerTerm,
    PlanTask,
)
from governance.record import (
    FORMAT,
    candidates_document,
    log_append,
    motion_document,
    receipt_hash,
    receipt_new,
    recount,
    text_digest,
)
from governance.rules import rules_for
from lcoo_portal.events import emit
from lcoo_portal.validation import NOTE_MAX, check_length
from members.models import Company, User
from members.permissions import holds_seat_for, seat_companies
from members.services import company_transition

logger = logging.getLogger(__name__)

OPEN_STATUSES = (Motion.Status.DRAFT, Motion.Status.CONSENSUS, Motion.Status.OBJECTED, Motion.Status.VOTING)


def _lock(motion: Motion) -> Motion:
    return Motion.objects.select_for_update().get(pk=motion.pk)


def _transition(motion: Motion, to_status: str, *, by: User | None, note: str = "") -> MotionTransition:
    from_status = motion.status
    motion.status = to_status
    return MotionTransition.objects.create(
        motion=motion, from_status=from_status, to_status=to_status, by=by, note=note
    )


def _snapshot_electorate(motion: Motion) -> list[Company]:
    seats = list(Company.objects.members().order_by("slug"))
    motion.electorate.set(seats)
    return seats


@transaction.atomic
def motion_give_notice(*, motion: Motion, by: User) -> Motion:
    """Give notice of a revocation motion: the company goes under review and the cure period starts.

    Voting (and the consensus round before it) may open only once the cure period has ended.
    Emits revocation_notice, which the notifications app turns into mail to the coordinators.
    """
    motion = _lock(motion)
    if not permissions.can_run_motions(by):
        raise PermissionDenied("Only the chair or the Secretariat gives a revocation notice.")
    if motion.kind != Motion.Kind.REVOKE or motion.status != Motion.Status.DRAFT:
        raise ValidationError("Notice is given only for a draft revocation motion.")
    if motion.notice_given_at is not None:
        raise ValidationError("Notice has already been given.")
    company_transition(
        company=motion.subject_company,
        to_status=Company.Status.UNDER_REVIEW,
        by=by,
        reason=f"Notice of the revocation motion “{motion.title}”.",
        reference=f"Motion #{motion.pk}",
        decided_by_motion=True,
    )
    now = timezone.now()
    motion.notice_given_at = now
    motion.cure_period_ends_at = now + timedelta(days=settings.GOVERNANCE_CURE_PERIOD_DAYS)
    motion.save(update_fields=["notice_given_at", "cure_period_ends_at"])
    log_append(
        motion,
        "notice",
        {"company": motion.subject_company.slug, "cure_period_ends_at": motion.cure_period_ends_at.isoformat()},
    )
    emit("revocation_notice", motion=motion)
    return motion


@transaction.atomic
def motion_open(*, motion: Motion, by: User, consensus_deadline: datetime) -> Motion:
    """Open a draft for consensus until the deadline and snapshot the seats as its electorate."""
    motion = _lock(motion)
    if not permissions.can_run_motions(by):
        raise PermissionDenied("Only the chair or the Secretariat opens a motion.")
    if motion.status != Motion.Status.DRAFT:
        raise ValidationError("Only a draft can be opened.")
    if consensus_deadline <= timezone.now():
        raise ValidationError("The consensus deadline must be in the future.")
    if motion.kind == Motion.Kind.REVOKE:
        if motion.notice_given_at is None:
            raise ValidationError("Give the company notice first; the cure period follows it.")
        if motion.cure_period_ends_at and motion.cure_period_ends_at > timezone.now():
            raise ValidationError("The cure period has not ended yet.")
    if motion.kind == Motion.Kind.CHARTER_AMENDMENT and not motion.charter_text.strip():
        raise ValidationError("A charter amendment carries the new charter text.")
    if motion.kind == Motion.Kind.ROADMAP_APPROVAL and motion.roadmap_quarter_id is None:
        raise ValidationError("A roadmap approval names its quarter.")
    if motion.kind == Motion.Kind.ELECTION and not motion.candidates.exists():
        raise ValidationError("An election needs at least one candidate.")
    seats = _snapshot_electorate(motion)
    if not seats:
        raise ValidationError("No company holds a seat: there is no one to decide.")
    motion.consensus_deadline = consensus_deadline
    _transition(motion, Motion.Status.CONSENSUS, by=by)
    motion.save(update_fields=["status", "consensus_deadline"])
    log_append(
        motion,
        "opened",
        {
            "format": FORMAT,
            "motion": motion_document(motion),
            "candidates": candidates_document(motion),
            "electorate": [c.slug for c in seats],
            "seats": len(seats),
            "consensus_deadline": consensus_deadline.isoformat(),
        },
    )
    emit("motion_opened", motion=motion)
    return motion


@transaction.atomic
def objection_raise(*, motion: Motion, company: Company, by: User, reason: str) -> Objection:
    """A seat objects to consensus: the motion then waits for the chair to call a vote."""
    motion = _lock(motion)
    if not holds_seat_for(by, company):
        raise PermissionDenied("Only the company's board representative or alternate objects for it.")
    if motion.status not in (Motion.Status.CONSENSUS, Motion.Status.OBJECTED):
        raise ValidationError("Objections are possible only while the motion is open for consensus.")
    if motion.consensus_deadline and motion.consensus_deadline <= timezone.now():
        raise ValidationError("The consensus deadline has passed.")
    if not motion.electorate.filter(pk=company.pk).exists():
        raise ValidationError(f"{company} held no seat when this motion opened.")
    if not reason.strip():
        raise ValidationError("Say why the company objects.")
    check_length(reason, limit=NOTE_MAX, what="The reason")
    objection = Objection.objects.filter(motion=motion, company=company).first()
    if objection is not None and objection.is_standing:
        raise ValidationError(f"{company} has already objected.")
    if objection is None:
        objection = Objection(motion=motion, company=company)
    objection.raised_by, objection.reason = by, reason.strip()
    objection.at, objection.withdrawn_at = timezone.now(), None
    objection.save()
    ConsensusStance.objects.filter(motion=motion, company=company).delete()
    if motion.status == Motion.Status.CONSENSUS:
        _transition(motion, Motion.Status.OBJECTED, by=by, note=f"Objection by {company}")
        motion.save(update_fields=["status"])
    log_append(motion, "objection", {"company": company.slug, "reason": objection.reason})
    return objection


def _check_consensus_seat(motion: Motion, company: Company, by: User) -> None:
    if not holds_seat_for(by, company):
        raise PermissionDenied("Only the company's board representative or alternate answers for it.")
    if motion.status not in (Motion.Status.CONSENSUS, Motion.Status.OBJECTED):
        raise ValidationError("The motion is not open for consensus.")
    if motion.consensus_deadline and motion.consensus_deadline <= timezone.now():
        raise ValidationError("The consensus deadline has passed.")
    if not motion.electorate.filter(pk=company.pk).exists():
        raise ValidationError(f"{company} held no seat when this motion opened.")


@transaction.atomic
def objection_withdraw(*, motion: Motion, company: Company, by: User) -> Objection:
    """A seat withdraws its objection; with no objection left the motion is open for consensus again."""
    motion = _lock(motion)
    _check_consensus_seat(motion, company, by)
    objection = Objection.objects.filter(motion=motion, company=company, withdrawn_at__isnull=True).first()
    if objection is None:
        raise ValidationError(f"{company} has no objection to withdraw.")
    objection.withdrawn_at = timezone.now()
    objection.save(update_fields=["withdrawn_at"])
    standing = Objection.objects.filter(motion=motion, withdrawn_at__isnull=True).exists()
    if motion.status == Motion.Status.OBJECTED and not standing:
        _transition(motion, Motion.Status.CONSENSUS, by=by, note=f"{company} withdrew its objection")
        motion.save(update_fields=["status"])
    log_append(motion, "objection_withdrawn", {"company": company.slug})
    return objection


@transaction.atomic
def stance_record(*, motion: Motion, company: Company, by: User, stance: str) -> ConsensusStance:
    """A seat says it agrees or stands aside (neither blocks consensus); a standing objection is withdrawn first."""
    motion = _lock(motion)
    _check_consensus_seat(motion, company, by)
    if stance not in ConsensusStance.Stance.values:
        raise ValidationError("Agree or stand aside.")
    if Objection.objects.filter(motion=motion, company=company, withdrawn_at__isnull=True).exists():
        raise ValidationError(f"{company} objects: withdraw the objection first.")
    answer, _ = ConsensusStance.objects.update_or_create(
        motion=motion, company=company, defaults={"stance": stance, "by": by, "at": timezone.now()}
    )
    log_append(motion, "stance", {"company": company.slug, "stance": stance})
    return answer


@transaction.atomic
def motion_call_vote(*, motion: Motion, by: User, voting_deadline: datetime) -> Motion:
    """The chair calls a vote after an objection (an election may go to a vote directly).

    The electorate is snapshotted again: the seats as they are when voting opens decide.
    """
    motion = _lock(motion)
    if not permissions.can_call_vote(by):
        raise PermissionDenied("Only the chair calls a vote.")
    allowed = [Motion.Status.OBJECTED]
    if motion.kind == Motion.Kind.ELECTION:
        allowed.append(Motion.Status.CONSENSUS)
    if motion.status not in allowed:
        raise ValidationError("A vote is called only after an objection to consensus.")
    if voting_deadline <= timezone.now():
        raise ValidationError("The voting deadline must be in the future.")
    seats = _snapshot_electorate(motion)
    motion.voting_deadline = voting_deadline
    _transition(motion, Motion.Status.VOTING, by=by)
    motion.save(update_fields=["status", "voting_deadline"])
    log_append(
        motion,
        "vote_called",
        {
            "format": FORMAT,
            "motion": motion_document(motion),
            "candidates": candidates_document(motion),
            "electorate": [c.slug for c in seats],
            "seats": len(seats),
            "rules": rules_for(motion.kind),
            "voting_deadline": voting_deadline.isoformat(),
        },
    )
    emit("motion_vote_called", motion=motion)
    return motion


@transaction.atomic
def ballot_cast(
    *, motion: Motion, company: Company, by: User, choice: str = "", candidate: Candidate | None = None
) -> tuple[Ballot, str]:
    """Cast or change the company's ballot; returns the ballot and the receipt to show the voter once.

    The motion's row lock serialises every cast on the motion, so concurrent submissions for one
    company leave exactly one ballot row (the unique constraint is the backstop) and a gapless chain.
    """
    # the seat and the receipt do not depend on the motion: settled before its lock, which every
    # other ballot on the motion waits for
    if not holds_seat_for(by, company):
        raise PermissionDenied("Only the company's board representative or alternate votes for it.")
    receipt = receipt_new()
    digest = receipt_hash(receipt)
    motion = _lock(motion)
    if not motion.is_open_for_voting:
        raise ValidationError("Voting is not open on this motion.")
    # the link table alone: no join with the companies
    if not Motion.electorate.through.objects.filter(motion_id=motion.pk, company_id=company.pk).exists():
        raise ValidationError(f"{company} held no seat when the vote was called.")
    if motion.kind == Motion.Kind.ELECTION:
        if candidate is not None:
            if candidate.motion_id != motion.pk:
                raise ValidationError("That person is not a candidate in this election.")
            choice = ""
        elif choice != Ballot.Choice.ABSTAIN:
            raise ValidationError("Choose a candidate or abstain.")
    else:
        if candidate is not None or choice not in Ballot.Choice.values:
            raise ValidationError("Choose yes, no or abstain.")
    now = timezone.now()
    ballot = Ballot.objects.select_for_update().filter(motion=motion, company=company).first()
    supersedes = ballot.receipt_hash if ballot else None
    if ballot is None:
        ballot = Ballot(motion=motion, company=company, cast_at=now)
    else:
        ballot.changed_at = now
    ballot.cast_by = by
    ballot.choice = choice
    ballot.candidate = candidate
    ballot.receipt_hash = digest
    ballot._change_reason = "changed" if supersedes else "cast"
    ballot.save()
    payload = {
        "receipt_hash": digest,
        "supersedes": supersedes,
        "choice": choice,
        "candidate_id": candidate.pk if candidate else None,
    }
    if not motion.secret_ballot:
        payload["company"] = company.slug
    log_append(motion, "ballot", payload)
    return ballot, receipt


@transaction.atomic
def ballot_receipt_email(*, motion: Motion, receipt: str, by: User) -> None:
    """Mail a voter the receipt of a ballot their seat cast (found by its hash): only to themselves.

    The receipt is not stored: the mail goes through the outbox like every other mail and is the
    voter's own copy. Emits ballot_receipt_requested.
    """
    ballot = Ballot.objects.select_related("company").filter(motion=motion, receipt_hash=receipt_hash(receipt)).first()
    if ballot is None:
        raise ValidationError("No current ballot of this motion carries that receipt.")
    if not holds_seat_for(by, ballot.company):
        raise PermissionDenied("Only a holder of the seat that cast the ballot receives its receipt.")
    emit("ballot_receipt_requested", motion=motion, user=by, company=ballot.company, receipt=receipt)


def _effects(motion: Motion, *, by: User | None, winner_id: int | None) -> dict:
    """What a decided motion does (membership, the charter, the roadmap, the officers), as the
    closing entry of its record states it."""
    reference = f"Motion #{motion.pk}"
    if motion.kind == Motion.Kind.ADMIT:
        company_transition(
            company=motion.subject_company,
            to_status=Company.Status.MEMBER,
            by=by,
            reason=f"Admitted by the board: “{motion.title}”.",
            reference=reference,
            decided_by_motion=True,
        )
        return {"company_status": {"company": motion.subject_company.slug, "status": Company.Status.MEMBER.value}}
    if motion.kind == Motion.Kind.REVOKE:
        company_transition(
            company=motion.subject_company,
            to_status=Company.Status.REVOKED,
            by=by,
            reason=f"Membership revoked by the board: “{motion.title}”.",
            reference=reference,
            decided_by_motion=True,
        )
        return {"company_status": {"company": motion.subject_company.slug, "status": Company.Status.REVOKED.value}}
    if motion.kind == Motion.Kind.CHARTER_AMENDMENT:
        number = (CharterVersion.objects.aggregate(n=Max("number"))["n"] or 0) + 1
        version = CharterVersion.objects.create(
            number=number,
            effective_on=timezone.localdate(),
            text=motion.charter_text,
            change_summary=motion.charter_change_summary or motion.title,
            author_name=str(motion.proposer),
            author=motion.proposer,
            adopted_by=motion,
        )
        return {"charter_version": {"number": version.number, "text_sha256": text_digest(version.text)}}
    if motion.kind == Motion.Kind.ROADMAP_APPROVAL:
        quarter = motion.roadmap_quarter
        quarter.published_at = timezone.now()
        quarter.save(update_fields=["published_at"])
        return {"roadmap_published": str(quarter)}
    if motion.kind == Motion.Kind.ELECTION and winner_id is not None:
        candidate = Candidate.objects.select_related("user", "company").get(pk=winner_id)
        today = timezone.localdate()
        if candidate.office == OfficerTerm.Office.CHAIR:
            # A new chair ends the sitting chair's term; co-chairs may be several at once.
            for term in OfficerTerm.objects.current().filter(office=OfficerTerm.Office.CHAIR):
                term.ends_on = max(today - timedelta(days=1), term.starts_on + timedelta(days=1))
                term.save(update_fields=["ends_on"])
        OfficerTerm.objects.create(
            office=candidate.office,
            user=candidate.user,
            company=candidate.company,
            starts_on=today,
            ends_on=today + timedelta(days=365),
            elected_by=motion,
        )
        return {
            "officer_term": {
                "office": candidate.office,
                "user_id": candidate.user_id,
                "company_id": candidate.company_id,
            }
        }
    return {}


def _undo_notice(motion: Motion, *, by: User | None) -> dict:
    """A revocation that does not pass returns the company from review to membership."""
    if motion.kind == Motion.Kind.REVOKE and motion.notice_given_at is not None:
        company = Company.objects.get(pk=motion.subject_company_id)
        if company.status == Company.Status.UNDER_REVIEW:
            company_transition(
                company=company,
                to_status=Company.Status.MEMBER,
                by=by,
                reason=f"The revocation motion “{motion.title}” did not pass.",
                reference=f"Motion #{motion.pk}",
                decided_by_motion=True,
            )
            return {"company_status": {"company": company.slug, "status": Company.Status.MEMBER.value}}
    return {}


def seats_not_voted(motion: Motion) -> int:
    """How many seats of the electorate have cast no ballot (a count only: no tally)."""
    return motion.electorate.exclude(pk__in=motion.ballots.values("company_id")).count()


@transaction.atomic
def motion_close(*, motion: Motion, by: User, reason: str = "") -> Motion:
    """Close consensus (adopted when no seat objected, after its deadline) or voting (passed/failed).

    The chair or the Secretariat may close voting before its deadline only when every seat has voted
    or with a reason, which the motion then shows with the time it actually closed. The tally is
    counted from the motion's record, the rule applied is stated in the result, and the effects follow.
    """
    motion = _lock(motion)
    if not permissions.can_run_motions(by):
        raise PermissionDenied("Only the chair or the Secretariat closes a motion.")
    now = timezone.now()
    deadline = motion.consensus_deadline
    if motion.status == Motion.Status.CONSENSUS and deadline and deadline > now:
        raise ValidationError("Consensus stays open until its deadline, so every seat can object.")
    early = motion.status == Motion.Status.VOTING and motion.voting_deadline and motion.voting_deadline > now
    if early:
        missing = seats_not_voted(motion)
        if missing and not reason.strip():
            raise ValidationError(
                f"{missing} seat{'s have' if missing != 1 else ' has'} not voted and the deadline has not passed: "
                "say why voting closes early."
            )
        motion.close_reason = reason.strip() or "Every seat had voted."
        return _close(motion, by=by, note=f"Closed before its deadline: {motion.close_reason}")
    return _close(motion, by=by)


def _close(motion: Motion, *, by: User | None, note: str = "") -> Motion:
    """Decide a locked motion that may be closed now; `by` is None when its deadline closed it."""
    now = timezone.now()
    winner_id = None
    closing: dict = {}
    if motion.status == Motion.Status.CONSENSUS:
        winner_id = _consensus_winner(motion)
        _transition(motion, Motion.Status.ADOPTED, by=by, note=note)
        motion.result_text = "Adopted by consensus: no seat objected before the deadline."
        motion.tally = {"seats": motion.electorate.count(), "objections": 0}
        closing = {"rules": {"consensus": "no standing objection at the deadline"}, "winner": winner_id}
    elif motion.status == Motion.Status.VOTING:
        # Decided from the record alone, as anyone verifying it recomputes it.
        decided = recount(list(motion.log.order_by("seq")))
        winner_id = decided["winner"]
        _transition(motion, decided["status"], by=by, note=note)
        motion.result_text = decided["result"]
        motion.tally = decided["tally"]
        closing = {"rules": decided["rules"], "winner": winner_id}
    elif motion.status == Motion.Status.OBJECTED:
        raise ValidationError("A seat objected: the chair may call a vote, or the motion may be withdrawn.")
    else:
        raise ValidationError("This motion is not open.")
    motion.closed_at = now
    motion.save(update_fields=["status", "closed_at", "close_reason", "result_text", "tally"])
    if motion.close_reason:
        closing["early"] = motion.close_reason
    if motion.status in (Motion.Status.ADOPTED, Motion.Status.PASSED):
        effects = _effects(motion, by=by, winner_id=winner_id)
    else:
        effects = _undo_notice(motion, by=by)
    log_append(
        motion,
        "closed",
        {"status": motion.status, "result": motion.result_text, "tally": motion.tally, "effects": effects, **closing},
    )
    emit("motion_closed", motion=motion)
    return motion


DEADLINE_NOTE = "Closed at its deadline"


def motions_close_due(*, now: datetime | None = None) -> list[int]:
    """Close every motion whose deadline has passed; returns the ids this run closed.

    Consensus motions past their consensus deadline with no objection are adopted; motions past
    their voting deadline pass or fail by the rules. Each motion closes in its own transaction,
    taken with `select_for_update(skip_locked=True)` and re-checked under the lock, so two runs at
    once never close a motion twice and one motion that cannot close (an election with several
    candidates and no vote, an effect refused) does not hold up the others: it stays open for the chair.
    """
    now = now or timezone.now()
    due = Motion.objects.filter(status=Motion.Status.CONSENSUS, consensus_deadline__lte=now) | Motion.objects.filter(
        status=Motion.Status.VOTING, voting_deadline__lte=now
    )
    closed = []
    for pk in due.order_by("pk").values_list("pk", flat=True):
        try:
            with transaction.atomic():
                motion = (
                    Motion.objects.select_for_update(skip_locked=True)
                    .filter(pk=pk)
                    .filter(
                        Q(status=Motion.Status.CONSENSUS, consensus_deadline__lte=now)
                        | Q(status=Motion.Status.VOTING, voting_deadline__lte=now)
                    )
                    .first()
                )
                if motion is None:
                    continue  # another run holds it or has closed it
                _close(motion, by=None, note=DEADLINE_NOTE)
        except ValidationError as error:
            logger.warning("Motion %s is past its deadline but stays open: %s", pk, " ".join(error.messages))
        else:
            closed.append(pk)
    return closed


def _consensus_winner(motion: Motion) -> int | None:
    if motion.kind != Motion.Kind.ELECTION:
        return None
    candidates = list(motion.candidates.all()[:2])
    if len(candidates) != 1:
        raise ValidationError("Consensus elects only an unopposed candidate; call a vote.")
    return candidates[0].pk


@transaction.atomic
def motion_withdraw(*, motion: Motion, by: User, reason: str) -> Motion:
    """Withdraw an open motion, with a reason recorded in its log; once voting is open, only the chair."""
    motion = _lock(motion)
    if not permissions.can_withdraw(by, motion):
        raise PermissionDenied("Only the chair, the Secretariat or the proposer withdraws a motion.")
    if motion.status == Motion.Status.VOTING and not permissions.is_chair(by):
        raise PermissionDenied("Voting is open: only the chair withdraws the motion now.")
    if motion.status not in OPEN_STATUSES:
        raise ValidationError("This motion is already closed.")
    if not reason.strip():
        raise ValidationError("Say why the motion is withdrawn.")
    was_open = motion.status != Motion.Status.DRAFT
    _transition(motion, Motion.Status.WITHDRAWN, by=by, note=reason.strip())
    motion.closed_at = timezone.now()
    motion.result_text = f"Withdrawn: {reason.strip()}"
    motion.save(update_fields=["status", "closed_at", "result_text"])
    if was_open or motion.log_head:
        log_append(motion, "withdrawn", {"reason": reason.strip()})
    _undo_notice(motion, by=by)
    if was_open:
        emit("motion_closed", motion=motion)
    return motion


def _check_draft(
    motion: Motion, *, office: str, candidates: list[User], consensus_deadline: datetime | None
) -> list[tuple[User, Company]]:
    """What each kind of motion must carry; returns the candidates with the seat each holds."""
    kind = motion.kind
    if kind == Motion.Kind.ADMIT and motion.subject_company.status != Company.Status.REQUESTED:
        raise ValidationError(f"{motion.subject_company} has not requested membership.")
    if kind == Motion.Kind.REVOKE and not motion.subject_company.is_seated:
        raise ValidationError(f"{motion.subject_company} holds no seat to revoke.")
    if kind == Motion.Kind.CHARTER_AMENDMENT and not motion.charter_text.strip():
        raise ValidationError("A charter amendment carries the new charter text.")
    if kind == Motion.Kind.ROADMAP_APPROVAL and motion.roadmap_quarter_id is None:
        raise ValidationError("A roadmap approval names its quarter.")
    now = timezone.now()
    if consensus_deadline is not None and consensus_deadline <= now:
        raise ValidationError("The proposed consensus deadline must be in the future.")
    if motion.voting_deadline is not None and motion.voting_deadline <= (consensus_deadline or now):
        raise ValidationError("The proposed voting deadline must come after the consensus deadline.")
    if kind != Motion.Kind.ELECTION:
        return []
    if office not in OfficerTerm.Office.values:
        raise ValidationError("Say which office the election fills.")
    if not candidates:
        raise ValidationError("An election needs at least one candidate.")
    seats = []
    for user in candidates:
        held = seat_companies(user)
        if not held:
            raise ValidationError(f"{user} holds no board seat: candidates are chosen among the seat holders.")
        seats.append((user, held[0]))
    return seats


def _draft_fields(
    motion: Motion,
    *,
    title: str,
    text: str,
    subject_company: Company | None,
    meeting,
    charter_text: str,
    charter_change_summary: str,
    roadmap_quarter,
    secret_ballot: bool,
    consensus_deadline: datetime | None,
    voting_deadline: datetime | None,
) -> None:
    """Set what a draft says, keeping only the fields its kind uses."""
    kind = motion.kind
    motion.title = title.strip()
    motion.text = text
    motion.meeting = meeting
    motion.subject_company = subject_company if kind in (Motion.Kind.ADMIT, Motion.Kind.REVOKE) else None
    motion.charter_text = charter_text if kind == Motion.Kind.CHARTER_AMENDMENT else ""
    motion.charter_change_summary = charter_change_summary if kind == Motion.Kind.CHARTER_AMENDMENT else ""
    motion.roadmap_quarter = roadmap_quarter if kind == Motion.Kind.ROADMAP_APPROVAL else None
    motion.secret_ballot = secret_ballot and kind == Motion.Kind.ELECTION
    motion.consensus_deadline = consensus_deadline
    motion.voting_deadline = voting_deadline


def _set_candidates(motion: Motion, office: str, seats: list[tuple[User, Company]]) -> None:
    _check_candidates_open(motion)
    motion.candidates.all().delete()
    Candidate.objects.bulk_create(
        [Candidate(motion=motion, office=office, user=user, company=company) for user, company in seats]
    )


@transaction.atomic
def motion_create(
    *,
    by: User,
    title: str,
    text: str,
    kind: str = Motion.Kind.RESOLUTION,
    subject_company: Company | None = None,
    meeting=None,
    charter_text: str = "",
    charter_change_summary: str = "",
    roadmap_quarter=None,
    secret_ballot: bool = False,
    office: str = "",
    candidates: list[User] | None = None,
    consensus_deadline: datetime | None = None,
    voting_deadline: datetime | None = None,
) -> Motion:
    """Draft a motion: the chair, the Secretariat and seat holders may propose.

    Each kind carries what it decides (the company to admit or revoke, the new charter text, the
    quarter, the office and its candidates, who must hold seats). The deadlines are proposals: the
    chair's forms start from them when opening the motion and calling a vote.
    """
    if not permissions.can_propose(by):
        raise PermissionDenied("Only board members and the Secretariat propose motions.")
    if kind in (Motion.Kind.ADMIT, Motion.Kind.REVOKE) and subject_company is None:
        raise ValidationError("Choose the company.")
    motion = Motion(kind=kind, proposer=by)
    _draft_fields(
        motion,
        title=title,
        text=text,
        subject_company=subject_company,
        meeting=meeting,
        charter_text=charter_text,
        charter_change_summary=charter_change_summary,
        roadmap_quarter=roadmap_quarter,
        secret_ballot=secret_ballot,
        consensus_deadline=consensus_deadline,
        voting_deadline=voting_deadline,
    )
    seats = _check_draft(motion, office=office, candidates=candidates or [], consensus_deadline=consensus_deadline)
    motion.full_clean()
    motion.save()
    _set_candidates(motion, office, seats)
    MotionTransition.objects.create(motion=motion, from_status="", to_status=Motion.Status.DRAFT, by=by)
    return motion


@transaction.atomic
def motion_update(
    *,
    motion: Motion,
    by: User,
    title: str,
    text: str,
    subject_company: Company | None = None,
    meeting=None,
    charter_text: str = "",
    charter_change_summary: str = "",
    roadmap_quarter=None,
    secret_ballot: bool = False,
    office: str = "",
    candidates: list[User] | None = None,
    consensus_deadline: datetime | None = None,
    voting_deadline: datetime | None = None,
) -> Motion:
    """Change a draft (its kind stays): the proposer, the chair or the Secretariat, until it opens.

    A revocation whose notice has been given keeps its company: the notice named it.
    """
    motion = _lock(motion)
    if not permissions.can_edit(by, motion):
        raise PermissionDenied("Only the proposer, the chair or the Secretariat changes a draft.")
    if motion.status != Motion.Status.DRAFT:
        raise ValidationError("Only a draft can be changed; this motion is already open or closed.")
    if motion.kind in (Motion.Kind.ADMIT, Motion.Kind.REVOKE) and subject_company is None:
        raise ValidationError("Choose the company.")
    if motion.notice_given_at is not None and subject_company != motion.subject_company:
        raise ValidationError("Notice has been given to the company: it cannot change.")
    _draft_fields(
        motion,
        title=title,
        text=text,
        subject_company=subject_company,
        meeting=meeting,
        charter_text=charter_text,
        charter_change_summary=charter_change_summary,
        roadmap_quarter=roadmap_quarter,
        secret_ballot=secret_ballot,
        consensus_deadline=consensus_deadline,
        voting_deadline=voting_deadline,
    )
    seats = _check_draft(motion, office=office, candidates=candidates or [], consensus_deadline=consensus_deadline)
    motion.full_clean()
    motion.save()
    if motion.kind == Motion.Kind.ELECTION:
        _set_candidates(motion, office, seats)
    return motion


def _check_candidates_open(motion: Motion) -> None:
    """Candidates are frozen once the motion opens: the record names them by id when it opens and votes."""
    if Motion.objects.filter(pk=motion.pk).exclude(status=Motion.Status.DRAFT).exists():
        raise ValidationError("The election is open: its candidates are frozen.")


@transaction.atomic
def candidate_save(*, candidate: Candidate, by: User) -> Candidate:
    """Add or change a candidate of a draft election (the admin's door); refused once the motion opens."""
    if not permissions.can_run_motions(by):
        raise PermissionDenied("Only the chair or the Secretariat changes the candidates.")
    motion = _lock(candidate.motion)
    _check_candidates_open(motion)
    if candidate.pk:
        _check_candidates_open(Candidate.objects.select_related("motion").get(pk=candidate.pk).motion)
    if motion.kind != Motion.Kind.ELECTION:
        raise ValidationError("Only an election has candidates.")
    candidate.full_clean()
    candidate.save()
    return candidate


@transaction.atomic
def candidate_remove(*, candidate: Candidate, by: User) -> None:
    if not permissions.can_run_motions(by):
        raise PermissionDenied("Only the chair or the Secretariat changes the candidates.")
    _check_candidates_open(_lock(candidate.motion))
    candidate.delete()


# --- The plan (timeline) ------------------------------------------------------------------------

PLAN_TASK_FIELDS = ("position", "title", "kind", "phase", "starts_on", "duration_days")


@transaction.atomic
def plan_task_save(*, task: PlanTask | None, data: dict, by: User) -> PlanTask:
    """Create or change a row of the plan (the model's clean(): a milestone lasts no day, a phase holds
    no phase)."""
    task = task or PlanTask()
    for name in PLAN_TASK_FIELDS:
        if name in data:
            setattr(task, name, data[name])
    task.full_clean()
    task.save()
    return task


@transaction.atomic
def plan_task_delete(*, task: PlanTask, by: User) -> None:
    task.delete()
