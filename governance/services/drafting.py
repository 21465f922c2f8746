"""Drafting motions: what each kind carries, who may propose and change a draft, an election's candidates."""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from governance import permissions
from governance.models import Candidate, Motion, MotionTransition, OfficerTerm, RoadmapQuarter
from governance.services.lifecycle import locked
from meetings.models import Meeting
from members.models import Company, User
from members.permissions import seat_companies


@dataclass(frozen=True)
class MotionDraft:
    """What a draft motion says; each kind keeps only the fields it uses (`motion_create`, `motion_update`).

    The deadlines are proposals: the chair's forms start from them when opening the motion and calling
    a vote."""

    title: str
    text: str
    subject_company: Company | None = None
    meeting: Meeting | None = None
    charter_text: str = ""
    charter_change_summary: str = ""
    roadmap_quarter: RoadmapQuarter | None = None
    secret_ballot: bool = False
    office: str = ""
    candidates: tuple[User, ...] = ()
    consensus_deadline: datetime | None = None
    voting_deadline: datetime | None = None


def _check_draft(motion: Motion, draft: MotionDraft) -> list[tuple[User, Company]]:
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
    if draft.consensus_deadline is not None and draft.consensus_deadline <= now:
        raise ValidationError("The proposed consensus deadline must be in the future.")
    if motion.voting_deadline is not None and motion.voting_deadline <= (draft.consensus_deadline or now):
        raise ValidationError("The proposed voting deadline must come after the consensus deadline.")
    if kind != Motion.Kind.ELECTION:
        return []
    if draft.office not in OfficerTerm.Office.values:
        raise ValidationError("Say which office the election fills.")
    if not draft.candidates:
        raise ValidationError("An election needs at least one candidate.")
    seats = []
    for user in draft.candidates:
        held = seat_companies(user)
        if not held:
            raise ValidationError(f"{user} holds no board seat: candidates are chosen among the seat holders.")
        seats.append((user, held[0]))
    return seats


def _draft_fields(motion: Motion, draft: MotionDraft) -> None:
    """Set what a draft says, keeping only the fields its kind uses."""
    kind = motion.kind
    charter = kind == Motion.Kind.CHARTER_AMENDMENT
    motion.title = draft.title.strip()
    motion.text = draft.text
    motion.meeting = draft.meeting
    motion.subject_company = draft.subject_company if kind in (Motion.Kind.ADMIT, Motion.Kind.REVOKE) else None
    motion.charter_text = draft.charter_text if charter else ""
    motion.charter_change_summary = draft.charter_change_summary if charter else ""
    motion.roadmap_quarter = draft.roadmap_quarter if kind == Motion.Kind.ROADMAP_APPROVAL else None
    motion.secret_ballot = draft.secret_ballot and kind == Motion.Kind.ELECTION
    motion.consensus_deadline = draft.consensus_deadline
    motion.voting_deadline = draft.voting_deadline


def _set_candidates(motion: Motion, office: str, seats: list[tuple[User, Company]]) -> None:
    _check_candidates_open(motion)
    motion.candidates.all().delete()
    # no post_save for these rows: the motion's save before this moves the version in this transaction
    Candidate.objects.bulk_create(
        [Candidate(motion=motion, office=office, user=user, company=company) for user, company in seats]
    )


@transaction.atomic
def motion_create(*, by: User, draft: MotionDraft, kind: str = Motion.Kind.RESOLUTION) -> Motion:
    """Draft a motion: the chair, the Secretariat and seat holders may propose.

    Each kind carries what it decides (the company to admit or revoke, the new charter text, the
    quarter, the office and its candidates, who must hold seats).
    """
    if not permissions.can_propose(by):
        raise PermissionDenied("Only board members and the Secretariat propose motions.")
    if kind in (Motion.Kind.ADMIT, Motion.Kind.REVOKE) and draft.subject_company is None:
        raise ValidationError("Choose the company.")
    motion = Motion(kind=kind, proposer=by)
    _draft_fields(motion, draft)
    seats = _check_draft(motion, draft)
    motion.full_clean()
    motion.save()
    _set_candidates(motion, draft.office, seats)
    MotionTransition.objects.create(motion=motion, from_status="", to_status=Motion.Status.DRAFT, by=by)
    return motion


@transaction.atomic
def motion_update(*, motion: Motion, by: User, draft: MotionDraft) -> Motion:
    """Change a draft (its kind stays): the proposer, the chair or the Secretariat, until it opens.

    A revocation whose notice has been given keeps its company: the notice named it.
    """
    motion = locked(motion)
    if not permissions.can_edit(by, motion):
        raise PermissionDenied("Only the proposer, the chair or the Secretariat changes a draft.")
    if motion.status != Motion.Status.DRAFT:
        raise ValidationError("Only a draft can be changed; this motion is already open or closed.")
    if motion.kind in (Motion.Kind.ADMIT, Motion.Kind.REVOKE) and draft.subject_company is None:
        raise ValidationError("Choose the company.")
    if motion.notice_given_at is not None and draft.subject_company != motion.subject_company:
        raise ValidationError("Notice has been given to the company: it cannot change.")
    _draft_fields(motion, draft)
    seats = _check_draft(motion, draft)
    motion.full_clean()
    motion.save()
    if motion.kind == Motion.Kind.ELECTION:
        _set_candidates(motion, draft.office, seats)
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
    motion = locked(candidate.motion)
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
    """Remove a candidate from a draft election (the admin's door); refused once the motion opens."""
    if not permissions.can_run_motions(by):
        raise PermissionDenied("Only the chair or the Secretariat changes the candidates.")
    _check_candidates_open(locked(candidate.motion))
    candidate.delete()
