"""Who must have a second factor before acting (issue 10, finding 9), with PORTAL_REQUIRE_MFA on.

The project package asks each app, so that `members` never learns about `governance`'s officers.
"""

import time
from collections.abc import Callable
from urllib.parse import quote

from allauth.account.internal.flows.login import get_authentication_records
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from governance.models import OfficerTerm
from members.models import RoleAssignment, User
from members.permissions import is_secretariat
from members.sso import sso_recently_signed_in, sso_vouched_second_factor

# allauth's pages that enrol a factor or change the address (asked for the password again, see below)
ENROLLING_VIEWS = frozenset({"mfa_activate_totp", "mfa_add_webauthn", "mfa_generate_recovery_codes", "account_email"})
RECONFIRM_SECONDS = 5 * 60


def recently_reconfirmed(request: HttpRequest) -> bool:
    """Whether this person re-entered their password (allauth's reauthentication) in the last minutes."""
    records = get_authentication_records(request, request.user)
    now = time.time()
    return any(r.get("reauthenticated") and now - r.get("at", 0) < RECONFIRM_SECONDS for r in records)


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
            return self._reconfirm_before_enrolling(request)
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

    @staticmethod
    def _reconfirm_before_enrolling(request: HttpRequest) -> HttpResponse | None:
        """Until someone who must use a second factor has one, enrolling one or changing the address asks
        for the password again, so a stolen session alone cannot enrol the thief's authenticator."""
        match = request.resolver_match
        if match is None or match.url_name not in ENROLLING_VIEWS:
            return None
        if match.url_name == "account_email" and request.method != "POST":
            return None
        if (
            recently_reconfirmed(request)
            or sso_recently_signed_in(request, RECONFIRM_SECONDS)
            or has_second_factor(request.user)
            or not roles_needing_mfa(request.user)
        ):
            return None
        messages.info(request, "Confirm your password before you set up a second factor or change your address.")
        return HttpResponseRedirect(f"{reverse('account_reauthenticate')}?next={quote(request.get_full_path())}")
