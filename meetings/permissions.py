"""Who may see and do what in `meetings`: the one place views ask."""

from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from meetings.models import ActionItem, Meeting, Minutes
from members.models import User
from members.permissions import is_secretariat

PREPARES_MEETINGS = "Only the Secretariat prepares meetings, agendas and minutes."


def can_manage_meetings(user: User | AnonymousUser) -> bool:
    """Series, meetings, agendas and minutes are the Secretariat's to edit and publish."""
    return is_secretariat(user)


def can_delete_published_record(user: User | AnonymousUser) -> bool:
    """A published meeting is part of the record: only a superuser deletes one (with its parts), and only
    through `meeting_delete`, which leaves a trace."""
    return user.is_authenticated and user.is_active and user.is_superuser


def can_delete_meeting(user: User | AnonymousUser, meeting: Meeting) -> bool:
    """The Secretariat deletes a draft meeting; a published one is the superuser's alone."""
    if not can_manage_meetings(user):
        return False
    return not meeting.is_published_record or can_delete_published_record(user)


def can_close_action_item(
    user: User | AnonymousUser, action_item: ActionItem, status: str = ActionItem.Status.DONE
) -> bool:
    """The Secretariat closes any action item; its owner may mark their own done (not drop it)."""
    if not user.is_authenticated:
        return False
    if is_secretariat(user):
        return True
    return status == ActionItem.Status.DONE and action_item.owner_id == user.pk


def get_meeting_for_viewer(request: HttpRequest, pk: int) -> Meeting:
    """A meeting the visitor may see: drafts (agenda unpublished) are 404 to all but the Secretariat."""
    meeting = get_object_or_404(Meeting.objects.select_related("series", "minutes"), pk=pk)
    if not meeting.is_agenda_published and not is_secretariat(request.user):
        raise Http404("No such meeting.")
    return meeting


def minutes_for_viewer(user: User | AnonymousUser, meeting: Meeting) -> Minutes | None:
    """The minutes this person reads: published ones, or the Secretariat's draft; needs `minutes` selected."""
    if meeting.published_minutes is not None:
        return meeting.published_minutes
    return getattr(meeting, "minutes", None) if is_secretariat(user) else None
