from collections.abc import Callable
from functools import partial

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from members.models import User
from members.permissions import secretariat_required
from notifications.audiences import meeting_kinds_for
from notifications.forms import PreferencesForm
from notifications.models import Announcement, Kind, OutboxMessage
from notifications.services.announcements import preference_unsubscribe
from notifications.services.preferences import (
    meeting_subscription_set,
    preference_set,
    preferences_for,
    resubscribe_token_read,
    unsubscribe_token_read,
)
from notifications.services.transport import announcement_retry_failed

ANNOUNCEMENTS_REASON = "Only the Secretariat sees the delivery of announcements."


def _with_counts(queryset: QuerySet[Announcement]) -> QuerySet[Announcement]:
    statuses = OutboxMessage.Status
    # 'sending' past the claim timeout: its worker stopped mid-send; the sweeper retries it, counting attempts
    stale = timezone.now() - settings.NOTIFICATIONS["CLAIM_TIMEOUT"]
    return queryset.annotate(
        total=Count("messages"),
        n_stalled=Count("messages", filter=Q(messages__status=statuses.SENDING, messages__claimed_at__lt=stale)),
        **{f"n_{s}": Count("messages", filter=Q(messages__status=s)) for s in statuses.values},
    )


@require_GET
@secretariat_required(reason=ANNOUNCEMENTS_REASON)
def index(request: HttpRequest) -> HttpResponse:
    announcements = _with_counts(Announcement.objects.all())[:200]
    return render(request, "notifications/index.html", {"announcements": announcements})


@require_GET
@secretariat_required(reason=ANNOUNCEMENTS_REASON)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    announcement = get_object_or_404(_with_counts(Announcement.objects.all()), pk=pk)
    deliveries = announcement.messages.select_related("user").order_by("status", "to_email")
    return render(request, "notifications/detail.html", {"announcement": announcement, "deliveries": deliveries})


@require_POST
@secretariat_required(reason=ANNOUNCEMENTS_REASON)
def retry(request: HttpRequest, pk: int) -> HttpResponse:
    announcement = get_object_or_404(Announcement, pk=pk)
    count = announcement_retry_failed(announcement=announcement)
    messages.success(request, f"{count} failed message(s) queued again." if count else "Nothing had failed.")
    return redirect("notifications:detail", pk=announcement.pk)


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    form = PreferencesForm(
        request.POST or None,
        initial_choices=preferences_for(request.user),
        meeting_choices=meeting_kinds_for(request.user),
    )
    if request.method == "POST" and form.is_valid():
        for kind in Kind.values:
            preference_set(user=request.user, kind=kind, enabled=form.cleaned_data[kind])
        for meeting_kind, enabled in form.changed_meeting_kinds().items():
            meeting_subscription_set(user=request.user, meeting_kind=meeting_kind, enabled=enabled)
        messages.success(request, "Your mail preferences are saved.")
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})


def _signed_link(
    request: HttpRequest, token: str, read: Callable[[str], tuple[int, str]], act: Callable[..., object], name: str
) -> HttpResponse:
    """A signed link from a mail, for one kind of mail: GET asks, POST acts (`act(user=…, kind=…)`), and
    `notifications/<name>_confirm.html` / `<name>d.html` say so; a link that does not read is a 400."""
    try:
        user_id, kind = read(token)
        user = User.objects.get(pk=user_id)
    except (signing.BadSignature, User.DoesNotExist):
        return render(request, "notifications/unsubscribe_invalid.html", status=400)
    context = {"kind_label": Kind(kind).label, "email": user.email}
    if request.method == "POST":
        act(user=user, kind=kind)
        return render(request, f"notifications/{name}d.html", context)
    return render(request, f"notifications/{name}_confirm.html", context)


# No sign-in and no CSRF token: the link in the mail is the credential (signed), and RFC 8058's
# one-click POST comes from the mail client, which has no session.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    return _signed_link(request, token, unsubscribe_token_read, preference_unsubscribe, "unsubscribe")


@require_http_methods(["GET", "POST"])
def resubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """The undo link of the unsubscribe confirmation: the signed link is the credential, the button a POST."""
    return _signed_link(request, token, resubscribe_token_read, partial(preference_set, enabled=True), "resubscribe")
