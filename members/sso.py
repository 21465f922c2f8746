"""Single sign-on with OpenID Connect (issue 20), on django-allauth's `openid_connect` provider.

allauth runs the authorisation-code flow with PKCE and `state` (one use, kept in the session), fetches the
provider's discovery document and checks the ID token's issuer, audience and expiry. What this module adds:
- a `nonce` in every authorisation request, checked against the ID token's (`PortalOIDCProvider.redirect`,
  `PortalOIDCAdapter`);
- the ID token's signature checked against the provider's published keys even when allauth would skip it
  (a token fetched from the token endpoint), an ID token required, and the userinfo's subject matching it;
- who is linked and when (`SocialAccountAdapter`): an identity joins an existing account by itself only
  when its provider is trusted for e-mail and says `email_verified: true`; a new account only when sign-up
  is open or an invitation for that address exists;
- the portal's second factor after SSO unless the provider is trusted for it and `amr` shows one;
- unlinking only while another way to sign in remains (`social_account_unlink`), and the security history.
"""

import logging
import secrets
import time
from typing import Any

from allauth.account.internal.decorators import login_not_required
from allauth.account.models import EmailAddress
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.models import Authenticator
from allauth.mfa.stages import AuthenticateStage as MFAAuthenticateStage
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.adapter import get_adapter as get_social_adapter
from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialLogin
from allauth.socialaccount.providers.base import AuthProcess
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from members.adapters import AccountAdapter as BaseAccountAdapter
from members.models import CompanyInvitation, SecurityEvent, User
from members.security import security_event_record

Kind = SecurityEvent.Kind

logger = logging.getLogger(__name__)

# `amr` values (RFC 8176) that show a second factor: "mfa" itself, or a one-time code, a hardware key or
# a smart card (a password, "pwd", alone does not).
MFA_AMR_VALUES = {"mfa", "otp", "hwk", "sc"}
# The session remembers, for the person signed in, that their provider vouched for the second factor.
SSO_MFA_SESSION_KEY = "lcoo_sso_mfa_user"


# --- the flow: nonce, signature, subject ----------------------------------------------------------------


class PortalOIDCAdapter(OpenIDConnectOAuth2Adapter):
    """allauth's adapter, with the ID token's signature always checked, its nonce compared with the one
    this flow sent, and the userinfo's subject required to be the ID token's."""

    expected_nonce: str | None = None

    def _decode_id_token(self, app: SocialApp, id_token: str) -> dict:
        claims = jwtkit.verify_and_decode(
            credential=id_token,
            keys_url=self.openid_config["jwks_uri"],
            issuer=self.openid_config["issuer"],
            audience=app.client_id,
            lookup_kid=jwtkit.lookup_kid_jwk,
            verify_signature=True,
        )
        if not self.expected_nonce or not secrets.compare_digest(str(claims.get("nonce", "")), self.expected_nonce):
            raise OAuth2Error("The ID token's nonce is not the one this sign-in sent.")
        return claims

    def complete_login(self, request: HttpRequest, app: SocialApp, token: Any, **kwargs: Any) -> SocialLogin:
        if not kwargs["response"].get("id_token"):
            raise OAuth2Error("The provider sent no ID token.")
        login = super().complete_login(request, app, token, **kwargs)
        data = login.account.extra_data
        userinfo = data.get("userinfo")
        if userinfo is not None and str(userinfo.get("sub")) != str(data["id_token"].get("sub")):
            raise OAuth2Error("The provider's userinfo is about someone else than its ID token.")
        return login


class PortalOIDCProvider(OpenIDConnectProvider):
    """allauth's provider, with a fresh nonce in each authorisation request, kept in the flow's state."""

    oauth2_adapter_class = PortalOIDCAdapter

    def redirect(
        self, request: HttpRequest, process: str, next_url: str | None = None, data: Any = None, **kwargs: Any
    ) -> HttpResponse:
        nonce = secrets.token_urlsafe(32)
        auth_params = {**(kwargs.pop("auth_params", None) or self.get_auth_params()), "nonce": nonce}
        return super().redirect(request, process, next_url, data, auth_params=auth_params, nonce=nonce, **kwargs)


class _CallbackView(OAuth2CallbackView):
    def _get_state(self, request: HttpRequest, provider: Any) -> tuple:
        state, response = super()._get_state(request, provider)
        self.adapter.expected_nonce = (state or {}).get("nonce")
        return state, response


@login_not_required
def callback(request: HttpRequest, provider_id: str) -> HttpResponse:
    """The provider sends the person back here (allauth's callback, with PortalOIDCAdapter)."""
    try:
        return _CallbackView.adapter_view(PortalOIDCAdapter(request, provider_id))(request)
    except SocialApp.DoesNotExist as error:
        raise Http404 from error


# --- who is linked, and when ------------------------------------------------------------------------------


def sso_claims(sociallogin: SocialLogin) -> dict:
    """The verified ID token's claims."""
    return sociallogin.account.extra_data.get("id_token") or {}


def sso_email(sociallogin: SocialLogin) -> tuple[str, bool]:
    """The address the provider gives and whether it says, as JSON true, that it verified it."""
    data = sociallogin.account.extra_data
    source = data.get("userinfo") or data.get("id_token") or {}
    return str(source.get("email") or "").strip().lower(), source.get("email_verified") is True


def provider_trusts(provider: Any, trust: str) -> bool:
    """Whether the operator trusts this provider's word ("trust_email", "trust_mfa")."""
    return bool(provider.app and provider.app.settings.get(trust))


def sso_mfa_vouched(sociallogin: SocialLogin) -> bool:
    """The provider is trusted for the second factor and its ID token's `amr` shows one was used."""
    amr = sso_claims(sociallogin).get("amr") or []
    return (
        provider_trusts(sociallogin.provider, "trust_mfa")
        and isinstance(amr, list)
        and bool(MFA_AMR_VALUES.intersection(str(value) for value in amr))
    )


def account_for_address(email: str) -> User | None:
    """The portal account of this address: its sign-in address, or another of its addresses."""
    return (
        User.objects.filter(email__iexact=email).first()
        or User.objects.filter(emailaddress__email__iexact=email).distinct().first()
    )


def _invitation_for(sociallogin: SocialLogin, email: str) -> CompanyInvitation | None:
    """A pending invitation for this address that allows an account: the person came through its link
    (its token, proof of the mailbox, is in this flow's state) or the provider is trusted for e-mail and
    verified the address."""
    pending = CompanyInvitation.objects.pending().filter(email__iexact=email)
    token = ((sociallogin.state or {}).get("data") or {}).get("invitation") or ""
    if token:
        by_token = pending.filter(token=token).first()
        if by_token is not None:
            return by_token
    _, verified = sso_email(sociallogin)
    if verified and provider_trusts(sociallogin.provider, "trust_email"):
        return pending.first()
    return None


def sso_may_create_account(request: HttpRequest, sociallogin: SocialLogin) -> bool:
    """A sign-in with no portal account creates one only when sign-up is open or an invitation allows it."""
    if settings.PORTAL_SIGNUP_OPEN:
        return True
    email, _ = sso_email(sociallogin)
    return bool(email) and _invitation_for(sociallogin, email) is not None


def _refuse(request: HttpRequest, sociallogin: SocialLogin, text: str, user: User | None = None) -> None:
    provider = sociallogin.provider.name
    if user is not None:
        security_event_record(user=user, kind=Kind.SSO_REFUSED, request=request, detail=f"{provider}: {text}")
    else:
        logger.info("SSO sign-in through %s refused: %s", provider, text)
    messages.error(request, f"You were not signed in with {provider}: {text}")
    raise ImmediateHttpResponse(HttpResponseRedirect(reverse("account_login")))


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """The portal's rules for SSO identities (see the module's docstring)."""

    def get_provider(self, request: HttpRequest, provider: str, client_id: str | None = None) -> Any:
        found = super().get_provider(request, provider, client_id=client_id)
        return PortalOIDCProvider(request, app=found.app) if type(found) is OpenIDConnectProvider else found

    def list_providers(self, request: HttpRequest) -> list:
        return [
            PortalOIDCProvider(request, app=found.app) if type(found) is OpenIDConnectProvider else found
            for found in super().list_providers(request)
        ]

    def can_authenticate_by_email(self, login: SocialLogin, email: str) -> bool:
        return provider_trusts(login.provider, "trust_email")

    def authenticate_by_email(self, sociallogin: SocialLogin) -> tuple[User, str] | None:
        email, verified = sso_email(sociallogin)
        if not (email and verified and self.can_authenticate_by_email(sociallogin, email)):
            return None
        user = account_for_address(email)
        return (user, email) if user is not None else None

    def is_open_for_signup(self, request: HttpRequest, sociallogin: SocialLogin) -> bool:
        return sso_may_create_account(request, sociallogin)

    def pre_social_login(self, request: HttpRequest, sociallogin: SocialLogin) -> None:
        provider = sociallogin.provider.name
        process = (sociallogin.state or {}).get("process")
        if process == AuthProcess.CONNECT:
            if not request.user.is_authenticated:
                return
            if sociallogin.is_existing and sociallogin.user != request.user:
                security_event_record(
                    user=request.user,
                    kind=Kind.SSO_REFUSED,
                    request=request,
                    detail=f"{provider}: this identity is already linked to another account",
                )
            # a new link is recorded by allauth's notification of it (AccountAdapter.send_notification_mail)
            return
        if sociallogin.is_existing:
            return
        email, verified = sso_email(sociallogin)
        if not email:
            _refuse(request, sociallogin, "the provider gave no e-mail address.")
        account = account_for_address(email)
        if account is not None:
            if not verified:
                why = (
                    f"{provider} has not verified {email}, so this identity is not linked to the portal account "
                    "of that address. Sign in with your password, then link it from your account page."
                )
            else:
                why = (
                    f"{provider} is not trusted to prove that {email} is yours. Sign in with your password, then "
                    "link it from your account page."
                )
            _refuse(request, sociallogin, why, user=account)
        if not sso_may_create_account(request, sociallogin):
            _refuse(
                request,
                sociallogin,
                f"no portal account uses {email}, and accounts are created by invitation only. Ask your "
                "company's coordinator or the Secretariat to invite you, then follow the invitation's link.",
            )

    def save_user(self, request: HttpRequest, sociallogin: SocialLogin, form: Any = None) -> User:
        user = super().save_user(request, sociallogin, form=form)
        email, _ = sso_email(sociallogin)
        if not user.display_name:
            claims = sociallogin.account.extra_data.get("userinfo") or sso_claims(sociallogin)
            user.display_name = str(claims.get("name") or "")[:150]
            user.save(update_fields=["display_name"])
        if _invitation_for(sociallogin, email) is not None:
            # the invitation's token or a trusted provider proved the address
            EmailAddress.objects.filter(user=user, email__iexact=email).update(verified=True)
        security_event_record(
            user=user, kind=Kind.SSO_LINKED, request=request, detail=f"{sociallogin.provider.name}: new account"
        )
        return user

    def get_connect_redirect_url(self, request: HttpRequest, socialaccount: SocialAccount) -> str:
        return reverse("profile") + "#sign-in-identities"

    def validate_disconnect(self, account: SocialAccount, accounts: Any) -> None:
        if not other_sign_in_ways(account):
            raise ValidationError(NO_OTHER_WAY)


# --- the second factor -------------------------------------------------------------------------------------


class AuthenticateStage(MFAAuthenticateStage):
    """allauth's second-factor step, skipped after SSO only when the provider vouches for a second factor."""

    def _should_handle(self, request: HttpRequest) -> bool:
        sociallogin = (self.login.signal_kwargs or {}).get("sociallogin")
        if sociallogin is not None and self.login.user is not None and sso_mfa_vouched(sociallogin):
            request.session[SSO_MFA_SESSION_KEY] = self.login.user.pk
            return False
        return super()._should_handle(request)


def sso_recently_signed_in(request: HttpRequest, seconds: float) -> bool:
    """This session signed in through single sign-on in the last `seconds`: as fresh a proof as re-entering
    a password (which an account created through SSO does not have)."""
    from allauth.account.internal.flows.login import get_authentication_records

    now = time.time()
    return any(
        record.get("method") == "socialaccount" and now - record.get("at", 0) < seconds
        for record in get_authentication_records(request, request.user)
    )


def sso_vouched_second_factor(request: HttpRequest) -> bool:
    """This session's sign-in came through a provider trusted for the second factor, which used one."""
    return request.user.is_authenticated and request.session.get(SSO_MFA_SESSION_KEY) == request.user.pk


class AccountAdapter(BaseAccountAdapter):
    """The portal's account adapter, with SSO's second-factor stage, its sign-in events and the switch that
    turns the password form off."""

    error_messages = {
        **BaseAccountAdapter.error_messages,
        "password_form_off": "Sign-in with a password is turned off here: use the single sign-on button.",
    }

    def get_login_stages(self) -> list[str]:
        return [
            "members.sso.AuthenticateStage" if stage == "allauth.mfa.stages.AuthenticateStage" else stage
            for stage in super().get_login_stages()
        ]

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        if not settings.PORTAL_PASSWORD_FORM and "password" in credentials:
            raise self.validation_error("password_form_off")
        super().pre_authenticate(request, **credentials)

    def post_login(self, request: HttpRequest, user: User, **kwargs: Any) -> HttpResponse:
        if request.session.get(SSO_MFA_SESSION_KEY) not in (None, user.pk):
            del request.session[SSO_MFA_SESSION_KEY]
        sociallogin = (kwargs.get("signal_kwargs") or {}).get("sociallogin")
        if sociallogin is not None:
            vouched = " (the provider's second factor)" if request.session.get(SSO_MFA_SESSION_KEY) == user.pk else ""
            security_event_record(
                user=user, kind=Kind.SSO_SIGN_IN, request=request, detail=f"{sociallogin.provider.name}{vouched}"
            )
        else:
            request.session.pop(SSO_MFA_SESSION_KEY, None)
        return super().post_login(request, user, **kwargs)


# --- linked identities -------------------------------------------------------------------------------------

NO_OTHER_WAY = (
    "This is your only way to sign in: set a password (or link another identity, or add a passkey) before "
    "you unlink it."
)


def other_sign_in_ways(account: SocialAccount) -> list[str]:
    """The ways the account's person could still sign in without this identity."""
    user = account.user
    ways = []
    configured = {app.provider_id or app.provider for app in get_social_adapter().list_apps(None)}
    if SocialAccount.objects.filter(user=user, provider__in=configured).exclude(pk=account.pk).exists():
        ways.append("another linked identity")
    if settings.PORTAL_PASSWORD_FORM and user.has_usable_password():
        ways.append("a password")
    if settings.MFA_PASSKEY_LOGIN_ENABLED and any(
        authenticator.wrap().is_passwordless
        for authenticator in Authenticator.objects.filter(user=user, type=Authenticator.Type.WEBAUTHN)
    ):
        ways.append("a passkey")
    return ways


@transaction.atomic
def social_account_unlink(*, account: SocialAccount, by: User, request: HttpRequest | None = None) -> None:
    """The person unlinks one of their identities, while another way to sign in remains."""
    account = SocialAccount.objects.select_for_update().select_related("user").get(pk=account.pk)
    if account.user_id != by.pk:
        raise PermissionDenied("Only the person it signs in may unlink an identity.")
    # the person's other identities are locked too, so that two unlinks at once cannot leave none
    list(SocialAccount.objects.select_for_update().filter(user=by))
    if not other_sign_in_ways(account):
        raise ValidationError(NO_OTHER_WAY)
    name = provider_name(account)
    account.delete()
    security_event_record(user=by, kind=Kind.SSO_UNLINKED, request=request, detail=name)


def provider_name(account: SocialAccount) -> str:
    """The name shown on the provider's button, or its id once it is no longer configured."""
    try:
        return account.get_provider().name
    except SocialApp.DoesNotExist:
        return account.provider
