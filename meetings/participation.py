"""Attendance → participation, for the `members` compliance criterion (settings.PORTAL_PARTICIPATION_PROVIDER)."""

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, QuerySet
from django.utils import timezone

from meetings.models import Attendance, Meeting


def held_general_meetings(now: datetime | None = None) -> QuerySet[Meeting]:
    """General meetings held within the participation window: status held or minutes published."""
    now = now or timezone.now()
    since = now - timedelta(days=settings.PORTAL_CRITERIA["PARTICIPATION_WINDOW_DAYS"])
    return Meeting.objects.counting_for_participation().held().filter(starts_at__gte=since, starts_at__lte=now)


def participation_by_company(companies: Iterable, now: datetime | None = None) -> dict[int, tuple[int, int]]:
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


STRIP_MEETINGS = 12


def participation_strips(
    companies: Iterable, last: int = STRIP_MEETINGS, now: datetime | None = None
) -> dict[int, list[tuple]]:
    """{company id: [(date, title, attended), …]} over the last `last` general meetings held, oldest first:
    the picture beside the participation figure. Two queries."""
    ids = [getattr(c, "pk", c) for c in companies]
    now = now or timezone.now()
    held = list(
        Meeting.objects.counting_for_participation()
        .held()
        .filter(starts_at__lte=now)
        .order_by("-starts_at")
        .values_list("pk", "starts_at", "title")
        .distinct()[:last]
    )[::-1]
    if not held or not ids:
        return {}
    present = set(
        Attendance.objects.filter(meeting_id__in=[pk for pk, _, _ in held], company_id__in=ids)
        .values_list("company_id", "meeting_id")
        .distinct()
    )
    return {cid: [(starts.date(), title, (cid, pk) in present) for pk, starts, title in held] for cid in ids}


# `members` reaches the strips through the provider its setting names (it never imports `meetings`).
participation_by_company.strips = participation_strips
