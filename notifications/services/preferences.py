"""A person's choices about mail: kinds turned off, meeting subscriptions, and the signed tokens of the
one-click unsubscribe links."""

from django.conf import settings
from django.core import signing
from django.db import transaction

from members.models import User
from notifications.models import Kind, MeetingSubscription, Preference

UNSUBSCRIBE_SALT = "notifications.unsubscribe"


def unsubscribe_token(*, user_id: int, kind: str) -> str:
    return signing.TimestampSigner(salt=UNSUBSCRIBE_SALT).sign_object({"u": user_id, "k": kind})


RESUBSCRIBE_SALT = "notifications.resubscribe"


def resubscribe_token(*, user_id: int, kind: str) -> str:
    """The undo link's token, sent in the confirmation of a one-click unsubscribe."""
    return signing.TimestampSigner(salt=RESUBSCRIBE_SALT).sign_object({"u": user_id, "k": kind})


def resubscribe_token_read(token: str) -> tuple[int, str]:
    """The (user id, kind) of an undo token; raises signing.BadSignature when tampered with or expired."""
    data = signing.TimestampSigner(salt=RESUBSCRIBE_SALT).unsign_object(
        token, max_age=settings.NOTIFICATIONS["UNSUBSCRIBE_MAX_AGE"]
    )
    if not isinstance(data, dict) or data.get("k") not in Kind.values or not isinstance(data.get("u"), int):
        raise signing.BadSignature("Malformed undo token.")
    return data["u"], data["k"]


def unsubscribe_token_read(token: str) -> tuple[int, str]:
    """The (user id, kind) of a token; raises signing.BadSignature when it was tampered with or expired."""
    data = signing.TimestampSigner(salt=UNSUBSCRIBE_SALT).unsign_object(
        token, max_age=settings.NOTIFICATIONS["UNSUBSCRIBE_MAX_AGE"]
    )
    if not isinstance(data, dict) or data.get("k") not in Kind.values or not isinstance(data.get("u"), int):
        raise signing.BadSignature("Malformed unsubscribe token.")
    return data["u"], data["k"]


def opted_out(user_ids: set[int], kind: str) -> set[int]:
    """Those among `user_ids` who turned `kind` off."""
    return set(
        Preference.objects.filter(user_id__in=user_ids, kind=kind, enabled=False).values_list("user_id", flat=True)
    )


@transaction.atomic
def preference_set(*, user: User, kind: str, enabled: bool) -> Preference:
    """Turn one kind of mail on or off for a person."""
    preference, _ = Preference.objects.update_or_create(user=user, kind=kind, defaults={"enabled": enabled})
    return preference


@transaction.atomic
def meeting_subscription_set(*, user: User, meeting_kind: str, enabled: bool) -> MeetingSubscription:
    """Record a person's own choice about the mail on one kind of meeting, over their roles' default."""
    subscription, _ = MeetingSubscription.objects.update_or_create(
        user=user, meeting_kind=meeting_kind, defaults={"enabled": enabled}
    )
    return subscription


def preferences_for(user: User) -> dict[str, bool]:
    """Every kind with its current choice (on unless a row says off)."""
    stored = dict(Preference.objects.filter(user=user).values_list("kind", "enabled"))
    return {kind: stored.get(kind, True) for kind in Kind.values}
