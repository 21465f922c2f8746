"""Attendance → participation, for the `members` compliance criterion (settings.PORTAL_PARTICIPATION_PROVIDER).

One measure: the meetings counted (`Meeting.objects.counting_for_participation`: held meetings of the
counting kinds, announced before they began) within one window (PORTAL_CRITERIA's
PARTICIPATION_WINDOW_DAYS), and for each company whether someone from it attended each of them. The
figure, the strip drawn beside it and the reason every page, the CSV and the API give all come from it.
"""

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from meetings.kinds import participation_kinds
from meetings.models import Attendance, Kind, Meeting


def counted_meetings(now: datetime | None = None) -> QuerySet[Meeting]:
    """The meetings participation is measured on: those counting for it, started within the window."""
    now = now or timezone.now()
    since = now - timedelta(days=settings.PORTAL_CRITERIA["PARTICIPATION_WINDOW_DAYS"])
    return Meeting.objects.counting_for_participation().filter(starts_at__gte=since, starts_at__lte=now)


def participation_by_company(
    companies: Iterable, now: datetime | None = None
) -> dict[int, list[tuple[date, str, bool]]]:
    """{company id: [(date, title, attended), …]}: each meeting counted, oldest first, and whether someone
    from the company attended it (two people of one company count once).

    Companies are omitted when no meeting counts in the window (not yet measured). Two queries.
    """
    ids = [getattr(c, "pk", c) for c in companies]
    counted = list(counted_meetings(now).order_by("starts_at", "pk").values_list("pk", "starts_at", "title").distinct())
    if not counted or not ids:
        return {}
    present = set(
        Attendance.objects.filter(meeting_id__in=[pk for pk, _, _ in counted], company_id__in=ids)
        .values_list("company_id", "meeting_id")
        .distinct()
    )
    return {cid: [(starts.date(), title, (cid, pk) in present) for pk, starts, title in counted] for cid in ids}


def counted_kinds_label() -> str:
    """The kinds of meeting counted, in words, for the rule's statement: "general meetings"."""
    return " and ".join(f"{Kind(kind).label[0].lower()}{Kind(kind).label[1:]}s" for kind in participation_kinds())


# `members` states the rule through the provider its setting names (it never imports `meetings`).
participation_by_company.counted_kinds_label = counted_kinds_label
