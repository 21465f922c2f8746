"""Named domain events, and the handlers that apps register for them.

A service emits an event inside its own transaction (`emit("agenda_published", meeting=meeting)`);
each handler registered for it runs in that same transaction, so what a handler writes (the
notification outbox rows) commits or rolls back with the change itself. Apps never import each other
to notify: `meetings` and `governance` emit, `notifications` handles — its handlers register
themselves with `@handles(...)` when its AppConfig.ready() imports them. A system check
(`lcoo_portal.checks`) refuses to start when an event has no handler or a handler names no event.

The events, and what they carry:
- agenda_published(meeting), minutes_published(meeting), meeting_cancelled(meeting)
- motion_opened(motion): open for consensus; motion_vote_called(motion); motion_closed(motion)
- revocation_notice(motion): a revocation motion's notice to the company's coordinators
- person_invited(user, company, role, invited_by, set_password_url)
- ballot_receipt_requested(motion, user, company, receipt): a voter asked for their receipt by mail
- company_invited(invitation): an invitation to join a company, which the person must accept
- security_event(security_event, addresses): something happened to an account (members.SecurityEvent); tell its owner
"""

from collections.abc import Callable
from typing import Any

EVENTS = frozenset(
    {
        "agenda_published",
        "minutes_published",
        "meeting_cancelled",
        "motion_opened",
        "motion_vote_called",
        "motion_closed",
        "revocation_notice",
        "person_invited",
        "ballot_receipt_requested",
        "company_invited",
        "security_event",
    }
)

Handler = Callable[..., None]
HANDLERS: dict[str, list[Handler]] = {}
COUNTERS: dict[str, Callable[..., int]] = {}
UNKNOWN: list[str] = []  # events a handler was registered for that do not exist (the system check reports them)


def handles(event: str) -> Callable[[Handler], Handler]:
    """Register the decorated function as a handler of `event`."""

    def register(handler: Handler) -> Handler:
        if event not in EVENTS:
            UNKNOWN.append(f"{handler.__module__}.{handler.__qualname__} handles {event!r}")
        elif handler not in HANDLERS.setdefault(event, []):
            HANDLERS[event].append(handler)
        return handler

    return register


def emit(event: str, **payload: Any) -> None:
    """Run the handlers of `event` with its payload (keyword arguments), in the caller's transaction."""
    if event not in EVENTS:
        raise ValueError(f"Unknown event {event!r}")
    for handler in HANDLERS.get(event, ()):
        handler(**payload)


def counts(*events: str) -> Callable[[Callable[..., int]], Callable[..., int]]:
    """Register the decorated function as the counter of who `events` e-mail (for confirmation pages)."""

    def register(counter: Callable[..., int]) -> Callable[..., int]:
        for event in events:
            if event not in EVENTS:
                UNKNOWN.append(f"{counter.__module__}.{counter.__qualname__} counts {event!r}")
            else:
                COUNTERS[event] = counter
        return counter

    return register


def audience_count(event: str, **payload: Any) -> int:
    """How many people `event` would e-mail now (its handlers' audiences, as the outbox counts them),
    for confirmation pages: "This e-mails 19 people". Events without a counted audience e-mail no one."""
    if event not in EVENTS:
        raise ValueError(f"Unknown event {event!r}")
    counter = COUNTERS.get(event)
    return counter(**payload) if counter else 0
