"""Importing a meeting-bot log into draft minutes: paste or upload, preview, match nicks, save."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from meetings.botlog import match_people, parse_log, start_warning
from meetings.forms import ImportForm
from meetings.models import Meeting
from meetings.permissions import PREPARES_MEETINGS
from meetings.services import log_import as import_services
from members.models import User
from members.permissions import secretariat_required

NICK_FIELD = "person__"


def _chosen_people(request: HttpRequest, people: dict[int, User]) -> dict[str, User | None]:
    """The nick → person table as the Secretariat set it in the preview (`person__<nick>` = a user's id)."""
    chosen = {}
    for key, value in request.POST.items():
        if key.startswith(NICK_FIELD):
            chosen[key.removeprefix(NICK_FIELD)] = people.get(int(value)) if value.isdigit() else None
    return chosen


@require_http_methods(["GET", "POST"])
@secretariat_required(reason=PREPARES_MEETINGS)
def minutes_import(request: HttpRequest, pk: int) -> HttpResponse:
    """Paste or upload a meeting-bot log, preview the structured minutes and the nick → person table,
    then save them as a draft (the table is remembered on the people's profiles)."""
    meeting = get_object_or_404(Meeting, pk=pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    parsed, warning = None, ""
    people = list(User.objects.filter(is_active=True).order_by("display_name", "email"))
    if request.method == "POST" and form.is_valid():
        log = form.cleaned_data["log"]
        chosen = _chosen_people(request, {u.pk: u for u in people})
        parsed = match_people(parse_log(log), people, chosen)
        warning = start_warning(parsed, meeting.starts_at)
        if "save" in request.POST:
            if parsed.is_empty:
                form.add_error("log", "Nothing to import: no #topic, #agreed or #action line was found.")
            elif parsed.malformed and not form.cleaned_data["accept_malformed"]:
                form.add_error("accept_malformed", "Some lines are malformed: tick this box to save without them.")
            else:
                try:
                    import_services.minutes_import(meeting=meeting, parsed=parsed, source=log, by=request.user)
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    messages.success(request, "Imported into the draft minutes. Check them before publishing.")
                    if warning:
                        messages.warning(request, warning)
                    return redirect("meetings:minutes", pk=pk)
        # the preview carries the log as text, so saving does not need the file again
        form.data = form.data.copy()
        form.data["log"] = log
    context = {
        "meeting": meeting,
        "form": form,
        "parsed": parsed,
        "start_warning": warning,
        "people": people,
        "nick_field": NICK_FIELD,
    }
    return render(request, "meetings/minutes_import.html", context)
