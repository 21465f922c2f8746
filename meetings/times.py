"""Meeting times as people read them: at the member companies' headquarters, and who gets the
inconvenient hours of a series' rotation."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

from members.models import Company


def zone_city(zone: ZoneInfo) -> str:
    return zone.key.rsplit("/", 1)[-1].replace("_", " ")


def member_zones() -> list[ZoneInfo]:
    """The distinct headquarters time zones of the seated member companies (one query)."""
    return sorted(set(Company.objects.members().values_list("hq_time_zone", flat=True)), key=str)


def day_marker(local: datetime, reference: date) -> str:
    """ "(+1 day)" when the local date is after the meeting's date, "(−1 day)" before, "" the same day."""
    days = (local.date() - reference).days
    if not days:
        return ""
    return f"({'+' if days > 0 else '−'}{abs(days)} day{'s' if abs(days) != 1 else ''})"


def headquarters_times(
    starts_at: datetime, zones: list[ZoneInfo], reference: date | None = None
) -> list[tuple[str, str, str]]:
    """(city, "HH:MM", day marker) for each zone, sorted by the zone's offset at that instant. The marker
    says where the local date is not the meeting's date as the reader sees it (`reference`, by default
    the UTC date): "00:00 Tokyo (+1 day)" under a Thursday."""
    reference = reference or starts_at.astimezone(UTC).date()
    rows = []
    for zone in set(zones):
        local = starts_at.astimezone(zone)
        rows.append(
            (local.utcoffset() or timedelta(0), zone_city(zone), local.strftime("%H:%M"), day_marker(local, reference))
        )
    return [(city, hhmm, marker) for _, city, hhmm, marker in sorted(rows)]


def headquarters_line(starts_at: datetime, zones: list[ZoneInfo], reference: date | None = None) -> str:
    """e.g. "07:00 Los Angeles · 10:00 New York · 16:00 Paris · 20:30 Kolkata · 00:00 Tokyo (+1 day)"."""
    return " · ".join(
        f"{hhmm} {city}{' ' + marker if marker else ''}"
        for city, hhmm, marker in headquarters_times(starts_at, zones, reference)
    )


def is_inconvenient(starts_at: datetime, duration_minutes: int, zone: ZoneInfo) -> bool:
    """Outside settings.MEETING_CONVENIENT_HOURS local time: starts too early or ends too late."""
    early, late = settings.MEETING_CONVENIENT_HOURS
    start = starts_at.astimezone(zone)
    end = (starts_at + timedelta(minutes=duration_minutes)).astimezone(zone)
    day_end = start.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(hours=late)
    return start.hour < early or end > day_end


@dataclass
class RotationBurden:
    """How often one headquarters zone gets an inconvenient meeting of a series."""

    zone: ZoneInfo
    companies: list[str] = field(default_factory=list)
    inconvenient: int = 0
    total: int = 0

    @property
    def share(self) -> int:
        return round(100 * self.inconvenient / self.total) if self.total else 0


def rotation_burden(starts: list[datetime], duration_minutes: int, companies: list[Company]) -> list[RotationBurden]:
    """For each member headquarters zone, inconvenient occurrences among `starts`; heaviest first."""
    by_zone: dict[ZoneInfo, RotationBurden] = {}
    for company in companies:
        by_zone.setdefault(company.hq_time_zone, RotationBurden(zone=company.hq_time_zone)).companies.append(
            company.name
        )
    for row in by_zone.values():
        row.total = len(starts)
        row.inconvenient = sum(is_inconvenient(s, duration_minutes, row.zone) for s in starts)
    return sorted(by_zone.values(), key=lambda r: (-r.inconvenient, r.zone.key))
