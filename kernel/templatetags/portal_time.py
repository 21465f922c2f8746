"""One way of writing time on pages, mails and feeds: in the viewer's zone (the active time zone: the
signed-in person's, the mail recipient's, UTC otherwise), named by its abbreviation, with the UTC offset
where the abbreviation alone is ambiguous; a day marker where the local date differs from the meeting's;
relative time for history entries, with the absolute time on hover.

    {% load portal_time %}
    {{ meeting.starts_at|when }}                 <time …>Thu 3 Dec 2026, 16:00 CET</time>
    {{ meeting.starts_at|when:"date" }}          <time …>Thu 3 Dec 2026</time>
    format_when(day, "day")                      3 Dec 2026  (where the weekday would crowd: a chart's axis)
    {{ meeting.starts_at|when_text }}            Thu 3 Dec 2026, 16:00 CET  (mails, feeds, subjects)
    {{ entry.at|ago }}                           <time … title="Thu 3 Dec 2026, 16:00 CET">3 days ago</time>
    {{ invitation.expires_at|iso }}              2026-12-03T15:00:00+00:00  (a `datetime` attribute)
"""

from datetime import date, datetime, timedelta, tzinfo

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.timesince import timesince

register = template.Library()

# Abbreviations that name more than one zone (India/Israel/Ireland, China/Cuba/US Central, …): the
# offset follows them. Numeric abbreviations ("+04") are written as a UTC offset instead.
AMBIGUOUS_ABBREVIATIONS = {"IST", "CST", "CDT", "BST", "AST", "ADT", "GST", "PST", "SST", "MST", "ECT"}

DAY_FORMAT = "%-d %b %Y"
DATE_FORMAT = f"%a {DAY_FORMAT}"
# History entries say "3 days ago" up to this age, and their date beyond it.
RELATIVE_UP_TO = timedelta(days=30)
TIME_FORMAT = "%H:%M"


def _offset(local: datetime) -> str:
    delta = local.utcoffset() or timedelta(0)
    minutes = int(delta.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, mins = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{mins:02d}" if mins else f"UTC{sign}{hours}"


def zone_label(local: datetime) -> str:
    """The zone's abbreviation, with the offset where that is ambiguous: "CET", "IST (UTC+05:30)", "UTC+4"."""
    abbreviation = local.tzname() or ""
    if not abbreviation or abbreviation[0] in "+-":
        return _offset(local)
    if abbreviation in AMBIGUOUS_ABBREVIATIONS:
        return f"{abbreviation} ({_offset(local)})"
    return abbreviation


def _local(value: datetime, zone: tzinfo | None = None) -> datetime:
    return value.astimezone(zone or timezone.get_current_timezone())


def iso_datetime(value: datetime | date) -> str:
    """A machine-readable date or time to the second, as HTML's `datetime` attribute accepts it (no
    microseconds: the Nu checker refuses them)."""
    return value.isoformat(timespec="seconds") if isinstance(value, datetime) else value.isoformat()


def format_when(value: datetime | date | None, style: str = "", zone: tzinfo | None = None) -> str:
    """The plain text of a date and time in the viewer's zone (or `zone`)."""
    if value is None:
        return ""
    if not isinstance(value, datetime):  # a calendar date has no zone
        return value.strftime(DAY_FORMAT if style == "day" else DATE_FORMAT)
    local = _local(value, zone)
    if style == "day":
        return local.strftime(DAY_FORMAT)
    if style == "date":
        return local.strftime(DATE_FORMAT)
    if style == "short":
        return f"{local.strftime('%a %-d %b')}, {local.strftime(TIME_FORMAT)} {zone_label(local)}"
    return f"{local.strftime(DATE_FORMAT)}, {local.strftime(TIME_FORMAT)} {zone_label(local)}"


@register.filter
def when(value: datetime | date | None, style: str = "") -> str:
    """A <time> element in the viewer's zone; visitors' browsers rewrite it to their own zone."""
    if value is None:
        return ""
    if not isinstance(value, datetime):
        return format_html('<time datetime="{}">{}</time>', iso_datetime(value), format_when(value))
    return format_html(
        '<time datetime="{}" data-local="{}">{}</time>',
        iso_datetime(_local(value)),
        style or "datetime",
        format_when(value, style),
    )


@register.filter
def when_text(value: datetime | date | None, style: str = "") -> str:
    """The same words as `when`, without markup: for mails, feeds and subjects."""
    return format_when(value, style)


@register.filter
def iso(value: datetime | date | None) -> str:
    """A `datetime` attribute's value, to the second."""
    return "" if value is None else iso_datetime(value)


@register.filter
def ago(value: datetime | None) -> str:
    """History entries: "3 days ago" (the date once older than a month), with the absolute time in the
    viewer's zone on hover."""
    if value is None:
        return ""
    now = timezone.now()
    if now - value > RELATIVE_UP_TO:
        # "10 years ago" says less than the date: beyond a month the date itself, the time on hover
        words = format_when(value, "date")
    else:
        words = "just now" if abs((now - value).total_seconds()) < 60 else f"{timesince(value, now, depth=1)} ago"
    return format_html(
        '<time datetime="{}" title="{}">{}</time>',
        iso_datetime(_local(value)),
        format_when(value),
        words,
    )
