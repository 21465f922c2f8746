"""The second-factor step of signing in, limited so that it cannot be turned against the owner (issue 19).

allauth limits every code entered at this step with one per-account budget, so a stranger who knows
the password could spend it and lock the owner out, recovery codes included. Here:
- a known browser (members/known_devices.py) is held by the per-address limit only;
- codes from the authenticator app and recovery codes have separate per-account budgets, so failures
  of the first never block the second;
- a password reset clears both budgets (`second_factor_limits_clear`);
- every wrong code after a correct password is recorded and mailed to the owner (once per burst).
"""

from allauth.account.adapter import get_adapter as get_account_adapter
from allauth.core import context
from allauth.core.internal import ratelimit
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.mfa.base.forms import AuthenticateForm
from allauth.mfa.models import Authenticator
from allauth.mfa.webauthn.forms import AuthenticateWebAuthnForm
from allauth.mfa.webauthn.internal import auth as webauthn_auth
from django.http import HttpRequest

from members.known_devices import is_known_device, per_address_rates
from members.models import SecurityEvent, User
from members.security import security_event_record

TOTP_BUDGET = "totp"
RECOVERY_BUDGET = "recovery"
PASSKEY_BUDGET = "passkey"


def _key(user: User, budget: str) -> str:
    # the passkey's budget keeps allauth's own key (allauth.mfa.base.internal.flows.check_rate_limit)
    return f"mfa-auth-user-{user.pk}" if budget == PASSKEY_BUDGET else f"mfa-auth-user-{user.pk}-{budget}"


def second_factor_limits_clear(request: HttpRequest, user: User) -> None:
    """Lift the per-account blocks of the second-factor step (after a password reset)."""
    for budget in (TOTP_BUDGET, RECOVERY_BUDGET, PASSKEY_BUDGET):
        ratelimit.clear(request, app="allauth.account", action="login_failed", key=_key(user, budget))


def _budget(code: str) -> str:
    """Which budget a code spends: the app's codes have TOTP_DIGITS digits, recovery codes more."""
    digits = code.replace(" ", "")
    return TOTP_BUDGET if len(digits) == mfa_settings.TOTP_DIGITS else RECOVERY_BUDGET


def _consume(request: HttpRequest, user: User, budget: str) -> None:
    """Spend one attempt of `budget`: the per-address limits only from a known browser, else also the
    per-account ones; refuses with the message that names what works."""
    config = per_address_rates("login_failed") if is_known_device(request, user) else None
    if not ratelimit.consume(
        request, app="allauth.account", action="login_failed", config=config, key=_key(user, budget)
    ):
        raise get_account_adapter().validation_error("too_many_login_attempts")


class PortalAuthenticateForm(AuthenticateForm):
    """allauth's code form at sign-in, with the portal's limits and alerts."""

    def clean_code(self) -> str:
        request = context.request
        code = self.cleaned_data["code"]
        budget = _budget(code)
        key = _key(self.user, budget)
        _consume(request, self.user, budget)
        types = [Authenticator.Type.TOTP] if budget == TOTP_BUDGET else [Authenticator.Type.RECOVERY_CODES]
        for auth in Authenticator.objects.filter(user=self.user, type__in=types):
            if auth.wrap().validate_code(code):
                auth.user = self.user
                self.authenticator = auth
                ratelimit.clear(request, app="allauth.account", action="login_failed", key=key)
                return code
        main = Authenticator.objects.filter(user=self.user).exclude(type=Authenticator.Type.WEBAUTHN).first()
        if main:
            self._emit_authentication_failed(main)
        security_event_record(
            user=self.user,
            kind=SecurityEvent.Kind.SECOND_FACTOR_FAILED,
            request=request,
            detail="a wrong recovery code" if budget == RECOVERY_BUDGET else "a wrong authenticator code",
        )
        raise get_mfa_adapter().validation_error("incorrect_code")


class PortalAuthenticateWebAuthnForm(AuthenticateWebAuthnForm):
    """allauth's passkey form at the second-factor step, held like the code form (a known browser by
    the per-address limit only)."""

    def clean_credential(self) -> Authenticator:
        credential = self.cleaned_data["credential"]
        webauthn_auth.parse_authentication_response(credential)
        _consume(context.request, self.user, PASSKEY_BUDGET)
        authenticator = webauthn_auth.complete_authentication(self.user, credential)
        ratelimit.clear(
            context.request, app="allauth.account", action="login_failed", key=_key(self.user, PASSKEY_BUDGET)
        )
        return authenticator
