"""Ballots: a seat casts or changes its vote, and a voter asks for their receipt by mail."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from governance.models import Ballot, Candidate, Motion
from governance.record import log_append, receipt_hash, receipt_new
from governance.services.lifecycle import locked
from kernel.events import emit
from members.models import Company, User
from members.permissions import holds_seat_for


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
    motion = locked(motion)
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
        payload["cast_by"] = by.pk
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
