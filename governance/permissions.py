"""Who may do what in `governance`: the one place views ask.

The chair (the current OfficerTerm for the office of chair) runs motions; the Secretariat may act as
the chair's clerk (open, close and withdraw motions, give a revocation notice) but only the chair
calls a vote, as the charter says. A seat holder is the current board representative or alternate
of a seated company, and acts for that company only.
"""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from governance.models import Motion, OfficerTerm
from members.models import Company, User
from members.permissions import holds_seat, is_secretariat, seat_companies

# What a person who may not act is told: the services' PermissionDenied and the action views' 403 alike.
GIVE_NOTICE_REFUSAL = "Only the chair or the Secretariat gives a revocation notice."
OPEN_REFUSAL = "Only the chair or the Secretariat opens a motion."
CALL_VOTE_REFUSAL = "Only the chair calls a vote."
CLOSE_REFUSAL = "Only the chair or the Secretariat closes a motion."


def withdraw_refusal(motion: Motion) -> str:
    if motion.status == Motion.Status.VOTING:
        return "Voting is open: only the board's chair withdraws the motion now."
    return "Only the motion's proposer, the board's chair and the Secretariat withdraw it."


def is_chair(user: User | AnonymousUser) -> bool:
    if not user.is_authenticated:
        return False
    cached = getattr(user, "_is_chair", None)
    if cached is None:
        cached = OfficerTerm.objects.current().filter(office=OfficerTerm.Office.CHAIR, user=user).exists()
        user._is_chair = cached
    return cached


def can_run_motions(user: User | AnonymousUser) -> bool:
    """Open, close and withdraw motions, give revocation notices: the chair and the Secretariat."""
    return is_chair(user) or is_secretariat(user)


def can_edit_plan(user: User | AnonymousUser) -> bool:
    """The coalition's plan and the roadmap's items: the Secretariat keeps them (the board ranks and
    publishes each quarter's roadmap)."""
    return is_secretariat(user)


def can_call_vote(user: User | AnonymousUser) -> bool:
    return is_chair(user)


def can_withdraw(user: User | AnonymousUser, motion: Motion) -> bool:
    """The chair, the Secretariat or the proposer; once voting is open, the chair alone."""
    if motion.status == Motion.Status.VOTING:
        return is_chair(user)
    return can_run_motions(user) or (user.is_authenticated and motion.proposer_id == user.pk)


@dataclass(frozen=True)
class MotionActs:
    """Which acts this person may perform on this motion now: the motion page shows these buttons only."""

    give_notice: bool
    open: bool
    call_vote: bool
    close: bool
    withdraw: bool

    @property
    def any(self) -> bool:
        return self.give_notice or self.open or self.call_vote or self.close or self.withdraw


def motion_acts(user: User | AnonymousUser, motion: Motion) -> MotionActs:
    """Who may (this module) and when the motion allows it (the model's predicates), together."""
    runs = can_run_motions(user)
    draft = motion.status == Motion.Status.DRAFT
    return MotionActs(
        give_notice=runs and motion.awaits_notice,
        open=runs and draft and not motion.awaits_notice,
        call_vote=can_call_vote(user) and motion.may_call_vote,
        close=runs and motion.may_close,
        withdraw=not motion.is_closed and can_withdraw(user, motion),
    )


def get_company_for_seat_holder(user: User | AnonymousUser, slug: str) -> Company:
    """The company the person acts for, or 403 when they hold no seat for it."""
    for company in seat_companies(user):
        if company.slug == slug:
            return company
    raise PermissionDenied("You hold no board seat for that company.")


def can_propose(user: User | AnonymousUser) -> bool:
    """Draft a motion: the chair, the Secretariat and the seat holders."""
    return can_run_motions(user) or holds_seat(user)


def can_edit(user: User | AnonymousUser, motion: Motion) -> bool:
    """Change a draft: its proposer, the chair and the Secretariat."""
    if not user.is_authenticated:
        return False
    return can_run_motions(user) or motion.proposer_id == user.pk


def sees_every_draft(user: User | AnonymousUser) -> bool:
    """Every draft motion is seen by the chair, the Secretariat and the seat holders: the board prepares
    its decisions together, by consensus; its drafts are not the public's until opened."""
    return can_run_motions(user) or holds_seat(user)


def can_view(user: User | AnonymousUser, motion: Motion) -> bool:
    """See one motion: the rule of `Motion.objects.visible_to(user)` — a public motion (`is_public`), every
    draft for the chair, the Secretariat and the seat holders, one's own draft for its proposer."""
    if motion.is_public:
        return True
    return (user.is_authenticated and motion.proposer_id == user.pk) or sees_every_draft(user)


def get_motion_for_viewer(request: HttpRequest, pk: int, queryset: QuerySet | None = None) -> Motion:
    """A motion the visitor may see (every page of it: the motion, its record); a hidden draft is 404."""
    motion = get_object_or_404(queryset if queryset is not None else Motion.objects.all(), pk=pk)
    if not can_view(request.user, motion):
        raise Http404("No such motion.")
    return motion


def get_motion_for_editor(request: HttpRequest, pk: int) -> Motion:
    """A motion whose draft the signed-in visitor may change: its proposer, the chair, the Secretariat; else 403."""
    motion = get_object_or_404(Motion, pk=pk)
    if not can_edit(request.user, motion):
        raise PermissionDenied("Only the motion's proposer, the board's chair and the Secretariat change its draft.")
    return motion


def shows_recorded_ballots(motion: Motion) -> bool:
    """Who voted how is published once the motion closes, and never for a secret ballot."""
    return motion.is_closed and not motion.secret_ballot


def record_is_published(motion: Motion) -> bool:
    """A motion's record (its entries, the ballots' receipts) is published when the motion closes."""
    return motion.is_closed
