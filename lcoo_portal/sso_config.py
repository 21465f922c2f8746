"""The OpenID Connect providers from the environment (issue 20), as django-allauth's settings.

Read by settings.py, so it imports nothing of Django's apps: OIDC_NAME, OIDC_ISSUER, OIDC_CLIENT_ID and
OIDC_CLIENT_SECRET name one provider (id "sso"); OIDC_PROVIDERS, a JSON list of objects with the same
four keys in lower case plus an "id" (and optionally their own "trust_email" / "trust_mfa"), names
several. OIDC_TRUST_EMAIL and OIDC_TRUST_MFA are the defaults of the two trusts. See README, "Security".
"""

import json
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

PROVIDER_KEYS = ("id", "name", "issuer", "client_id", "client_secret")
SINGLE_PROVIDER_ID = "sso"
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
_TRUE = {"1", "true", "yes", "on"}


def _flag(value: Any) -> bool:
    return value is True or str(value).strip().lower() in _TRUE


def oidc_providers_from_env(environ: Mapping[str, str]) -> list[dict[str, Any]]:
    """The configured providers: id, name, issuer, client_id, client_secret, trust_email, trust_mfa."""
    trust_email = _flag(environ.get("OIDC_TRUST_EMAIL", ""))
    trust_mfa = _flag(environ.get("OIDC_TRUST_MFA", ""))
    raw = environ.get("OIDC_PROVIDERS", "").strip()
    single = [environ.get(f"OIDC_{key.upper()}", "").strip() for key in PROVIDER_KEYS[1:]]
    if raw and any(single):
        raise ImproperlyConfigured("Set either OIDC_PROVIDERS or OIDC_NAME/OIDC_ISSUER/…, not both.")
    if any(single):
        entries = [dict(zip(PROVIDER_KEYS, [SINGLE_PROVIDER_ID, *single], strict=True))]
    elif raw:
        try:
            entries = json.loads(raw)
        except ValueError as error:
            raise ImproperlyConfigured(f"OIDC_PROVIDERS is not valid JSON: {error}") from error
        if not isinstance(entries, list) or not all(isinstance(entry, dict) for entry in entries):
            raise ImproperlyConfigured("OIDC_PROVIDERS must be a JSON list of objects.")
    else:
        return []
    providers, seen = [], set()
    for entry in entries:
        missing = [key for key in PROVIDER_KEYS if not str(entry.get(key) or "").strip()]
        if missing:
            where = "OIDC_PROVIDERS" if raw else "the OIDC_ variables"
            raise ImproperlyConfigured(f"{where}: a provider lacks {', '.join(missing)}.")
        provider_id = str(entry["id"]).strip()
        if not _ID.match(provider_id):
            raise ImproperlyConfigured(f"OIDC provider id {provider_id!r}: use lower-case letters, digits and '-'.")
        if provider_id in seen:
            raise ImproperlyConfigured(f"OIDC provider id {provider_id!r} is used twice.")
        seen.add(provider_id)
        issuer = str(entry["issuer"]).strip().rstrip("/")
        if not issuer.startswith(("https://", "http://")):
            raise ImproperlyConfigured(f"OIDC provider {provider_id!r}: the issuer must be an http(s) URL.")
        providers.append(
            {
                "id": provider_id,
                "name": str(entry["name"]).strip(),
                "issuer": issuer,
                "client_id": str(entry["client_id"]).strip(),
                "client_secret": str(entry["client_secret"]).strip(),
                "trust_email": _flag(entry["trust_email"]) if "trust_email" in entry else trust_email,
                "trust_mfa": _flag(entry["trust_mfa"]) if "trust_mfa" in entry else trust_mfa,
            }
        )
    return providers


def provider_origins(providers: list[dict[str, Any]]) -> list[str]:
    """The providers' origins: the sign-in button's form is redirected there, which the Content Security
    Policy's form-action must allow (an authorisation endpoint on another origin than its issuer must be
    added with CSP_FORM_ACTION_EXTRA)."""
    origins = []
    for provider in providers:
        parts = urlsplit(provider["issuer"])
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in origins:
            origins.append(origin)
    return origins


def socialaccount_providers(providers: list[dict[str, Any]]) -> dict[str, Any]:
    """allauth's SOCIALACCOUNT_PROVIDERS for these providers: the authorisation-code flow with PKCE; the
    portal's own code (members/sso.py) adds the nonce, the signature check and the trusts."""
    apps = [
        {
            "provider_id": provider["id"],
            "name": provider["name"],
            "client_id": provider["client_id"],
            "secret": provider["client_secret"],
            "settings": {
                "server_url": provider["issuer"],
                "oauth_pkce_enabled": True,
                "trust_email": provider["trust_email"],
                "trust_mfa": provider["trust_mfa"],
            },
        }
        for provider in providers
    ]
    return {"openid_connect": {"OAUTH_PKCE_ENABLED": True, "APPS": apps}}
