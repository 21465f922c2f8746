"""System checks: a mistyped handler or provider fails `manage.py check` (and start-up), not the first request."""

from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import Error, register
from django.utils.module_loading import import_string

from lcoo_portal import events


@register()
def check_event_handlers(app_configs: Sequence[AppConfig] | None = None, **kwargs: Any) -> list[Error]:
    """Every domain event has a handler, and every handler handles a known event."""
    errors = [
        Error(
            f"The event {event!r} has no handler.", hint="Register one with lcoo_portal.events.handles.", id="lcoo.E001"
        )
        for event in sorted(events.EVENTS - set(events.HANDLERS))
    ]
    errors += [Error(f"Unknown event: {text}.", id="lcoo.E002") for text in events.UNKNOWN]
    return errors


@register()
def check_participation_provider(app_configs: Sequence[AppConfig] | None = None, **kwargs: Any) -> list[Error]:
    """PORTAL_PARTICIPATION_PROVIDER names an importable function (a typo would mark every company unknown)."""
    path = settings.PORTAL_PARTICIPATION_PROVIDER
    try:
        provider = import_string(path)
    except ImportError as error:
        return [Error(f"PORTAL_PARTICIPATION_PROVIDER {path!r} cannot be imported: {error}", id="lcoo.E003")]
    if not callable(provider):
        return [Error(f"PORTAL_PARTICIPATION_PROVIDER {path!r} is not a function.", id="lcoo.E003")]
    return []


@register()
def check_sign_in_remains(app_configs: Sequence[AppConfig] | None = None, **kwargs: Any) -> list[Error]:
    """The password form is turned off (OIDC_PASSWORD_FORM) only when a single sign-on provider is configured."""
    if settings.PORTAL_PASSWORD_FORM or settings.OIDC_PROVIDERS:
        return []
    return [
        Error(
            "OIDC_PASSWORD_FORM is off but no OpenID Connect provider is configured: nobody could sign in.",
            hint="Set OIDC_NAME, OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET (or OIDC_PROVIDERS).",
            id="lcoo.E020",
        )
    ]
