"""Who may do what in `members`: the one place views ask."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from members.models import Company, RoleAssignment, RoleGroup
from members.services import EDIT_COMPANY_PERMISSION


def is_secretariat(user) -> bool:
    """The Secretariat runs meetings and keeps the records; superusers count as Secretariat."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_is_secretariat", None)
    if cached is None:
        cached = user.groups.filter(name=RoleGroup.SECRETARIAT).exists()
        user._is_secretariat = cached
    return cached


def can_edit_company(user, company: Company) -> bool:
    """The Secretariat, and the company's current coordinators (guardian object permission)."""
    if not user.is_authenticated:
        return False
    return is_secretariat(user) or user.has_perm(EDIT_COMPANY_PERMISSION, company)


def can_manage_coordinators(user, company: Company) -> bool:
    """The Secretariat, and the company's own coordinators, may add and remove its coordinators."""
    return can_edit_company(user, company)


def can_manage_role(user, company: Company, role: str) -> bool:
    """Board seats are the Secretariat's to fill; coordinators only manage coordinators."""
    if role == RoleAssignment.Role.COORDINATOR:
        return can_manage_coordinators(user, company)
    return is_secretariat(user)


def can_manage_people(user, company: Company) -> bool:
    """Ending someone's affiliation also ends their board roles: the Secretariat's call."""
    return is_secretariat(user)


def can_change_status(user, company: Company) -> bool:
    return is_secretariat(user)


def can_create_company(user) -> bool:
    return is_secretariat(user)


def can_download_compliance(user) -> bool:
    return user.is_authenticated


def require(allowed: bool, reason: str = "Your account does not have the role this page needs.") -> None:
    """Refuse with 403 when a check fails (views run after login_required: the visitor is signed in);
    the reason is shown on the 403 page."""
    if not allowed:
        raise PermissionDenied(reason)


def get_company_for_editor(request: HttpRequest, slug: str) -> Company:
    """The company a signed-in coordinator or the Secretariat may edit; 404 if none, 403 for others.

    Views using it are wrapped in login_required, which sends anonymous visitors to the sign-in page.
    """
    company = get_object_or_404(Company, slug=slug)
    require(
        can_edit_company(request.user, company),
        f"Only {company.name}'s coordinators and the Secretariat edit {company.name}'s profile.",
    )
    return company


def get_company_for_role_manager(request: HttpRequest, slug: str) -> Company:
    """The company whose roles the visitor may see and change (at least its coordinators)."""
    company = get_object_or_404(Company, slug=slug)
    require(
        can_manage_coordinators(request.user, company),
        f"Only {company.name}'s coordinators and the Secretariat see and change {company.name}'s roles.",
    )
    return company
