"""Timelines drawn on the server as SVG geometry: the plan's phases, tasks and milestones, and the
quarterly roadmap's items. The template draws the shapes; a table beside it says the same in words."""

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from governance.models import PlanTask, RoadmapQuarter
from kernel.templatetags.portal_time import format_when

LABEL_WIDTH = 300
CHART_WIDTH = 520
ROW_HEIGHT = 24
TOP = 28
# The room an axis date takes ("28 Aug 2016" at 12 px, with a gap): a weekly grid labels every week that
# leaves that much room, so the dates never overlap.
TICK_LABEL_ROOM = 84


@dataclass(frozen=True)
class Row:
    """One row of a timeline: a bar from `starts` to `ends` (inclusive), or a milestone on `starts`."""

    label: str
    starts: date
    ends: date
    kind: str  # "phase", "task", "milestone", "item"
    detail: str = ""
    indent: bool = False


@dataclass(frozen=True)
class Shape:
    row: Row
    y: float
    x: float
    width: float
    text_y: float


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Chart:
    shapes: list[Shape]
    ticks: list[Tick]
    width: int
    height: int
    label_width: int
    title: str
    summary: str


def _ticks(first: date, last: date, scale: Callable[[date], float], span_days: int) -> list[Tick]:
    ticks = []
    if span_days <= 150:  # weekly, on Sundays as the plan's chart has them, dated as every page dates
        week = scale(first + timedelta(days=7)) - scale(first)
        every = max(1, math.ceil(TICK_LABEL_ROOM / week))
        day = first + timedelta(days=(6 - first.weekday()) % 7)
        index = 0
        while day <= last:
            ticks.append(Tick(scale(day), format_when(day, "day") if index % every == 0 else ""))
            day += timedelta(days=7)
            index += 1
    else:  # quarterly
        day = date(first.year, 3 * ((first.month - 1) // 3) + 1, 1)
        while day <= last:
            if day >= first:
                ticks.append(Tick(scale(day), f"{day.year} Q{(day.month - 1) // 3 + 1}"))
            day = date(day.year + (day.month > 9), (day.month + 2) % 12 + 1, 1)
    return ticks


def chart(rows: list[Row], *, title: str, summary: str) -> Chart | None:
    """Lay the rows out on one time axis: labels on the left, bars and milestones on the right."""
    if not rows:
        return None
    first = min(r.starts for r in rows)
    last = max(r.ends for r in rows) + timedelta(days=1)
    span = max((last - first).days, 1)
    per_day = CHART_WIDTH / span

    def scale(day: date) -> float:
        return round(LABEL_WIDTH + (day - first).days * per_day, 1)

    shapes = []
    for index, row in enumerate(rows):
        y = TOP + index * ROW_HEIGHT
        width = 0.0 if row.kind == "milestone" else max(round(((row.ends - row.starts).days + 1) * per_day, 1), 2)
        shapes.append(Shape(row=row, y=y + 5, x=scale(row.starts), width=width, text_y=y + 16))
    height = TOP + len(rows) * ROW_HEIGHT + 8
    return Chart(
        shapes=shapes,
        ticks=_ticks(first, last, scale, span),
        width=LABEL_WIDTH + CHART_WIDTH + 20,
        height=height,
        label_width=LABEL_WIDTH,
        title=title,
        summary=summary,
    )


def _duration(task: PlanTask) -> str:
    if task.kind == PlanTask.Kind.MILESTONE:
        return "milestone"
    return f"{task.duration_days} working day{'s' if task.duration_days != 1 else ''}"


def plan_chart(tasks: list[PlanTask]) -> Chart | None:
    rows = [
        Row(
            label=task.title,
            starts=task.starts_on,
            ends=task.finishes_on,
            kind=task.kind,
            detail=_duration(task),
            indent=task.phase_id is not None,
        )
        for task in tasks
    ]
    milestones = sum(task.kind == PlanTask.Kind.MILESTONE for task in tasks)
    phases = sum(task.kind == PlanTask.Kind.PHASE for task in tasks)
    summary = f"{phases} phases and {milestones} milestones"
    if rows:
        summary += f", from {format_when(min(r.starts for r in rows))} to {format_when(max(r.ends for r in rows))}"
    return chart(rows, title="The coalition's plan", summary=summary + ".")


def _quarter_bounds(quarter: RoadmapQuarter) -> tuple[date, date]:
    first = date(quarter.year, 3 * quarter.quarter - 2, 1)
    following = date(quarter.year + (quarter.quarter == 4), (3 * quarter.quarter) % 12 + 1, 1)
    return first, following - timedelta(days=1)


def roadmap_chart(quarters: list[RoadmapQuarter]) -> Chart | None:
    """Each roadmap item as a bar over the published quarters that ranked it (`ranked` prefetched)."""
    spans: dict[int, list] = {}
    for quarter in quarters:
        first, last = _quarter_bounds(quarter)
        for entry in quarter.ranked:
            span = spans.setdefault(entry.item_id, [entry.item, first, last, []])
            span[1], span[2] = min(span[1], first), max(span[2], last)
            span[3].append(f"{quarter}: #{entry.rank}")
    rows = [
        Row(label=item.title, starts=first, ends=last, kind="item", detail="; ".join(sorted(ranks)))
        for item, first, last, ranks in spans.values()
    ]
    rows.sort(key=lambda r: (r.starts, r.label))
    return chart(rows, title="Quarterly roadmap", summary=f"{len(rows)} items over {len(quarters)} published quarters.")
