"""The Secretariat's pages for series of meetings: list, edit, the fair-rotation table, generating meetings."""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kernel.view_helpers import form_errors_text
from meetings.forms import GenerateForm, SeriesForm
from meetings.models import Series
from meetings.permissions import PREPARES_MEETINGS
from meetings.services import series as series_services
from meetings.times import rotation_burden
from members.models import Company
from members.permissions import secretariat_required


@require_GET
@secretariat_required(reason=PREPARES_MEETINGS)
def series_list(request: HttpRequest) -> HttpResponse:
    series = Series.objects.prefetch_related("rotation")
    return render(request, "meetings/series_list.html", {"series_list": series})


@require_http_methods(["GET", "POST"])
@secretariat_required(reason=PREPARES_MEETINGS)
def series_edit(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    series = get_object_or_404(Series, slug=slug) if slug else None
    form = SeriesForm(request.POST or None, instance=series)
    if request.method == "POST" and form.is_valid():
        try:
            saved = series_services.series_save(
                series=series, data=form.series_data(), rotation=form.cleaned_data["rotation"], by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Series saved.")
            return redirect("meetings:series", slug=saved.slug)
    return render(request, "meetings/series_form.html", {"form": form, "series": series})


@require_GET
@secretariat_required(reason=PREPARES_MEETINGS)
def series_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A series, its meetings and the fair-rotation table over the next year of occurrences."""
    series = get_object_or_404(Series.objects.prefetch_related("rotation"), slug=slug)
    today = timezone.now().date()
    starts = [
        s for _, s in series_services.series_starts(series=series, since=today, until=today + timedelta(days=365))
    ]
    burden = rotation_burden(starts, series.duration_minutes, list(Company.objects.members()))
    context = {
        "series": series,
        "meetings": series.meetings.select_related("minutes").order_by("starts_at"),
        "burden": burden,
        "occurrences": len(starts),
        "convenient": settings.MEETING_CONVENIENT_HOURS,
        "generate_form": GenerateForm(initial={"until": today + timedelta(days=90)}),
    }
    return render(request, "meetings/series_detail.html", context)


@require_POST
@secretariat_required(reason=PREPARES_MEETINGS)
def series_generate(request: HttpRequest, slug: str) -> HttpResponse:
    series = get_object_or_404(Series, slug=slug)
    form = GenerateForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
    else:
        created = series_services.series_generate(series=series, until=form.cleaned_data["until"], by=request.user)
        messages.success(request, f"{len(created)} meeting(s) generated as drafts.")
    return redirect("meetings:series", slug=slug)
