"""Attendance → participation, for the `members` compliance criterion (settings.PORTAL_PARTICIPATION_PROVIDER)."""

from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from meetings.models import Attendance, Kind, Meeting


def held_general_meetings(now=None):
    """General meetings held within the participation window: status held or minutes published."""
    now = now or timezone.now()
    since = now - timedelta(days=settings.PORTAL_CRITERIA["PARTICIPATION_WINDOW_DAYS"])
    return Meeting.objects.filter(kind=Kind.GENERAL, starts_at__gte=since, starts_at__lte=now).filter(
        Q(status=Meeting.Status.HELD) | Q(minutes__published_at__isnull=False)
    )


def participation_by_company(companies: Iterable, now=None) -> dict[int, tuple[int, int]]:
    """{company id: (general meetings attended, general meetings held)} over the window.

    Companies are omitted when no general meeting was held in the window (not yet measured). Two queries.
    """
    ids = [getattr(c, "pk", c) for c in companies]
    held_ids = list(held_general_meetings(now).values_list("pk", flat=True).distinct())
    if not held_ids or not ids:
        return {}
    attended = dict(
        Attendance.objects.filter(meeting_id__in=held_ids, company_id__in=ids)
        .values("company_id")
        .annotate(n=Count("meeting_id", distinct=True))
        .values_list("company_id", "n")
    )
    return {pk: (attended.get(pk, 0), len(held_ids)) for pk in ids}
