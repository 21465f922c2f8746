"""The open action items of published minutes, and closing one (its owner, or the Secretariat)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from kernel.paging import page_of, query_without
from kernel.view_helpers import error_text, safe_next_url
from meetings.models import ActionItem
from meetings.permissions import can_close_action_item, can_manage_meetings
from meetings.services import actions as action_services
from members.models import Company

ACTIONS_PAGE_SIZE = 100


@require_GET
def actions(request: HttpRequest) -> HttpResponse:
    """Open action items of published minutes across meetings, by company and owner."""
    items = (
        ActionItem.objects.open()
        .visible_to(request.user)
        .of_published_minutes()
        .select_related("owner", "company", "meeting")
        .order_by("company__name", "owner__display_name", "owner_name", "due_on", "id")
    )
    company = request.GET.get("company") or ""
    if company:
        items = items.filter(company__slug=company)
    items = list(items[:500])
    for item in items:
        item.can_close = can_close_action_item(request.user, item)
    return render(
        request,
        "meetings/actions.html",
        {
            "items": page_of(request, items, ACTIONS_PAGE_SIZE),
            "pager_query": query_without(request, "page"),
            "companies": Company.objects.order_by("name"),
            "company": company,
            "can_manage": can_manage_meetings(request.user),
            "can_close_any": any(item.can_close for item in items),
            "today": timezone.localdate(),
        },
    )


@require_POST
@login_required
def action_close(request: HttpRequest, pk: int) -> HttpResponse:
    """Close an action item (the Secretariat, or its owner marking it done), with an optional note;
    an htmx request gets its row back to swap in place, any other a redirect."""
    action = get_object_or_404(ActionItem, pk=pk)
    status, note = request.POST.get("status", ""), request.POST.get("note", "")
    try:
        action_services.action_item_close(action_item=action, status=status, by=request.user, note=note)
    except ValidationError as error:
        text, failed = error_text(error), True
    else:
        text, failed = f"Action item marked {status}.", False
    next_url = safe_next_url(request, request.POST.get("next", ""), reverse("meetings:actions"))
    if request.htmx:
        context = {
            "a": ActionItem.objects.select_related("owner", "company", "meeting").get(pk=pk),
            "can_manage": can_manage_meetings(request.user),
            "can_close_any": True,
            "today": timezone.localdate(),
            "row_message": text,
            "row_error": failed,
            "next_url": next_url,
        }
        return render(request, "meetings/partials/_action_row.html", context)
    (messages.error if failed else messages.success)(request, text)
    return redirect(next_url)
