"""Corrections to a published record: an erratum, previewed as it will be published, then published."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from kernel.confirm import confirm_page, is_confirmed
from kernel.view_helpers import form_errors_text, message_refusal
from meetings.forms import ErratumForm
from meetings.models import Erratum, Meeting
from meetings.permissions import PREPARES_MEETINGS
from meetings.services import record as record_services
from members.permissions import secretariat_required


@require_POST
@secretariat_required(reason=PREPARES_MEETINGS)
def erratum_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a published record: the first POST shows the erratum as the meeting page will show it, the
    second (with `confirm`) publishes it, for an erratum cannot be withdrawn."""
    meeting = get_object_or_404(Meeting, pk=pk)
    form = ErratumForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect("meetings:minutes", pk=pk)
    if not is_confirmed(request):
        erratum = Erratum(meeting=meeting, by=request.user, **form.cleaned_data)
        return confirm_page(
            request,
            title="Publish this erratum?",
            consequences=[
                f"It will appear on the public page of “{meeting.title}”, with your name and today's date, beside "
                "the published record, which stays as it is.",
                "An erratum cannot be withdrawn.",
            ],
            button="Publish the erratum",
            cancel_url=reverse("meetings:minutes", args=[pk]),
            danger=False,
            preview="meetings/partials/_errata.html",
            preview_context={"errata": [erratum]},
        )
    try:
        record_services.erratum_add(meeting=meeting, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        message_refusal(request, error)
        return redirect("meetings:minutes", pk=pk)
    messages.success(request, "Erratum published on the meeting page.")
    return redirect(meeting)
