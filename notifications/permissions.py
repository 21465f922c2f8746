"""Who may see and act on the outbox: the Secretariat."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from members.permissions import is_secretariat


def require_secretariat(request: HttpRequest) -> None:
    if not is_secretariat(request.user):
        raise PermissionDenied("Only the Secretariat sees the delivery of announcements.")
