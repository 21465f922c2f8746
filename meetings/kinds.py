"""The meeting kinds and what each implies: one registry, `settings.MEETING_KINDS`.

Each kind of `meetings.models.Kind` has one entry there: its default duration, how many days ahead its
agenda is due (both configurable from the environment), whether it is the board's (confidential agenda
items, board seats and quorum in its roll call, heard about by the board and the Secretariat rather
than the community) and whether attending it counts for a company's participation. The system check
below refuses to start when a kind has no entry, an entry names no kind, or an entry lacks a fact, so a
new kind cannot fail at run time with a `KeyError`.
"""

from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import Error, register


@dataclass(frozen=True)
class KindRules:
    """What a meeting kind implies."""

    duration: int  # default length, in minutes
    agenda_days_ahead: int  # the agenda is due this many days before the start
    board: bool  # the executive board's: confidential items, seats and quorum, the board's audience
    counts_for_participation: bool  # attending it is the participation the charter asks of a member


def kind_rules(kind: str) -> KindRules:
    return KindRules(**settings.MEETING_KINDS[kind])


def board_kinds() -> list[str]:
    return [kind for kind in settings.MEETING_KINDS if kind_rules(kind).board]


def public_kinds() -> list[str]:
    """The kinds everyone affiliated hears about by default (every kind that is not the board's)."""
    return [kind for kind in settings.MEETING_KINDS if not kind_rules(kind).board]


def participation_kinds() -> list[str]:
    return [kind for kind in settings.MEETING_KINDS if kind_rules(kind).counts_for_participation]


def longest_agenda_notice() -> int:
    """The most days ahead any kind's agenda is due: how far ahead to look for a late agenda."""
    return max(kind_rules(kind).agenda_days_ahead for kind in settings.MEETING_KINDS)


@register()
def check_meeting_kinds(app_configs: Sequence[AppConfig] | None = None, **kwargs: Any) -> list[Error]:
    """Every meeting kind has an entry in settings.MEETING_KINDS with every fact, and every entry is a kind."""
    from meetings.models import Kind

    configured = getattr(settings, "MEETING_KINDS", {})
    errors = [
        Error(f"The meeting kind {kind!r} has no entry in settings.MEETING_KINDS.", id="meetings.E001")
        for kind in Kind.values
        if kind not in configured
    ]
    errors += [
        Error(f"settings.MEETING_KINDS names {kind!r}, which is not a meeting kind.", id="meetings.E002")
        for kind in configured
        if kind not in Kind.values
    ]
    expected = {f.name: f.type for f in fields(KindRules)}
    for kind, entry in configured.items():
        missing = sorted(set(expected) - set(entry))
        unknown = sorted(set(entry) - set(expected))
        wrong = sorted(name for name, kind_of in expected.items() if name in entry and type(entry[name]) is not kind_of)
        if missing or unknown or wrong:
            errors.append(
                Error(
                    f"settings.MEETING_KINDS[{kind!r}] is malformed (missing {missing}, unknown {unknown}, "
                    f"of the wrong type {wrong}).",
                    hint=f"Each entry has exactly: {', '.join(f'{n} ({t.__name__})' for n, t in expected.items())}.",
                    id="meetings.E003",
                )
            )
    return errors
