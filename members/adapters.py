from datetime import timedelta
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal import ratelimit
from django.conf import settings
from django.http import HttpRequest, HttpResponse

from members.models import SecurityEvent, User
from members.security import security_event_record

Kind = SecurityEvent.Kind
# allauth's notification mails (ACCOUNT_EMAIL_NOTIFICATIONS), as the portal's security events.
NOTIFICATION_KINDS = {
    "account/email/password_changed": Kind.PASSWORD_CHANGED,
    "account/email/password_set": Kind.PASSWORD_SET,
    "account/email/password_reset": Kind.PASSWORD_RESET,
    "account/email/email_changed": Kind.EMAIL_PRIMARY,
    "account/email/email_deleted": Kind.EMAIL_REMOVED,
    "mfa/email/totp_activated": Kind.MFA_ADDED,
    "mfa/email/totp_deactivated": Kind.MFA_REMOVED,
    "mfa/email/recovery_codes_generated": Kind.RECOVERY_CODES_REGENERATED,
    "mfa/email/webauthn_added": Kind.PASSKEY_ADDED,
    "mfa/email/webauthn_removed": Kind.PASSKEY_REMOVED,
    "socialaccount/email/account_connected": Kind.SSO_LINKED,
    "socialaccount/email/account_disconnected": Kind.SSO_UNLINKED,
}

# A browser someone has signed in with carries a signed cookie naming them (a "known device"). Failed
# sign-ins on an account from other browsers are limited per account ("…/key" in ACCOUNT_RATE_LIMITS's
# login_failed); a known browser is held only by the per-address limit, so a stranger's failures cannot
# lock a board member out of the laptop they vote from.
KNOWN_DEVICE_COOKIE = "lcoo_known_device"
KNOWN_DEVICE_SALT = "members.known-device"
KNOWN_DEVICE_MAX_AGE = timedelta(days=365)
KNOWN_DEVICE_MAX_PEOPLE = 5


def known_device_people(request: HttpRequest) -> list[str]:
    """The ids of the people who have signed in with this browser (most recent last)."""
    value = request.get_signed_cookie(
        KNOWN_DEVICE_COOKIE, default="", salt=KNOWN_DEVICE_SALT, max_age=KNOWN_DEVICE_MAX_AGE
    )
    return [pk for pk in value.split(",") if pk.isdigit()]


def _per_address_rates(action: str) -> dict[str, str]:
    """The action's rate limits without the per-account ("key") ones."""
    rates = settings.ACCOUNT_RATE_LIMITS.get(action) or ""
    kept = [part.strip() for part in rates.split(",") if part.strip() and not part.strip().endswith("/key")]
    return {action: ",".join(kept)}


class AccountAdapter(DefaultAccountAdapter):
    """Sign-up is closed unless PORTAL_SIGNUP_OPEN says otherwise: the Secretariat invites people."""

    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": (
            "Too many failed sign-in attempts. Try again in a few minutes, from a browser you have signed in "
            "with before, or with a passkey; resetting your password also lifts the block."
        ),
    }

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return settings.PORTAL_SIGNUP_OPEN

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        email = credentials.get("email") or ""
        known = known_device_people(request)
        person = User.objects.filter(email__iexact=email).values_list("pk", flat=True).first() if known else None
        if person is None or str(person) not in known:
            super().pre_authenticate(request, **credentials)
            return
        self._login_failed_rl_usage = ratelimit.consume(
            request,
            app="allauth.account",
            action="login_failed",
            config=_per_address_rates("login_failed"),
            key=self._get_login_attempts_cache_key(request, **credentials),
        )
        if not self._login_failed_rl_usage:
            raise self.validation_error("too_many_login_attempts")

    def send_notification_mail(
        self, template_prefix: str, user: User, context: dict[str, Any] | None = None, email: str | None = None
    ) -> None:
        """allauth's account, MFA and social flows tell the person of each change here: each becomes a
        SecurityEvent, recorded and mailed by the portal (members/security.py) instead of allauth's mail."""
        kind = NOTIFICATION_KINDS.get(template_prefix)
        if kind is None:
            return
        context = context or {}
        detail = ""
        if "to_email" in context:
            detail = f"from {context.get('from_email')} to {context['to_email']}"
        elif "deleted_email" in context:
            detail = str(context["deleted_email"])
        elif "provider" in context:
            detail = str(getattr(context["provider"], "name", context["provider"]))
        security_event_record(user=user, kind=kind, request=self.request, detail=detail)

    def post_login(self, request: HttpRequest, user: User, **kwargs: Any) -> HttpResponse:
        response = super().post_login(request, user, **kwargs)
        people = [pk for pk in known_device_people(request) if pk != str(user.pk)] + [str(user.pk)]
        response.set_signed_cookie(
            KNOWN_DEVICE_COOKIE,
            ",".join(people[-KNOWN_DEVICE_MAX_PEOPLE:]),
            salt=KNOWN_DEVICE_SALT,
            max_age=int(KNOWN_DEVICE_MAX_AGE.total_seconds()),
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
        return response
