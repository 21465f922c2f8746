"""Who may see and do what in `meetings`: the one place views ask."""

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from meetings.models import Meeting
from members.permissions import can_see_confidential, is_secretariat, secretariat_required

__all__ = [
    "can_manage_meetings",
    "can_see_confidential",
    "get_meeting_for_viewer",
    "is_secretariat",
    "secretariat_required",
]


def can_manage_meetings(user) -> bool:
    """Series, meetings, agendas and minutes are the Secretariat's to edit and publish."""
    return is_secretariat(user)


def get_meeting_for_viewer(request: HttpRequest, pk: int) -> Meeting:
    """A meeting the visitor may see: drafts (agenda unpublished) are 404 to all but the Secretariat."""
    meeting = get_object_or_404(Meeting.objects.select_related("series", "minutes"), pk=pk)
    if not meeting.is_agenda_published and not is_secretariat(request.user):
        raise Http404("No such meeting.")
    return meeting
