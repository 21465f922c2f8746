"""An account's security history (issue 19): what happened to it, recorded and told to its owner.

`security_event_record` is the one door: allauth's account and MFA flows reach it through the account
adapter's `send_notification_mail` (members/adapters.py), the portal's own pages (known browsers,
signing out everywhere) and single sign-on call it directly. It writes a SecurityEvent and, for the
kinds in MAILED_KINDS, emits `security_event`, whose handler (notifications) writes the mail to the
outbox in the same transaction, with its links built from PORTAL_BASE_URL.
"""

from allauth.account.models import EmailAddress
from allauth.core.internal.httpkit import get_client_ip
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.http import HttpRequest

from lcoo_portal.events import emit
from members.models import SecurityEvent, User

Kind = SecurityEvent.Kind

# Every kind is mailed except a successful single sign-on (the person just did it, and it happens daily).
MAILED_KINDS = frozenset(Kind) - {Kind.SSO_SIGN_IN}
# Kinds about the addresses themselves: every verified address of the account hears of them, so the old
# address learns of a new one (an attacker who adds their own address cannot hide it from the owner).
ADDRESS_KINDS = frozenset({Kind.EMAIL_ADDED, Kind.EMAIL_PRIMARY, Kind.EMAIL_REMOVED})
# Failed second-factor attempts come in bursts: one mail per person in this many seconds is enough.
SECOND_FACTOR_MAIL_INTERVAL = 15 * 60


def _client(request: HttpRequest | None) -> tuple[str | None, str]:
    """The client's address (allauth's reading, which trusts only the configured proxies) and browser."""
    if request is None:
        return None, ""
    try:
        address = get_client_ip(request)
    except ImproperlyConfigured:  # a request that did not come through the configured proxies
        address = None
    return address, request.META.get("HTTP_USER_AGENT", "")[:300]


def security_mail_addresses(user: User, kind: str) -> list[str]:
    """Whom the mail about `kind` goes to: the account's address, and for address changes every verified one."""
    addresses = [user.email]
    if kind in ADDRESS_KINDS:
        addresses += EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    seen: set[str] = set()
    return [a for a in addresses if a and not (a.lower() in seen or seen.add(a.lower()))]


def _mail_due(user: User, kind: str) -> bool:
    if kind not in MAILED_KINDS:
        return False
    if kind == Kind.SECOND_FACTOR_FAILED:
        return cache.add(f"members:security-mail:{kind}:{user.pk}", 1, SECOND_FACTOR_MAIL_INTERVAL)
    return True


@transaction.atomic
def security_event_record(
    *, user: User, kind: str, request: HttpRequest | None = None, detail: str = ""
) -> SecurityEvent:
    """Record what happened to `user`'s account and, where the kind calls for it, mail them about it."""
    kind = Kind(kind)
    address, agent = _client(request)
    event = SecurityEvent.objects.create(
        user=user, kind=kind, ip_address=address, user_agent=agent, detail=detail[:5_000]
    )
    if _mail_due(user, kind):
        emit("security_event", security_event=event, addresses=security_mail_addresses(user, kind))
    return event


def email_added_record(*, request: HttpRequest, user: User, email_address: EmailAddress, **_: object) -> None:
    """allauth's `email_added` signal, as a security event (allauth sends no notification of its own)."""
    security_event_record(user=user, kind=Kind.EMAIL_ADDED, request=request, detail=email_address.email)
