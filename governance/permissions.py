"""Who may do what in `governance`: the one place views ask.

The chair (the current OfficerTerm for the office of chair) runs motions; the Secretariat may act as
the chair's clerk (open, close and withdraw motions, give a revocation notice) but only the chair
calls a vote, as the charter says. A seat holder is the current board representative or alternate
of a seated company, and acts for that company only.
"""

from django.core.exceptions import PermissionDenied

from governance.models import Motion, OfficerTerm
from members.models import Company, RoleAssignment
from members.permissions import is_secretariat

SEAT_ROLES = (RoleAssignment.Role.BOARD_REPRESENTATIVE, RoleAssignment.Role.BOARD_ALTERNATE)


def is_chair(user) -> bool:
    if not user.is_authenticated:
        return False
    cached = getattr(user, "_is_chair", None)
    if cached is None:
        cached = OfficerTerm.objects.current().filter(office=OfficerTerm.Office.CHAIR, user=user).exists()
        user._is_chair = cached
    return cached


def can_run_motions(user) -> bool:
    """Open, close and withdraw motions, give revocation notices: the chair and the Secretariat."""
    return is_chair(user) or is_secretariat(user)


def can_call_vote(user) -> bool:
    return is_chair(user)


def can_withdraw(user, motion: Motion) -> bool:
    """The chair, the Secretariat or the proposer; once voting is open, the chair alone."""
    if motion.status == Motion.Status.VOTING:
        return is_chair(user)
    return can_run_motions(user) or (user.is_authenticated and motion.proposer_id == user.pk)


def seat_companies(user) -> list[Company]:
    """The seated companies this person holds a seat for (representative or alternate)."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_seat_companies", None)
    if cached is None:
        cached = list(
            Company.objects.members()
            .filter(roles__user=user, roles__role__in=SEAT_ROLES, roles__ended_at__isnull=True)
            .distinct()
        )
        user._seat_companies = cached
    return cached


def holds_seat_for(user, company: Company) -> bool:
    if not user.is_authenticated:
        return False
    return RoleAssignment.objects.current().filter(user=user, company=company, role__in=SEAT_ROLES).exists()


def get_company_for_seat_holder(user, slug: str) -> Company:
    """The company the person acts for, or 403 when they hold no seat for it."""
    for company in seat_companies(user):
        if company.slug == slug:
            return company
    raise PermissionDenied("You hold no board seat for that company.")


def can_propose(user) -> bool:
    """Draft a motion: the chair, the Secretariat and the seat holders."""
    return can_run_motions(user) or bool(seat_companies(user))


def can_edit(user, motion: Motion) -> bool:
    """Change a draft: its proposer, the chair and the Secretariat."""
    if not user.is_authenticated:
        return False
    return can_run_motions(user) or motion.proposer_id == user.pk


def can_view(user, motion: Motion) -> bool:
    """Motions are public once opened or once a revocation's notice is given (the company is then under
    review in public); a draft is otherwise seen by those who may change it and by the board."""
    if motion.status != Motion.Status.DRAFT or motion.notice_given_at is not None:
        return True
    return can_edit(user, motion) or bool(seat_companies(user))
