"""A motion's life: notice, opening, the consensus round, calling a vote, closing and withdrawing.

Every service is atomic and follows one order: lock the motion (select_for_update) and check its
state, change it, record who and when (a MotionTransition and, for what seats do, an entry in the
motion's hash chain), then emit the domain event in the same transaction.

The state machine: draft → consensus → adopted (no seat objected by the deadline), or consensus →
objected (a seat objects) → voting (the chair calls a vote) → passed / failed; any open state →
withdrawn. An officer election may go straight from consensus to a vote. Deadlines close motions by
themselves (`governance.services.sweeper`); what a decided motion does is in `effects`, ballots in
`ballots`, drafts in `drafting`.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from governance import permissions
from governance.models import ConsensusStance, Motion, MotionTransition, Objection
from governance.record import FORMAT, candidates_document, closing_document, log_append, motion_document, recount
from governance.register import motion_register
from governance.rules import rules_for
from governance.services.effects import effects_apply, notice_undo
from kernel.events import emit
from kernel.validation import NOTE_MAX, check_length
from members.models import Company, User
from members.permissions import authorise, holds_seat_for
from members.services import company_transition

OPEN_STATUSES = (Motion.Status.DRAFT, Motion.Status.CONSENSUS, Motion.Status.OBJECTED, Motion.Status.VOTING)


def locked(motion: Motion) -> Motion:
    """The motion again, its row locked until the transaction ends: every change to a motion starts here."""
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
    motion = locked(motion)
    if not permissions.can_run_motions(by):
        raise PermissionDenied(permissions.GIVE_NOTICE_REFUSAL)
    if motion.kind != Motion.Kind.REVOKE or motion.status != Motion.Status.DRAFT:
        raise ValidationError("Notice is given only for a draft revocation motion.")
    if motion.notice_given_at is not None:
        raise ValidationError("Notice has already been given.")
    company_transition(
        company=motion.subject_company,
        to_status=Company.Status.UNDER_REVIEW,
        by=by,
        reason=f"Notice of the revocation motion “{motion.title}”.",
        reference=motion.reference,
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
    motion = locked(motion)
    if not permissions.can_run_motions(by):
        raise PermissionDenied(permissions.OPEN_REFUSAL)
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
    motion = locked(motion)
    if not holds_seat_for(by, company):
        raise PermissionDenied("Only the company's board representative or alternate objects for it.")
    if not motion.is_in_consensus:
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
    if not motion.is_in_consensus:
        raise ValidationError("The motion is not open for consensus.")
    if not motion.takes_stances:
        raise ValidationError("The consensus deadline has passed.")
    if not motion.electorate.filter(pk=company.pk).exists():
        raise ValidationError(f"{company} held no seat when this motion opened.")


@transaction.atomic
def objection_withdraw(*, motion: Motion, company: Company, by: User) -> Objection:
    """A seat withdraws its objection; with no objection left the motion is open for consensus again."""
    motion = locked(motion)
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
def stance_record(*, motion: Motion, company: Company, by: User, stance: str, comment: str = "") -> ConsensusStance:
    """A seat says it agrees or stands aside (neither blocks consensus), with a comment if it wishes; a
    standing objection is withdrawn first. Each answer, a change included, enters the motion's record."""
    motion = locked(motion)
    _check_consensus_seat(motion, company, by)
    if stance not in ConsensusStance.Stance.values:
        raise ValidationError("Agree or stand aside.")
    if Objection.objects.filter(motion=motion, company=company, withdrawn_at__isnull=True).exists():
        raise ValidationError(f"{company} objects: withdraw the objection first.")
    answer, _ = ConsensusStance.objects.update_or_create(
        motion=motion, company=company, defaults={"stance": stance, "comment": comment, "by": by, "at": timezone.now()}
    )
    # the comment enters the record only when there is one: earlier entries keep their exact payload
    log_append(
        motion, "stance", {"company": company.slug, "stance": stance, **({"comment": comment} if comment else {})}
    )
    return answer


@transaction.atomic
def motion_call_vote(*, motion: Motion, by: User, voting_deadline: datetime) -> Motion:
    """The chair calls a vote after an objection (an election may go to a vote directly).

    The electorate is snapshotted again: the seats as they are when voting opens decide.
    """
    motion = locked(motion)
    if not permissions.can_call_vote(by):
        raise PermissionDenied(permissions.CALL_VOTE_REFUSAL)
    if not motion.may_call_vote:
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
    motion = locked(motion)
    if not permissions.can_run_motions(by):
        raise PermissionDenied(permissions.CLOSE_REFUSAL)
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
        return motion_decide(motion, by=by, note=f"Closed before its deadline: {motion.close_reason}")
    return motion_decide(motion, by=by)


def motion_decide(motion: Motion, *, by: User | None, note: str = "") -> Motion:
    """Decide a motion locked by the caller's transaction that may be closed now; `by` is None when its
    deadline closed it (`sweeper.motions_close_due`), else one who closes motions (`can_run_motions`)."""
    authorise(by, permissions.can_run_motions, permissions.CLOSE_REFUSAL)
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
        effects = effects_apply(motion=motion, by=by, winner_id=winner_id)
    else:
        effects = notice_undo(motion=motion, by=by)
    log_append(
        motion,
        "closed",
        {
            "status": motion.status,
            "result": motion.result_text,
            "tally": motion.tally,
            "effects": effects,
            **closing,
            **closing_document(motion),
        },
    )
    motion_register(motion=motion)
    emit("motion_closed", motion=motion)
    return motion


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
    motion = locked(motion)
    if not permissions.can_withdraw(by, motion):
        raise PermissionDenied(permissions.withdraw_refusal(motion))
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
        log_append(motion, "withdrawn", {"reason": reason.strip(), **closing_document(motion)})
        motion_register(motion=motion)
    notice_undo(motion=motion, by=by)
    if was_open:
        emit("motion_closed", motion=motion)
    return motion
