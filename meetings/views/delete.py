"""The Secretariat's door to delete a draft meeting (nothing of it published), after a confirmation page.

A published meeting is part of the record: it is cancelled, not deleted (only the superuser deletes one,
in the admin, giving a reason)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from kernel.confirm import confirm_page, is_confirmed
from kernel.templatetags.portal_time import format_when
from kernel.view_helpers import run_service
from meetings.models import Meeting
from meetings.permissions import PREPARES_MEETINGS
from meetings.services import meeting as meeting_services
from members.permissions import secretariat_required


def _consequences(meeting: Meeting) -> list[str]:
    items = meeting.agenda_items.count()
    when = format_when(meeting.starts_at)
    consequences = [
        f"“{meeting.title}” ({when}) is deleted with its draft agenda ({items} item{'s' if items != 1 else ''}) "
        "and any draft minutes.",
        "Nobody is e-mailed: nothing of it was published.",
    ]
    if meeting.series_id:
        consequences.append(
            f"It is an occurrence of the series “{meeting.series}”: generating the series' meetings again "
            "creates it anew. Cancel it instead to keep it off the calendar."
        )
    consequences.append("This cannot be undone; the meeting's history keeps who deleted it and when.")
    return consequences


@require_POST
@secretariat_required(reason=PREPARES_MEETINGS)
def meeting_delete(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("series"), pk=pk)
    if meeting.is_published_record:
        messages.error(request, "A published meeting is part of the record: it is cancelled, not deleted.")
        return redirect(meeting)
    if not is_confirmed(request):
        return confirm_page(
            request,
            title=f"Delete the draft “{meeting.title}”?",
            consequences=_consequences(meeting),
            button="Delete the draft meeting",
            cancel_url=reverse("meetings:edit", args=[meeting.pk]),
        )
    deleted = run_service(
        request,
        lambda: meeting_services.meeting_delete(meeting=meeting, by=request.user),
        success=f"The draft “{meeting.title}” is deleted.",
        prefix="Nothing changed: ",
    )
    return redirect("meetings:index") if deleted else redirect(meeting)
