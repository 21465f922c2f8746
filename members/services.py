"""Actions on people and companies. Each is atomic, checks its preconditions and records who made it."""

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from guardian.shortcuts import assign_perm, remove_perm

from members.models import Company, MembershipTransition, RoleAssignment, RoleGroup, User

# The joining procedure of the wiki page, and the charter's revocation by the board.
ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    Company.Status.PROSPECT: {Company.Status.PARTICIPATING, Company.Status.WITHDRAWN},
    Company.Status.PARTICIPATING: {Company.Status.REQUESTED, Company.Status.WITHDRAWN},
    Company.Status.REQUESTED: {Company.Status.MEMBER, Company.Status.PARTICIPATING, Company.Status.WITHDRAWN},
    Company.Status.MEMBER: {Company.Status.UNDER_REVIEW, Company.Status.WITHDRAWN},
    Company.Status.UNDER_REVIEW: {Company.Status.MEMBER, Company.Status.REVOKED, Company.Status.WITHDRAWN},
    Company.Status.REVOKED: {Company.Status.PROSPECT},
    Company.Status.WITHDRAWN: {Company.Status.PROSPECT},
}

# The permission a current coordinator holds on their own company (django-guardian).
EDIT_COMPANY_PERMISSION = "members.change_company"

# Which portal group a company-bound role puts a person in, for the header and group-wide checks.
ROLE_GROUPS = {
    RoleAssignment.Role.COORDINATOR: RoleGroup.COORDINATORS,
    RoleAssignment.Role.BOARD_REPRESENTATIVE: RoleGroup.EXECUTIVE_BOARD,
    RoleAssignment.Role.BOARD_ALTERNATE: RoleGroup.EXECUTIVE_BOARD,
}


@transaction.atomic
def user_update_profile(*, user: User, display_name: str, time_zone: str) -> User:
    user.display_name = display_name
    user.time_zone = time_zone
    user.save(update_fields=["display_name", "time_zone"])
    return user


def _sync_role_group(user: User, role: str) -> None:
    """Keep the person's portal group in step with whether they still hold such a role anywhere."""
    group, _ = Group.objects.get_or_create(name=ROLE_GROUPS[role])
    roles = [r for r, g in ROLE_GROUPS.items() if g == group.name]
    if RoleAssignment.objects.current().filter(user=user, role__in=roles).exists():
        user.groups.add(group)
    else:
        user.groups.remove(group)


@transaction.atomic
def role_assign(*, company: Company, user: User, role: str, by: User | None) -> RoleAssignment:
    """Give a person a company-bound role, ending whoever held a single-holder role before.

    A coordinator gets the object permission to edit the company; the board representative and the
    alternate are single seats, so a new holder ends the previous one's term.
    """
    company = Company.objects.select_for_update().get(pk=company.pk)
    now = timezone.now()
    current = RoleAssignment.objects.current().filter(company=company, role=role)
    if current.filter(user=user).exists():
        raise ValidationError(f"{user} is already {RoleAssignment.Role(role).label.lower()} for {company}.")
    if role != RoleAssignment.Role.COORDINATOR:
        for previous in current:
            _role_close(previous, by=by, at=now, reason=f"Replaced by {user}")
    assignment = RoleAssignment.objects.create(company=company, user=user, role=role, started_at=now, assigned_by=by)
    if role == RoleAssignment.Role.COORDINATOR:
        assign_perm(EDIT_COMPANY_PERMISSION, user, company)
    _sync_role_group(user, role)
    return assignment


def _role_close(assignment: RoleAssignment, *, by: User | None, at, reason: str) -> None:
    assignment.ended_at = at
    assignment.ended_by = by
    assignment.end_reason = reason
    assignment.save(update_fields=["ended_at", "ended_by", "end_reason"])
    if assignment.role == RoleAssignment.Role.COORDINATOR:
        remove_perm(EDIT_COMPANY_PERMISSION, assignment.user, assignment.company)
    _sync_role_group(assignment.user, assignment.role)


@transaction.atomic
def role_end(*, assignment: RoleAssignment, by: User | None, reason: str = "") -> RoleAssignment:
    """End a role; the company shows it as vacant until someone fills it."""
    assignment = RoleAssignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.ended_at is not None:
        raise ValidationError("This role has already ended.")
    _role_close(assignment, by=by, at=timezone.now(), reason=reason)
    return assignment


@transaction.atomic
def company_transition(
    *, company: Company, to_status: str, by: User | None, reason: str, reference: str = ""
) -> MembershipTransition:
    """Move a company one step through the membership lifecycle, if that step is allowed.

    Becoming a member sets the member-since date (kept across a review); a refused step raises
    ValidationError and changes nothing.
    """
    company = Company.objects.select_for_update().get(pk=company.pk)
    if not reason.strip():
        raise ValidationError("Say why the membership status changes.")
    if to_status not in ALLOWED_TRANSITIONS.get(company.status, set()):
        raise ValidationError(
            f"{company} cannot go from “{Company.Status(company.status).label}” to “{Company.Status(to_status).label}”."
        )
    from_status = company.status
    company.status = to_status
    if to_status == Company.Status.MEMBER and from_status != Company.Status.UNDER_REVIEW:
        company.member_since = timezone.localdate()
    company._change_reason = reason
    company.save()
    return MembershipTransition.objects.create(
        company=company, from_status=from_status, to_status=to_status, by=by, reason=reason, reference=reference
    )
