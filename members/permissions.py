"""Who may do what in `members`: the one place views ask.

The roles every app asks about live here: the Secretariat, the board seat holders (the current
representative or alternate of a seated company) and who may see confidential board items.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from members.models import Affiliation, Company, CompanyInvitation, PersonalAccessToken, RoleAssignment, User


def is_secretariat(user: User | AnonymousUser) -> bool:
    """The Secretariat runs meetings and keeps the records; superusers count as Secretariat
    (`User.objects.secretariat()` is the same rule for lists of people)."""
    if not user.is_authenticated:
        return False
    cached = getattr(user, "_is_secretariat", None)
    if cached is None:
        cached = User.objects.secretariat().filter(pk=user.pk).exists()
        user._is_secretariat = cached
    return cached


def authorise(by: User | None, allowed: Callable[[User], bool], reason: str) -> None:
    """A service's check of its actor: refuse with PermissionDenied(reason) unless `allowed(by)`.

    `by` None is the system acting from trusted code — demo loading, a decided motion's effects, the
    deadline sweeper, tests setting up their personas. No door a person reaches (page, admin, task,
    command) passes None: they pass `request.user` (`lcoo_portal/tests/test_service_refusals.py` scans
    every module for a literal `by=None` outside the trusted ones).
    """
    if by is not None and not allowed(by):
        raise PermissionDenied(reason)


SECRETARIAT_ONLY = "Only the Secretariat opens this page."


def secretariat_required(view: Callable | None = None, *, reason: str = SECRETARIAT_ONLY) -> Callable:
    """Sign-in first (anonymous visitors go to the sign-in page), then the Secretariat's role (403 saying
    `reason` on the page). Used bare (`@secretariat_required`) or with the page's own reason
    (`@secretariat_required(reason="Only the Secretariat ...")`)."""

    def decorate(view: Callable) -> Callable:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            require(is_secretariat(request.user), reason)
            return view(request, *args, **kwargs)

        return wrapped

    return decorate if view is None else decorate(view)


def seat_companies(user: User | AnonymousUser) -> list[Company]:
    """The seated companies this person holds a board seat for now (cached on the user)."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_seat_companies", None)
    if cached is None:
        cached = list(Company.objects.seated_for(user))
        user._seat_companies = cached
    return cached


def holds_seat(user: User | AnonymousUser) -> bool:
    """A board seat holder: the current representative or alternate of a seated company."""
    return bool(seat_companies(user))


def holds_seat_for(user: User | AnonymousUser, company: Company) -> bool:
    """This person holds the company's seat now, and the company is seated (asked afresh: services use it)."""
    if not user.is_authenticated:
        return False
    # the seat alone, one join: board_seats() already asks that the company is seated (as seated_for does)
    return RoleAssignment.objects.board_seats().filter(user=user, company_id=company.pk).exists()


def can_see_confidential(user: User | AnonymousUser) -> bool:
    """Confidential board items: the Secretariat and the board's seat holders, no one else.

    A board representative of a company without a seat (prospect, revoked, withdrawn) does not.
    """
    return is_secretariat(user) or holds_seat(user)


def is_coordinator_of(user: User | AnonymousUser, company: Company) -> bool:
    """A current coordinator of the company: the role is the source (the guardian permission
    `members.change_company` is derived from it by `members.services`)."""
    if not user.is_authenticated:
        return False
    return RoleAssignment.objects.current().coordinators().filter(user=user, company_id=company.pk).exists()


def can_edit_company(user: User | AnonymousUser, company: Company) -> bool:
    """The Secretariat, and the company's current coordinators."""
    if not user.is_authenticated:
        return False
    return is_secretariat(user) or is_coordinator_of(user, company)


def can_edit_person(user: User | AnonymousUser, person: User) -> bool:
    """What a person keeps about themselves (their meeting-bot nick): themselves, and the Secretariat
    (whose minutes import remembers the nicks it matched)."""
    return user.is_authenticated and (user.pk == person.pk or is_secretariat(user))


def can_manage_coordinators(user: User | AnonymousUser, company: Company) -> bool:
    """The Secretariat, and the company's own coordinators, may add and remove its coordinators."""
    return can_edit_company(user, company)


def can_manage_role(user: User | AnonymousUser, company: Company, role: str) -> bool:
    """Board seats are the Secretariat's to fill; coordinators only manage coordinators."""
    if role == RoleAssignment.Role.COORDINATOR:
        return can_manage_coordinators(user, company)
    return is_secretariat(user)


def can_manage_people(user: User | AnonymousUser, company: Company) -> bool:
    """Ending someone's affiliation also ends their board roles: the Secretariat's call."""
    return is_secretariat(user)


def can_change_status(user: User | AnonymousUser, company: Company) -> bool:
    return is_secretariat(user)


def can_create_company(user: User | AnonymousUser) -> bool:
    return is_secretariat(user)


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


def get_role_for_manager(request: HttpRequest, slug: str, pk: int) -> RoleAssignment:
    """A role of the company that the visitor may end: coordinators by the company's coordinators,
    board seats by the Secretariat; 404 if none, 403 for others."""
    company = get_company_for_role_manager(request, slug)
    assignment = get_object_or_404(RoleAssignment.objects.select_related("user", "company"), pk=pk, company=company)
    require(
        can_manage_role(request.user, company, assignment.role),
        f"Only {company.name}'s coordinators end its coordinators; the Secretariat fills and ends board seats.",
    )
    return assignment


def get_affiliation_for_manager(request: HttpRequest, slug: str, pk: int) -> Affiliation:
    """An affiliation with the company that the visitor may end (the Secretariat's call); 404 or 403."""
    company = get_object_or_404(Company, slug=slug)
    require(can_manage_people(request.user, company), "Only the Secretariat ends someone's affiliation.")
    return get_object_or_404(Affiliation.objects.select_related("user", "company"), pk=pk, company=company)


def get_invitation_for_manager(request: HttpRequest, slug: str, pk: int) -> CompanyInvitation:
    """An invitation to the company that the visitor may cancel or send again: whoever may send it
    (a board seat's, the Secretariat); 404 if none, 403 for others."""
    company = get_company_for_role_manager(request, slug)
    invitation = get_object_or_404(CompanyInvitation.objects.select_related("company"), pk=pk, company=company)
    require(
        can_manage_role(request.user, company, invitation.role or RoleAssignment.Role.COORDINATOR),
        "Only the Secretariat cancels or resends an invitation to a board seat.",
    )
    return invitation


def can_manage_teams(user: User | AnonymousUser) -> bool:
    """The specialty teams (their members, leads and links) are kept by the Secretariat."""
    return is_secretariat(user)


def get_access_token_for_owner(request: HttpRequest, pk: int) -> PersonalAccessToken:
    """One of the signed-in person's own tokens; another's is 404 (its existence is not theirs to learn)."""
    return get_object_or_404(PersonalAccessToken, pk=pk, user_id=request.user.pk)
