from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal import ratelimit
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from members.known_devices import is_known_device, known_device_remember, per_address_rates
from members.mfa_forms import second_factor_limits_clear
from members.models import SecurityEvent, User
from members.security import security_event_record

Kind = SecurityEvent.Kind


def portal_url(path: str) -> str:
    """An absolute link to `path` on the configured address."""
    return settings.PORTAL_BASE_URL + path


def rebase_url(value: str) -> str:
    """An absolute http(s) URL moved onto PORTAL_BASE_URL (its path and query kept); other text unchanged."""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or " " in value:
        return value
    return portal_url(urlunsplit(("", "", parts.path, parts.query, parts.fragment)))


class PortalSite:
    """What allauth's mail templates name as `current_site`: the configured address, not the request's."""

    name = "LCOO Portal"

    @property
    def domain(self) -> str:
        return urlsplit(settings.PORTAL_BASE_URL).netloc


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


class AccountAdapter(DefaultAccountAdapter):
    """Sign-up is closed unless PORTAL_SIGNUP_OPEN says otherwise: the Secretariat invites people."""

    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": (
            "Too many failed attempts for this account. What works now: a browser you have signed in with "
            "before (other people's failures do not hold it); a passkey, if you have one (“Use a passkey "
            "instead”); a recovery code, if the codes from your authenticator app are blocked; or resetting "
            "your password, which lifts every block on your account. Otherwise wait 15 minutes."
        ),
    }

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return settings.PORTAL_SIGNUP_OPEN

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        # a known browser (members/known_devices.py) is held by the per-address limit only, so a
        # stranger's failures cannot lock a board member out of the laptop they vote from
        email = credentials.get("email") or ""
        person = User.objects.filter(email__iexact=email).first() if email else None
        if not is_known_device(request, person):
            super().pre_authenticate(request, **credentials)
            return
        self._login_failed_rl_usage = ratelimit.consume(
            request,
            app="allauth.account",
            action="login_failed",
            config=per_address_rates("login_failed"),
            key=self._get_login_attempts_cache_key(request, **credentials),
        )
        if not self._login_failed_rl_usage:
            raise self.validation_error("too_many_login_attempts")

    def get_reset_password_from_key_url(self, key: str) -> str:
        # allauth's own way of putting its opaque key into the URL, on the configured address
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return portal_url(path.replace("UID-KEY", quote(key)))

    def get_email_confirmation_url(self, request: HttpRequest, emailconfirmation: Any) -> str:
        return portal_url(reverse("account_confirm_email", args=[emailconfirmation.key]))

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """allauth's mails with every link on PORTAL_BASE_URL, never on the request's Host header (which
        whoever sends the request chooses): the site named is the configured one, and any absolute URL
        allauth put in the context (sign-up, reset, confirmation links) is moved onto the configured base."""
        context = {key: rebase_url(value) if isinstance(value, str) else value for key, value in context.items()}
        context["current_site"] = PortalSite()
        super().send_mail(template_prefix, email, context)

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
        if kind == Kind.PASSWORD_RESET:
            # the reset proves the owner: every step's block on the account is lifted (the password
            # step's by allauth, the second factor's here)
            second_factor_limits_clear(self.request, user)
        security_event_record(user=user, kind=kind, request=self.request, detail=detail)

    def post_login(self, request: HttpRequest, user: User, **kwargs: Any) -> HttpResponse:
        response = super().post_login(request, user, **kwargs)
        known_device_remember(request, response, user)
        match = getattr(request, "resolver_match", None)
        if match is not None and match.url_name == "mfa_login_webauthn":
            # allauth honours "remember me" for passwords only; the sign-in page offers it for passkeys too
            request.session.set_expiry(settings.SESSION_COOKIE_AGE if request.POST.get("remember") else 0)
        return response
