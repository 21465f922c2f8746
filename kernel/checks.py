"""System checks: a mistyped handler or provider fails `manage.py check` (and start-up), not the first request."""

import ipaddress
import os
from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import Error, Warning, register
from django.utils.module_loading import import_string

from kernel import events


@register()
def check_event_handlers(app_configs: Sequence[AppConfig] | None = None, **kwargs: Any) -> list[Error]:
    """Every domain event has a handler, and every handler handles a known event."""
    errors = [
        Error(f"The event {event!r} has no handler.", hint="Register one with kernel.events.handles.", id="lcoo.E001")
        for event in sorted(events.EVENTS - set(events.HANDLERS))
    ]
    errors += [Error(f"Unknown event: {text}.", id="lcoo.E002") for text in events.UNKNOWN]
    return errors


@register()
def check_participation_provider(app_configs: Sequence[AppConfig] | None = None, **kwargs: Any) -> list[Error]:
    """PORTAL_PARTICIPATION_PROVIDER names an importable function (a typo would mark every company unknown)."""
    return _function_setting("PORTAL_PARTICIPATION_PROVIDER", "lcoo.E003")


@register()
def check_reader_audience(app_configs: Sequence[AppConfig] | None = None, **kwargs: Any) -> list[Error]:
    """PORTAL_READER_AUDIENCE names an importable function (a typo would fail every cached fragment)."""
    return _function_setting("PORTAL_READER_AUDIENCE", "lcoo.E004")


def _function_setting(name: str, check_id: str) -> list[Error]:
    path = getattr(settings, name)
    try:
        function = import_string(path)
    except ImportError as error:
        return [Error(f"{name} {path!r} cannot be imported: {error}", id=check_id)]
    if not callable(function):
        return [Error(f"{name} {path!r} is not a function.", id=check_id)]
    return []


def bind_addresses() -> list[str]:
    """Where gunicorn listens: PORTAL_BIND (read by deploy/gunicorn.conf.py) and any --bind/-b in GUNICORN_CMD_ARGS."""
    addresses = list(settings.PORTAL_BIND)
    words = os.environ.get("GUNICORN_CMD_ARGS", "").split()
    for n, word in enumerate(words):
        if word in ("--bind", "-b") and n + 1 < len(words):
            addresses.append(words[n + 1])
        elif word.startswith("--bind="):
            addresses.append(word.split("=", 1)[1])
    return addresses


def is_public(address: str) -> bool:
    """Whether other hosts can reach a bind address: not a Unix socket, the loopback or a private network."""
    if address.startswith(("unix:", "fd://")):
        return False
    host = address.rsplit(":", 1)[0] if address.count(":") == 1 or address.startswith("[") else address
    host = host.strip("[]")
    if host == "localhost":
        return False
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return True  # a host name: cannot tell, so say so
    return ip.is_unspecified or ip.is_global


@register(deploy=False)
def check_proxy_bind(app_configs: Sequence[AppConfig] | None = None, **kwargs: Any) -> list[Warning]:
    """Behind the proxy, gunicorn listens where only the proxy reaches it (README, "Running in production")."""
    if not settings.BEHIND_PROXY:
        return []
    return [
        Warning(
            f"BEHIND_PROXY is on but gunicorn binds to {address}, which other hosts can reach: whoever connects "
            "directly forges X-Forwarded-For (escaping the sign-in limits) and X-Forwarded-Proto.",
            hint="Set PORTAL_BIND to 127.0.0.1:8000 or unix:/run/lcoo/gunicorn.sock, behind the proxy.",
            id="lcoo.W001",
        )
        for address in bind_addresses()
        if is_public(address)
    ]


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
