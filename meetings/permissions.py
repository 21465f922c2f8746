"""Who may see and do what in `meetings`: the one place views ask."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from meetings.models import Meeting, Minutes
from members.models import RoleAssignment
from members.permissions import is_secretariat

__all__ = [
    "can_manage_meetings",
    "can_see_confidential",
    "can_see_minutes",
    "get_meeting_for_viewer",
    "is_secretariat",
    "require_secretariat",
]

BOARD_ROLES = (RoleAssignment.Role.BOARD_REPRESENTATIVE, RoleAssignment.Role.BOARD_ALTERNATE)


def is_board_member(user) -> bool:
    """A person holding a current board representative or alternate seat (cached on the user)."""
    if not user.is_authenticated:
        return False
    cached = getattr(user, "_is_board_member", None)
    if cached is None:
        cached = RoleAssignment.objects.current().filter(user=user, role__in=BOARD_ROLES).exists()
        user._is_board_member = cached
    return cached


def can_see_confidential(user) -> bool:
    """Confidential board items: the board and the Secretariat see their titles."""
    return is_secretariat(user) or is_board_member(user)


def can_manage_meetings(user) -> bool:
    """Series, meetings, agendas and minutes are the Secretariat's to edit and publish."""
    return is_secretariat(user)


def can_see_minutes(user, minutes: Minutes | None) -> bool:
    if minutes is None:
        return False
    return minutes.is_published or is_secretariat(user)


def get_meeting_for_viewer(request: HttpRequest, pk: int) -> Meeting:
    """A meeting the visitor may see: drafts (agenda unpublished) are 404 to all but the Secretariat."""
    meeting = get_object_or_404(Meeting.objects.select_related("series", "minutes"), pk=pk)
    if not meeting.is_agenda_published and not is_secretariat(request.user):
        raise Http404("No such meeting.")
    return meeting


def require_secretariat(request: HttpRequest) -> None:
    """Refuse with 403 (views run after login_required, so the visitor is signed in)."""
    if not can_manage_meetings(request.user):
        raise PermissionDenied("Only the Secretariat prepares meetings, agendas and minutes.")
