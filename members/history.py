"""The company record's history as people read it: what changed, when, by whom (django-simple-history)."""

from dataclasses import dataclass, field
from datetime import datetime

from members.models import Company, User, format_ftes

# The fields a reader cares about, in the order the page lists them; the declaration's own date and
# author are shown as the line's "when" and "by whom".
SHOWN_FIELDS = [
    "name",
    "slug",
    "status",
    "member_since",
    "operator_kind",
    "contributing_ftes",
    "roadmap_ftes",
    "website",
    "hq_country",
    "hq_time_zone",
    "estate_description",
]
# Long text: say that it changed, not what it became.
UNQUOTED_FIELDS = {"estate_description"}


@dataclass
class FieldChange:
    label: str
    old: str | None
    new: str | None


@dataclass
class HistoryLine:
    """One saved version of the company record compared with the version before it."""

    at: datetime
    by: User | None
    reason: str
    created: bool
    changes: list[FieldChange] = field(default_factory=list)


def _shown(name: str, value: object) -> str:
    if value in (None, ""):
        return "—"
    if name in ("contributing_ftes", "roadmap_ftes"):
        return format_ftes(value)
    if name == "hq_time_zone":
        return str(value)  # the zone's name as typed (America/New_York), not the field's display form
    choices = dict(Company._meta.get_field(name).flatchoices)
    return str(choices.get(value, value))


def company_history_lines(company: Company, limit: int = 50) -> list[HistoryLine]:
    """The latest `limit` versions, newest first, in one query."""
    records = list(company.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    lines = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        line = HistoryLine(
            at=record.history_date,
            by=record.history_user,
            reason=record.history_change_reason or "",
            created=record.history_type == "+",
        )
        if previous is not None:
            delta = record.diff_against(previous, included_fields=SHOWN_FIELDS)
            for change in sorted(delta.changes, key=lambda change: SHOWN_FIELDS.index(change.field)):
                label = str(Company._meta.get_field(change.field).verbose_name)
                if change.field in UNQUOTED_FIELDS:
                    line.changes.append(FieldChange(label, None, None))
                else:
                    line.changes.append(
                        FieldChange(label, _shown(change.field, change.old), _shown(change.field, change.new))
                    )
        lines.append(line)
    return lines
