"""The sign-in page's SSO buttons and the account page's linked identities."""

from typing import Any

from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.models import SocialAccount
from django import template
from django.conf import settings
from django.http import HttpRequest

from members.sso import other_sign_in_ways, provider_name

register = template.Library()


@register.simple_tag(takes_context=True)
def sso_providers(context: dict[str, Any]) -> list:
    """The configured OpenID Connect providers, in the order the operator listed them."""
    request: HttpRequest = context["request"]
    return [provider for provider in get_adapter().list_providers(request) if provider.id == "openid_connect"]


@register.simple_tag
def password_form_on() -> bool:
    return settings.PORTAL_PASSWORD_FORM


@register.simple_tag
def sso_identities(user: Any) -> list[dict[str, Any]]:
    """The person's linked identities: provider, address, and whether another way to sign in remains."""
    identities = []
    for account in SocialAccount.objects.filter(user=user).order_by("date_joined"):
        data = account.extra_data or {}
        claims = data.get("userinfo") or data.get("id_token") or {}
        identities.append(
            {
                "account": account,
                "provider": provider_name(account),
                "email": claims.get("email") or "",
                "can_unlink": bool(other_sign_in_ways(account)),
            }
        )
    return identities
