"""Named domain events, and the handlers the settings attach to them.

A service emits an event inside its own transaction (`emit("agenda_published", meeting=meeting)`);
each handler named in settings.PORTAL_EVENT_HANDLERS runs in that same transaction, so what a
handler writes (the notification outbox rows) commits or rolls back with the change itself. Apps
never import each other to notify: `meetings` and `governance` emit, `notifications` handles.

The events, and what they carry:
- agenda_published(meeting), minutes_published(meeting), meeting_cancelled(meeting)
- motion_opened(motion): open for consensus; motion_vote_called(motion); motion_closed(motion)
- revocation_notice(motion): a revocation motion's notice to the company's coordinators
- person_invited(user, company, role, invited_by, set_password_url)
- company_invited(invitation): an invitation to join a company, which the person must accept
"""

from django.conf import settings
from django.utils.module_loading import import_string

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
        "company_invited",
    }
)


def emit(event: str, **payload) -> None:
    """Run the handlers of `event` with its payload (keyword arguments), in the caller's transaction."""
    if event not in EVENTS:
        raise ValueError(f"Unknown event {event!r}")
    for path in settings.PORTAL_EVENT_HANDLERS.get(event, ()):
        import_string(path)(**payload)


def audience_count(event: str, **payload) -> int:
    """How many people `event` would e-mail now (its handlers' audiences, as the outbox counts them),
    for confirmation pages: "This e-mails 19 people". Events without a counted audience e-mail no one."""
    if event not in EVENTS:
        raise ValueError(f"Unknown event {event!r}")
    path = getattr(settings, "PORTAL_EVENT_AUDIENCES", {}).get(event)
    return import_string(path)(**payload) if path else 0
