"""Who may do what in `members`: the one place views ask."""

from members.models import RoleGroup


def is_secretariat(user) -> bool:
    """The Secretariat runs meetings and keeps the records; superusers count as Secretariat."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_is_secretariat", None)
    if cached is None:
        cached = user.groups.filter(name=RoleGroup.SECRETARIAT).exists()
        user._is_secretariat = cached
    return cached
