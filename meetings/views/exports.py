"""A meeting's record to take away: its minutes as Markdown (meetings:minutes-md) and its decisions and
action items as CSV (meetings:record-csv). The reader gets what the meeting's page shows them: the
same getter (a draft meeting is the Secretariat's), minutes only once published (drafts to the
Secretariat), and the confidential board items' rows left out for those who may not see them."""

import csv

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from kernel.validation import csv_cell
from kernel.view_helpers import attachment
from meetings.models import Meeting, Minutes
from meetings.permissions import get_meeting_for_viewer, minutes_for_viewer
from members.permissions import can_see_confidential

RECORD_COLUMNS = ["kind", "agenda item", "text", "owner", "company", "due", "status"]


def _minutes_for_reader(request: HttpRequest, meeting: Meeting) -> Minutes:
    minutes = minutes_for_viewer(request.user, meeting)
    if minutes is None:
        raise Http404("This meeting has no minutes to read yet.")
    return minutes


def _download(body: str, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=f"{content_type}; charset=utf-8")
    return attachment(response, filename)


@require_GET
def minutes_markdown(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_viewer(request, pk)
    minutes = _minutes_for_reader(request, meeting)
    user = request.user
    context = {
        "meeting": meeting,
        "minutes": minutes,
        "items": meeting.agenda_items.visible_to(user).order_by("position"),
        "decisions": meeting.decisions.visible_to(user).select_related("agenda_item"),
        "action_items": meeting.action_items.visible_to(user).select_related("owner", "company", "agenda_item"),
        "attendances": meeting.attendances.select_related("user", "company").order_by("company__name", "name"),
        "page_url": f"{settings.PORTAL_BASE_URL}{meeting.get_absolute_url()}",
        "withheld": not can_see_confidential(user) and meeting.agenda_items.filter(confidential=True).exists(),
    }
    body = render_to_string("meetings/exports/minutes.md", context, request=request)
    return _download(body, content_type="text/markdown", filename=f"minutes-{meeting.starts_at:%Y-%m-%d}-{pk}.md")


@require_GET
def record_csv(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_viewer(request, pk)
    _minutes_for_reader(request, meeting)
    user = request.user
    rows = [RECORD_COLUMNS]
    for decision in meeting.decisions.visible_to(user).select_related("agenda_item"):
        rows.append(
            ["decision", decision.agenda_item.title if decision.agenda_item else "", decision.text, "", "", "", ""]
        )
    for action in meeting.action_items.visible_to(user).select_related("owner", "company", "agenda_item"):
        rows.append(
            [
                "action item",
                action.agenda_item.title if action.agenda_item else "",
                action.text,
                str(action.owner) if action.owner else action.owner_name,
                action.company.name if action.company else "",
                action.due_on.isoformat() if action.due_on else "",
                action.status,
            ]
        )
    response = _download("", content_type="text/csv", filename=f"record-{meeting.starts_at:%Y-%m-%d}-{pk}.csv")
    writer = csv.writer(response)
    writer.writerows([[csv_cell(cell) for cell in row] for row in rows])
    return response
