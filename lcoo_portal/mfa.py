"""Who must have a second factor before acting (issue 10, finding 9), with PORTAL_REQUIRE_MFA on.

The project package asks each app, so that `members` never learns about `governance`'s officers.
"""

from collections.abc import Callable

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from governance.models import OfficerTerm
from members.models import RoleAssignment, User
from members.permissions import is_secretariat
from members.sso import sso_vouched_second_factor

BOARD_ROLES = (RoleAssignment.Role.BOARD_REPRESENTATIVE, RoleAssignment.Role.BOARD_ALTERNATE)


def roles_needing_mfa(user: User) -> list[str]:
    """What this person is that needs a second factor, in words (empty: nothing)."""
    roles = []
    if user.is_superuser or user.is_staff:
        roles.append("staff")
    if is_secretariat(user):
        roles.append("the Secretariat")
    if RoleAssignment.objects.current().filter(user=user, role__in=BOARD_ROLES).exists():
        roles.append("a board representative or alternate")
    if OfficerTerm.objects.current().filter(user=user).exists():
        roles.append("an officer of the board")
    return roles


def has_second_factor(user: User) -> bool:
    """An authenticator app or a passkey (recovery codes only back one of those up)."""
    return Authenticator.objects.filter(user=user).exclude(type=Authenticator.Type.RECOVERY_CODES).exists()


class RequireMFAMiddleware:
    """Sends the people in roles_needing_mfa without a second factor to the page where they set one up,
    with an explanation. What stays open to them: allauth's pages (setting up the second factor, signing
    out, re-authenticating, e-mail and password), the health check and the static files (served before
    any view)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable, view_args: tuple, view_kwargs: dict
    ) -> HttpResponse | None:
        if not settings.PORTAL_REQUIRE_MFA or not request.user.is_authenticated:
            return None
        if view_func.__module__.startswith("allauth.") or view_func.__name__ == "healthz":
            return None
        if has_second_factor(request.user) or sso_vouched_second_factor(request):
            return None
        roles = roles_needing_mfa(request.user)
        if not roles:
            return None
        messages.warning(
            request,
            f"As {' and '.join(roles)} you act for the whole group: set up an authenticator app or a passkey "
            "before you continue. It keeps your account safe if your password leaks.",
        )
        return HttpResponseRedirect(reverse("mfa_index"))
