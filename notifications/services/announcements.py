"""Writing the outbox: `announcement_create` writes one rendered row per recipient in the caller's
transaction and queues their sending after commit (see `transport`)."""

import zoneinfo
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone

from members.models import User
from notifications.models import Announcement, Kind, ListAddress, OutboxMessage
from notifications.services.preferences import opted_out, preference_set, resubscribe_token, unsubscribe_token
from notifications.services.transport import outbox_queue


@dataclass(frozen=True)
class Recipient:
    """An address to write to: a person (with their zone and preferences) or a list address."""

    email: str
    user: User | None = None
    time_zone: str = "UTC"
    name: str = ""
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    @classmethod
    def for_user(cls, user: User) -> "Recipient":
        return cls(email=user.email, user=user, time_zone=str(user.time_zone), name=str(user))

    @classmethod
    def for_list(cls, address: ListAddress) -> "Recipient":
        return cls(email=address.address, name=address.name)


def absolute_url(path: str) -> str:
    return path if path.startswith("http") else f"{settings.PORTAL_BASE_URL}{path}"


def _render(templates: tuple, context: dict, zone: str) -> tuple[str, str, str]:
    subject_template, text_template, html_template = templates
    with timezone.override(zoneinfo.ZoneInfo(zone)):
        subject = subject_template.render(context)
        text = text_template.render(context)
        html = html_template.render(context)
    return " ".join(subject.split())[:300], text, html


@transaction.atomic
def recipients_deliverable(recipients: Iterable[Recipient], kind: str) -> list[Recipient]:
    """The recipients an announcement of `kind` is written for: each address once, without those who
    turned `kind` off. Confirmation pages count with it, so "This e-mails 19 people" is what the
    outbox then writes."""
    recipients = list(recipients)
    off = opted_out({r.user.pk for r in recipients if r.user}, kind) if kind else set()
    deliverable: list[Recipient] = []
    seen: set[str] = set()
    for recipient in recipients:
        address = recipient.email.strip().lower()
        if not address or address in seen or (recipient.user and recipient.user.pk in off):
            continue
        seen.add(address)
        deliverable.append(recipient)
    return deliverable


def announcement_create(
    *,
    event: str,
    key: str,
    subject: str,
    template: str,
    recipients: Iterable[Recipient],
    kind: str = "",
    context_for: Callable[[Recipient], dict] = lambda recipient: {},
    attachments: list[dict] | None = None,
    link_url: str = "",
    link_label: str = "",
) -> Announcement:
    """Write one outbox row per recipient, in the caller's transaction, and queue them after commit.

    Idempotent on `key`: when the announcement exists nothing new is written. Recipients who turned
    `kind` off are skipped; an empty `kind` is mandatory mail (an invitation, a revocation notice)
    without an unsubscribe link. Addresses are deduplicated case-insensitively.
    """
    announcement, created = Announcement.objects.get_or_create(
        key=key,
        defaults={"event": event, "subject": subject, "kind": kind, "link_url": link_url, "link_label": link_label},
    )
    if not created:
        return announcement
    # looked up once for the whole fan-out, not three times per recipient
    templates = tuple(get_template(f"emails/{template}{suffix}") for suffix in ("_subject.txt", ".txt", ".html"))
    now = timezone.now()
    rows: list[OutboxMessage] = []
    for recipient in recipients_deliverable(recipients, kind):
        address = recipient.email.strip().lower()
        headers: dict[str, str] = {}
        unsubscribe_url = ""
        if kind and recipient.user is not None:
            unsubscribe_url = absolute_url(
                reverse("notifications:unsubscribe", args=[unsubscribe_token(user_id=recipient.user.pk, kind=kind)])
            )
            headers = {
                "List-Unsubscribe": f"<{unsubscribe_url}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            }
        context = {
            "recipient": recipient,
            "announcement": announcement,
            "link_url": absolute_url(link_url) if link_url else "",
            "link_label": link_label,
            "unsubscribe_url": unsubscribe_url,
            "kind_label": Kind(kind).label if kind else "",
            "portal_url": settings.PORTAL_BASE_URL,
            **context_for(recipient),
        }
        rendered_subject, text, html = _render(templates, context, recipient.time_zone)
        rows.append(
            OutboxMessage(
                announcement=announcement,
                idempotency_key=f"{key}:to:{address}",
                to_email=recipient.email.strip(),
                user=recipient.user,
                subject=rendered_subject or subject,
                body_text=text,
                body_html=html,
                attachments=attachments or [],
                headers=headers,
                next_attempt_at=now,
                created_at=now,
            )
        )
    created_rows = OutboxMessage.objects.bulk_create(rows, batch_size=500)
    ids = [row.pk for row in created_rows]
    transaction.on_commit(lambda: outbox_queue(ids))
    return announcement


@transaction.atomic
def preference_unsubscribe(*, user: User, kind: str) -> bool:
    """Turn `kind` off from an unsubscribe link (no sign-in, one click, RFC 8058) and tell the person, with
    an undo link: a forwarded mail's link cannot silently switch off someone's vote notices. Returns
    whether anything changed (a repeated click sends no second mail)."""
    if user.pk in opted_out({user.pk}, kind):
        return False
    preference_set(user=user, kind=kind, enabled=False)
    undo_url = absolute_url(reverse("notifications:resubscribe", args=[resubscribe_token(user_id=user.pk, kind=kind)]))
    announcement_create(
        event="unsubscribed",
        key=f"unsubscribed:{user.pk}:{kind}:{timezone.now().isoformat()}",
        subject=f"You will no longer receive {Kind(kind).label.lower()}",
        template="unsubscribed",
        recipients=[Recipient.for_user(user)],
        context_for=lambda recipient: {
            "label": Kind(kind).label,
            "undo_url": undo_url,
            "preferences_url": absolute_url(reverse("notifications:preferences")),
        },
    )
    return True
