"""The periodic scans: reminders found in the database by a beat task, never queued ahead as ETA tasks.

Each scan writes announcements keyed by what they remind of (the meeting, the quarter, the week),
so running a scan twice, or two beats by mistake, sends nothing twice.
"""

import calendar
from datetime import date, datetime, timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from governance.models import Ballot, Motion, RoadmapQuarter
from meetings.kinds import longest_agenda_notice
from meetings.models import ActionItem, Meeting
from members.models import Company
from notifications import audiences
from notifications.models import Kind
from notifications.services.announcements import announcement_create

REMINDER_AHEAD = timedelta(hours=24)
AGENDA_DRAFT_WARNING = timedelta(days=2)
QUARTER_MONTHS = (1, 4, 7, 10)
VOTE_CLOSING_WARNING = timedelta(hours=48)
CURE_PERIOD_WARNING = timedelta(days=7)


def first_working_day(year: int, month: int) -> date:
    """The first Monday-to-Friday of a month (public holidays are not known to the portal)."""
    day = date(year, month, 1)
    while calendar.weekday(day.year, day.month, day.day) >= 5:
        day += timedelta(days=1)
    return day


def quarter_of(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def meeting_reminders_send(*, now: datetime | None = None) -> int:
    """Remind the subscribers of each published meeting's kind starting within 24 hours; returns how many
    meetings."""
    now = now or timezone.now()
    meetings = Meeting.objects.agenda_published().filter(
        status=Meeting.Status.SCHEDULED,
        starts_at__gt=now,
        starts_at__lte=now + REMINDER_AHEAD,
    )
    subscribers: dict[str, list] = {}
    for meeting in meetings:
        if meeting.kind not in subscribers:
            subscribers[meeting.kind] = audiences.people(audiences.meeting_subscribers(meeting.kind))
        announcement_create(
            event="meeting_reminder",
            key=f"meeting_reminder:meeting:{meeting.pk}",
            subject=f"Tomorrow: {meeting.title}",
            template="meeting_reminder",
            kind=Kind.REMINDERS,
            recipients=subscribers[meeting.kind] + audiences.lists(Kind.REMINDERS, meeting.kind),
            context_for=lambda recipient, meeting=meeting: {"meeting": meeting},
            link_url=meeting.get_absolute_url(),
            link_label="The agenda in the portal",
        )
    return len(meetings)


def agenda_draft_reminders_send(*, now: datetime | None = None) -> int:
    """Warn the Secretariat and the chair of agendas still drafts two days before their deadline."""
    now = now or timezone.now()
    # the notice period varies by kind: look far enough ahead for the longest, then filter exactly
    longest = longest_agenda_notice()
    candidates = Meeting.objects.agenda_drafts().filter(
        status=Meeting.Status.SCHEDULED,
        starts_at__gt=now,
        starts_at__lte=now + AGENDA_DRAFT_WARNING + timedelta(days=longest),
    )
    due = [m for m in candidates if now < m.agenda_deadline <= now + AGENDA_DRAFT_WARNING]
    for meeting in due:
        announcement_create(
            event="agenda_draft_reminder",
            key=f"agenda_draft_reminder:meeting:{meeting.pk}",
            subject=f"Agenda still a draft: {meeting.title}",
            template="agenda_draft_reminder",
            kind=Kind.REMINDERS,
            recipients=audiences.people(audiences.secretariat(), audiences.chairs(now.date())),
            context_for=lambda recipient, meeting=meeting: {"meeting": meeting},
            link_url=meeting.get_absolute_url(),
            link_label="The draft agenda",
        )
    return len(due)


def _is_first_working_day_of_quarter(today: date) -> bool:
    return today.month in QUARTER_MONTHS and today == first_working_day(today.year, today.month)


def roadmap_reminder_send(*, today: date | None = None) -> int:
    """On the first working day of a quarter: the board and coordinators are asked for the roadmap."""
    today = today or timezone.now().date()
    if not _is_first_working_day_of_quarter(today):
        return 0
    year, quarter = quarter_of(today)
    last = RoadmapQuarter.objects.published().filter(Q(year__lt=year) | Q(year=year, quarter__lt=quarter)).first()
    announcement_create(
        event="roadmap_reminder",
        key=f"roadmap_reminder:{year}-Q{quarter}",
        subject=f"Roadmap for {year} Q{quarter}: produce, prioritise and publish",
        template="roadmap_reminder",
        kind=Kind.ROADMAP,
        recipients=audiences.people(audiences.board(), audiences.coordinators()),
        context_for=lambda recipient: {"year": year, "quarter": quarter, "last_quarter": last},
        link_url=reverse("governance:index"),
        link_label="Governance and roadmap",
    )
    return 1


def fte_confirmation_reminders_send(*, today: date | None = None) -> int:
    """On the first working day of a quarter: coordinators of companies whose FTEs are over 90 days old."""
    today = today or timezone.now().date()
    if not _is_first_working_day_of_quarter(today):
        return 0
    year, quarter = quarter_of(today)
    companies = Company.objects.members().ftes_to_confirm()
    for company in companies:
        announcement_create(
            event="fte_confirmation",
            key=f"fte_confirmation:{year}-Q{quarter}:company:{company.pk}",
            subject=f"Please confirm {company.name}'s FTE declaration",
            template="fte_confirmation",
            kind=Kind.REMINDERS,
            recipients=audiences.people(audiences.coordinators(company.pk)),
            context_for=lambda recipient, company=company: {"company": company},
            link_url=company.get_absolute_url(),
            link_label="Your company's page",
        )
    return len(companies)


def realignment_reminder_send(*, today: date | None = None) -> int:
    """Monthly: the board's re-alignment reminder."""
    today = today or timezone.now().date()
    announcement_create(
        event="realignment_reminder",
        key=f"realignment_reminder:{today:%Y-%m}",
        subject=f"Monthly re-alignment, {today:%B %Y}",
        template="realignment_reminder",
        kind=Kind.BOARD,
        recipients=audiences.people(audiences.board()),
        context_for=lambda recipient: {"month": today},
        link_url=reverse("governance:index"),
        link_label="Governance",
    )
    return 1


def action_digests_send(*, today: date | None = None) -> int:
    """Weekly: one digest per owner of open action items; returns how many owners."""
    today = today or timezone.now().date()
    iso_year, iso_week, _ = today.isocalendar()
    items = (
        ActionItem.objects.open().filter(owner__isnull=False, owner__is_active=True).select_related("owner", "meeting")
    )
    by_owner: dict[int, list[ActionItem]] = {}
    for item in items.order_by("owner_id", "due_on", "pk"):
        by_owner.setdefault(item.owner_id, []).append(item)
    digests = 0
    for owner_items in by_owner.values():
        owner = owner_items[0].owner
        # confidential board items reach only the owners who may see them (one query per owner, weekly)
        visible = set(items.filter(owner=owner).visible_to(owner).values_list("pk", flat=True))
        owner_items = [item for item in owner_items if item.pk in visible]
        if not owner_items:
            continue
        announcement_create(
            event="action_digest",
            key=f"action_digest:{iso_year}-W{iso_week:02d}:user:{owner.pk}",
            subject=f"Your open action items ({len(owner_items)})",
            template="action_digest",
            kind=Kind.ACTION_DIGEST,
            recipients=audiences.people([owner]),
            context_for=lambda recipient, owner_items=owner_items: {"items": owner_items},
            link_url=reverse("meetings:index"),
            link_label="Meetings",
        )
        digests += 1
    return digests


def governance_deadline_reminders_send(*, now: datetime | None = None) -> int:
    """Votes closing within 48 hours (to the seats that have not voted) and cure periods ending within
    a week (to the company's coordinators); returns how many motions were reminded of."""
    now = now or timezone.now()
    closing = Motion.objects.filter(
        status=Motion.Status.VOTING, voting_deadline__gt=now, voting_deadline__lte=now + VOTE_CLOSING_WARNING
    )
    for motion in closing:
        silent_seats = motion.electorate.exclude(pk__in=Ballot.objects.filter(motion=motion).values("company_id"))
        announcement_create(
            event="vote_closing_reminder",
            key=f"vote_closing_reminder:motion:{motion.pk}",
            subject=f"Voting closes within 48 hours: {motion.title}",
            template="motion_notice",
            kind=Kind.BOARD,
            recipients=audiences.people(audiences.board(list(silent_seats.values_list("pk", flat=True)))),
            context_for=lambda recipient, motion=motion: {
                "motion": motion,
                "headline": "Your seat has not voted yet; voting closes within 48 hours",
                "event": "motion_vote_called",
            },
            link_url=motion.get_absolute_url(),
            link_label="Vote in the portal",
        )
    curing = Motion.objects.filter(
        kind=Motion.Kind.REVOKE,
        cure_period_ends_at__gt=now,
        cure_period_ends_at__lte=now + CURE_PERIOD_WARNING,
    ).exclude(status__in=Motion.Status.closed())
    for motion in curing:
        # mandatory, like the notice itself: the company's membership is at stake
        announcement_create(
            event="cure_period_reminder",
            key=f"cure_period_reminder:motion:{motion.pk}",
            subject=f"The cure period for {motion.subject_company} ends within a week",
            template="cure_period_reminder",
            recipients=audiences.people(audiences.coordinators(motion.subject_company_id)),
            context_for=lambda recipient, motion=motion: {"motion": motion, "company": motion.subject_company},
            link_url=motion.get_absolute_url(),
            link_label="The motion in the portal",
        )
    return len(closing) + len(curing)
