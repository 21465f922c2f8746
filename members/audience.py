"""Which audience a reader of a cached fragment belongs to (kernel/fragments.py asks through the setting
PORTAL_READER_AUDIENCE, so that the kernel never imports an app)."""

from django.contrib.auth.models import AnonymousUser

from members.models import User
from members.permissions import can_see_confidential, is_secretariat

VISITOR, MEMBER, BOARD, SECRETARIAT = "visitor", "member", "board", "secretariat"


def reader_audience(user: User | AnonymousUser | None) -> str:
    """Which confidential items this reader may see: the one thing about a person a fragment may vary on."""
    if user is None or not user.is_authenticated:
        return VISITOR
    if is_secretariat(user):
        return SECRETARIAT
    if can_see_confidential(user):
        return BOARD
    return MEMBER
