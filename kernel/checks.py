"""System checks: a mistyped handler or provider fails `manage.py check` (and start-up), not the first request."""

from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import Error, register
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
