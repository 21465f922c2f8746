"""Known browsers (issue 19): a browser someone has signed in with carries a signed cookie naming them,
with a token bound to their password and their known-device secret. Such a browser is held only by
the per-address limits, at the password step (members/adapters.py) and at the second factor
(members/mfa_forms.py), so a stranger's failures cannot lock a board member out of the laptop they
vote from. Changing the password, revoking known browsers or signing out everywhere makes every
token stale: a copied cookie then lifts nothing.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.crypto import constant_time_compare, salted_hmac

from members.models import SecurityEvent, User
from members.security import security_event_record

KNOWN_DEVICE_COOKIE = "lcoo_known_device"
KNOWN_DEVICE_SALT = "members.known-device"
KNOWN_DEVICE_MAX_AGE = timedelta(days=90)
KNOWN_DEVICE_MAX_PEOPLE = 5


def per_address_rates(action: str) -> dict[str, str]:
    """The action's rate limits without the per-account ("key") ones: what holds a known browser."""
    rates = settings.ACCOUNT_RATE_LIMITS.get(action) or ""
    kept = [part.strip() for part in rates.split(",") if part.strip() and not part.strip().endswith("/key")]
    return {action: ",".join(kept)}


def known_device_token(user: User) -> str:
    """The token a known browser holds for `user`: stale once the password or the secret changes."""
    value = f"{user.pk}:{user.password}:{user.known_device_secret}"
    return salted_hmac(KNOWN_DEVICE_SALT, value, algorithm="sha256").hexdigest()[:40]


def _entries(request: HttpRequest) -> dict[str, str]:
    """{person id: token} from this browser's cookie (empty when absent, forged or expired)."""
    value = request.get_signed_cookie(
        KNOWN_DEVICE_COOKIE, default="", salt=KNOWN_DEVICE_SALT, max_age=KNOWN_DEVICE_MAX_AGE
    )
    entries: dict[str, str] = {}
    for part in value.split(","):
        pk, _, token = part.partition(":")
        if pk.isdigit() and token:
            entries[pk] = token
    return entries


def is_known_device(request: HttpRequest, user: User | None) -> bool:
    """Whether this browser has signed in as `user` since their last password change or revocation."""
    if user is None or user.pk is None:
        return False
    token = _entries(request).get(str(user.pk))
    return bool(token) and constant_time_compare(token, known_device_token(user))


def known_device_remember(request: HttpRequest, response: HttpResponse, user: User) -> None:
    """Set (or refresh) this browser's cookie for `user`, keeping the few others who use it."""
    entries = {pk: token for pk, token in _entries(request).items() if pk != str(user.pk)}
    entries[str(user.pk)] = known_device_token(user)
    kept = list(entries.items())[-KNOWN_DEVICE_MAX_PEOPLE:]
    response.set_signed_cookie(
        KNOWN_DEVICE_COOKIE,
        ",".join(f"{pk}:{token}" for pk, token in kept),
        salt=KNOWN_DEVICE_SALT,
        max_age=int(KNOWN_DEVICE_MAX_AGE.total_seconds()),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


@transaction.atomic
def known_devices_revoke(*, user: User, request: HttpRequest | None = None) -> User:
    """Make every browser `user` has signed in with a stranger again (their cookies' tokens go stale)."""
    user.known_device_secret = secrets.token_hex(32)
    user.save(update_fields=["known_device_secret"])
    security_event_record(user=user, kind=SecurityEvent.Kind.KNOWN_DEVICE_REVOKED, request=request)
    return user


@transaction.atomic
def user_sign_out_everywhere(*, user: User, request: HttpRequest | None = None) -> User:
    """End every session of `user` (this browser's too) and forget every browser they signed in with."""
    user.session_secret = secrets.token_hex(32)
    user.known_device_secret = secrets.token_hex(32)
    user.save(update_fields=["session_secret", "known_device_secret"])
    security_event_record(user=user, kind=SecurityEvent.Kind.SIGNED_OUT_EVERYWHERE, request=request)
    return user
