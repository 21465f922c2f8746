"""Meetings of the coalition: series with rotating times, agendas published ahead, minutes.

Times are stored in UTC; a series keeps its rotation as local times in named zones so that each
occurrence keeps its local time across daylight-saving changes.
"""

import uuid
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import DateTimeField, DurationField, ExpressionWrapper, F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords
from timezone_field import TimeZoneField

from kernel.templatetags.portal_time import format_when
from kernel.validation import DOCUMENT_MAX, NOTE_MAX, PROSE_MAX, max_length, validate_year_in_range
from meetings.kinds import kind_rules, participation_kinds
from members.models import Company, Team, User
from members.permissions import can_see_confidential, is_secretariat


class Kind(models.TextChoices):
    """The meeting kinds of the wiki page; what each implies is in settings.MEETING_KINDS (`meetings.kinds`)."""

    TOPICAL_FORUM = "topical_forum", "Topical forum"
    GENERAL = "general", "General meeting"
    EXECUTIVE_BOARD = "executive_board", "Executive board meeting"
    TEAM = "team", "Team meeting"


class Series(models.Model):
    """A recurring meeting: a kind, a cadence and a rotation of local start times."""

    class Cadence(models.TextChoices):
        WEEKLY = "weekly", "Every N weeks"
        MONTHLY = "monthly", "Monthly on the n-th weekday"

    class Weekday(models.IntegerChoices):
        MONDAY = 0, "Monday"
        TUESDAY = 1, "Tuesday"
        WEDNESDAY = 2, "Wednesday"
        THURSDAY = 3, "Thursday"
        FRIDAY = 4, "Friday"
        SATURDAY = 5, "Saturday"
        SUNDAY = 6, "Sunday"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="series")
    cadence = models.CharField(max_length=10, choices=Cadence.choices, default=Cadence.WEEKLY)
    interval_weeks = models.PositiveSmallIntegerField(default=2, help_text="For 'every N weeks'.")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices, default=Weekday.THURSDAY)
    week_of_month = models.SmallIntegerField(
        default=1, help_text="For 'monthly': 1 to 4 for the first to fourth weekday of the month, -1 for the last."
    )
    starts_on = models.DateField(
        validators=[validate_year_in_range], help_text="The first occurrence is on or after this date."
    )
    ends_on = models.DateField(null=True, blank=True, validators=[validate_year_in_range])
    duration_minutes = models.PositiveSmallIntegerField()
    place = models.CharField(max_length=200, blank=True, help_text="Video conference, IRC channel or room.")
    place_url = models.URLField(blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "series"
        constraints = [
            models.CheckConstraint(condition=Q(interval_weeks__gte=1), name="series_interval_positive"),
            models.CheckConstraint(condition=Q(week_of_month__in=[1, 2, 3, 4, -1]), name="series_week_of_month_valid"),
            models.CheckConstraint(condition=Q(duration_minutes__gt=0), name="series_duration_positive"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def cadence_label(self) -> str:
        """In words: “Monthly on the last Thursday”, “Every 2 weeks on Thursday”."""
        day = self.get_weekday_display()
        if self.cadence == self.Cadence.MONTHLY:
            nth = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}.get(self.week_of_month, "")
            return f"Monthly on the {nth} {day}"
        if self.interval_weeks == 1:
            return f"Every week on {day}"
        return f"Every {self.interval_weeks} weeks on {day}"


class RotationSlot(models.Model):
    """One start time of a series' rotation: a local time in a named zone (07:00 America/Los_Angeles)."""

    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="rotation")
    position = models.PositiveSmallIntegerField()
    local_time = models.TimeField()
    time_zone = TimeZoneField(max_length=64)

    class Meta:
        ordering = ["series", "position"]
        constraints = [models.UniqueConstraint(fields=["series", "position"], name="rotation_slot_position_unique")]

    def __str__(self) -> str:
        return f"{self.local_time:%H:%M} {self.time_zone}"


def published_minutes_q(path: str = "") -> Q:
    """Published minutes as a filter, from the minutes (`path` "") or through a relation ("minutes__",
    "meeting__minutes__"): the one spelling of `Minutes.is_published` for querysets."""
    return Q(**{f"{path}published_at__isnull": False})


class MinutesAsDuration(models.Func):
    """An integer column of minutes as a duration, on PostgreSQL (an interval) and SQLite (microseconds),
    which Django's `F() * timedelta` does not reach."""

    output_field = DurationField()

    template = "make_interval(mins => %(expressions)s)"

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, template="(%(expressions)s * 60000000)", **extra_context)


class MeetingQuerySet(models.QuerySet):
    def with_ends_at(self) -> "MeetingQuerySet":
        """`Meeting.ends_at` as an annotation (`ends`), the one spelling of a meeting's end for querysets."""
        return self.annotate(
            ends=ExpressionWrapper(
                F("starts_at") + MinutesAsDuration("duration_minutes"),
                output_field=DateTimeField(),
            )
        )

    def upcoming(self, now: datetime | None = None) -> "MeetingQuerySet":
        """Meetings not yet ended (a meeting under way is still upcoming), soonest first."""
        return self.with_ends_at().filter(ends__gt=now or timezone.now()).order_by("starts_at")

    def past(self, now: datetime | None = None) -> "MeetingQuerySet":
        """Meetings that have ended, latest first: exactly those `upcoming` leaves out."""
        return self.with_ends_at().filter(ends__lte=now or timezone.now()).order_by("-starts_at")

    def agenda_published(self) -> "MeetingQuerySet":
        """`Meeting.is_agenda_published` as a filter."""
        return self.filter(agenda_published_at__isnull=False)

    def agenda_drafts(self) -> "MeetingQuerySet":
        return self.filter(agenda_published_at__isnull=True)

    def with_published_minutes(self) -> "MeetingQuerySet":
        """`Meeting.is_record_final` as a filter."""
        return self.filter(published_minutes_q("minutes__"))

    def held(self) -> "MeetingQuerySet":
        """Meetings that took place: marked held, or with published minutes."""
        return self.filter(Q(status=Meeting.Status.HELD) | published_minutes_q("minutes__"))

    def of_kind(self, kind: str | None) -> "MeetingQuerySet":
        return self.filter(kind=kind) if kind else self

    def announced_before_start(self) -> "MeetingQuerySet":
        """Meetings whose agenda was published before they began: announced, not a late record
        (`Meeting.agenda_is_late_record`, `Meeting.is_agenda_published`)."""
        return self.filter(agenda_published_at__lt=F("starts_at"))

    def counting_for_participation(self) -> "MeetingQuerySet":
        """The meetings a company's participation is measured on: held meetings of the kinds whose attendance
        counts (`meetings.kinds`), announced before they began. A meeting nobody was told of (a late record,
        an imported log, a meeting recorded afterwards) counts against no one."""
        return self.filter(kind__in=participation_kinds()).held().announced_before_start()

    def listed(self) -> "MeetingQuerySet":
        """What a list row shows: the meeting and whether its minutes are published."""
        return self.select_related("minutes")

    def visible_to(self, user: User | AnonymousUser) -> "MeetingQuerySet":
        """Drafts are the Secretariat's; everyone else sees meetings whose agenda is published."""
        return self if is_secretariat(user) else self.agenda_published()


class Meeting(models.Model):
    """One meeting: its time in UTC, its place, its agenda and, once held, its minutes."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        CANCELLED = "cancelled", "Cancelled"
        HELD = "held", "Held"

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False, help_text="Stable iCalendar UID.")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    series = models.ForeignKey(Series, null=True, blank=True, on_delete=models.SET_NULL, related_name="meetings")
    occurrence = models.PositiveIntegerField(null=True, blank=True, help_text="Index of this meeting in its series.")
    title = models.CharField(max_length=200)
    starts_at = models.DateTimeField(db_index=True, validators=[validate_year_in_range])
    duration_minutes = models.PositiveSmallIntegerField()
    place = models.CharField(max_length=200, blank=True)
    place_url = models.URLField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    agenda_published_at = models.DateTimeField(null=True, blank=True)
    agenda_published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sequence = models.PositiveIntegerField(default=0, help_text="iCalendar SEQUENCE: bumped on every change.")
    cancel_reason = models.TextField(
        blank=True, help_text="Why the meeting was cancelled; on its page and in the mail."
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "occurrence"], condition=Q(series__isnull=False), name="meeting_occurrence_unique"
            ),
            models.CheckConstraint(condition=Q(duration_minutes__gt=0), name="meeting_duration_positive"),
        ]
        indexes = [models.Index(fields=["kind", "starts_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meetings:detail", args=[self.pk])

    @property
    def description_line(self) -> str:
        """What the meeting is, for search engines and shared links: kind, time in UTC, place, status
        (never its agenda, which may hold confidential items)."""
        when = format_when(self.starts_at, zone=UTC)
        place = f", {self.place}" if self.place else ""
        return f"{self.get_kind_display()}, {when}{place}: {self.state[0].lower()}. Agenda and minutes."

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def state(self) -> tuple[str, str]:
        """The meeting's status in the portal's one vocabulary, as (label, tone) for a badge: the list
        row and the meeting's page both show this. Reads `minutes` (select it in lists)."""
        now = timezone.now()
        if self.status == Meeting.Status.CANCELLED:
            return "Cancelled", "bad"
        if not self.is_agenda_published:
            return "Draft agenda", "warn"
        if self.is_record_final:
            return "Held, minutes published", "ok"
        if self.starts_at > now:
            return "Scheduled", ""
        if self.ends_at > now:
            return "In progress", ""
        return "Held, minutes pending", "warn"

    @property
    def may_publish_agenda(self) -> bool:
        """A draft agenda of a meeting that is not cancelled (after the start it is published as a late record)."""
        return not self.is_agenda_published and self.status != Meeting.Status.CANCELLED

    @property
    def may_be_cancelled(self) -> bool:
        return self.status == Meeting.Status.SCHEDULED

    @property
    def may_have_minutes(self) -> bool:
        """Minutes are recorded for a meeting that has started and was not cancelled."""
        return self.status != Meeting.Status.CANCELLED and self.starts_at <= timezone.now()

    @property
    def is_board(self) -> bool:
        """The executive board's meeting (`meetings.kinds`): confidential items, seats and quorum."""
        return kind_rules(self.kind).board

    @property
    def is_agenda_published(self) -> bool:
        return self.agenda_published_at is not None

    @property
    def agenda_deadline(self) -> datetime:
        """The latest time the agenda should be published, by the kind's notice period."""
        return self.starts_at - timedelta(days=kind_rules(self.kind).agenda_days_ahead)

    @property
    def agenda_days_required(self) -> int:
        return kind_rules(self.kind).agenda_days_ahead

    @property
    def agenda_days_ahead(self) -> int | None:
        """Whole days between the agenda's publication and the meeting (None while a draft)."""
        if self.agenda_published_at is None:
            return None
        return max((self.starts_at - self.agenda_published_at).days, 0)

    @property
    def agenda_published_late(self) -> bool:
        return self.agenda_published_at is not None and self.agenda_published_at > self.agenda_deadline

    @property
    def agenda_is_late_record(self) -> bool:
        """An agenda published once the meeting had started: a record, never an announcement."""
        return self.agenda_published_at is not None and self.agenda_published_at >= self.starts_at

    @property
    def published_minutes(self) -> "Minutes | None":
        """The minutes when published; needs `minutes` selected to avoid a query."""
        try:
            minutes = self.minutes
        except Minutes.DoesNotExist:
            return None
        return minutes if minutes.is_published else None

    @property
    def is_record_final(self) -> bool:
        """Published minutes make the meeting's record final: its attendance, decisions and action items.
        Reads `minutes` (select it, or load the meeting afresh where the answer must be current)."""
        return self.published_minutes is not None

    @property
    def is_published_record(self) -> bool:
        """Its agenda or its minutes are published: the meeting is part of the record, deleted only by a
        superuser (`meetings.permissions.can_delete_meeting`)."""
        return self.is_agenda_published or self.is_record_final


class ConfidentialQuerySet(models.QuerySet):
    """Rows that may belong to a confidential board item: `visible_to` leaves them out for those who may
    not see them (members.permissions.can_see_confidential, the one rule)."""

    confidential_field = "agenda_item__confidential"

    def visible_to(self, user: User | AnonymousUser) -> "ConfidentialQuerySet":
        return self if can_see_confidential(user) else self.exclude(**{self.confidential_field: True})

    def of_published_agenda(self) -> "ConfidentialQuerySet":
        return self.filter(meeting__agenda_published_at__isnull=False)

    def of_published_minutes(self) -> "ConfidentialQuerySet":
        return self.filter(published_minutes_q("meeting__minutes__"))


class AgendaItemQuerySet(ConfidentialQuerySet):
    confidential_field = "confidential"


class AgendaItem(models.Model):
    """An item of a meeting's agenda; its discussion is recorded in the minutes."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)
    presenter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    presenter_company = models.ForeignKey(Company, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    presenter_name = models.CharField(max_length=150, blank=True, help_text="For a presenter without an account.")
    minutes_allotted = models.PositiveSmallIntegerField(null=True, blank=True)
    description = models.TextField(
        blank=True, max_length=PROSE_MAX, validators=[max_length(PROSE_MAX)], help_text="Markdown."
    )
    confidential = models.BooleanField(
        default=False,
        help_text="Board meetings only: shown as “Confidential item” to all but the board and Secretariat.",
    )
    discussion = models.TextField(
        blank=True,
        max_length=DOCUMENT_MAX,
        validators=[max_length(DOCUMENT_MAX)],
        help_text="Minutes of the discussion (Markdown).",
    )

    history = HistoricalRecords()
    objects = AgendaItemQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "position", "id"]

    def __str__(self) -> str:
        return self.title


class MinutesQuerySet(models.QuerySet):
    def published(self) -> "MinutesQuerySet":
        """`Minutes.is_published` as a filter."""
        return self.filter(published_minutes_q())

    def drafts(self) -> "MinutesQuerySet":
        return self.exclude(published_minutes_q())


class Minutes(models.Model):
    """The record of a held meeting: a summary, the next session, draft until published."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    summary = models.TextField(
        blank=True, max_length=PROSE_MAX, validators=[max_length(PROSE_MAX)], help_text="Markdown."
    )
    next_session = models.TextField(
        blank=True,
        max_length=NOTE_MAX,
        validators=[max_length(NOTE_MAX)],
        help_text="When and where the next session is (Markdown).",
    )
    next_meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    source_log = models.TextField(
        blank=True,
        max_length=DOCUMENT_MAX,
        validators=[max_length(DOCUMENT_MAX)],
        help_text="The meeting-bot log the minutes were imported from.",
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = MinutesQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "minutes"

    def __str__(self) -> str:
        return f"Minutes of {self.meeting}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class Attendance(models.Model):
    """Someone present at a meeting: a user, or a guest's name with their company."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="attendances"
    )
    name = models.CharField(max_length=150, blank=True)
    company = models.ForeignKey(Company, null=True, blank=True, on_delete=models.SET_NULL, related_name="attendances")

    class Meta:
        ordering = ["meeting", "company__name", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(user__isnull=False) | ~Q(name=""), name="attendance_has_person"),
            models.UniqueConstraint(
                fields=["meeting", "user"], condition=Q(user__isnull=False), name="attendance_user_once"
            ),
            models.UniqueConstraint("meeting", Lower("name"), condition=~Q(name=""), name="attendance_guest_name_once"),
        ]

    def __str__(self) -> str:
        return self.name or str(self.user)


class Decision(models.Model):
    """A decision recorded in the minutes, under an agenda item where there is one."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions"
    )
    position = models.PositiveSmallIntegerField(default=0)
    text = models.TextField(max_length=NOTE_MAX, validators=[max_length(NOTE_MAX)])

    objects = ConfidentialQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "position", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class ActionItemQuerySet(ConfidentialQuerySet):
    def open(self) -> "ActionItemQuerySet":
        return self.filter(status=ActionItem.Status.OPEN)


class ActionItem(models.Model):
    """Something someone agreed to do, with an owner (a user or a name), a company and a due date."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"
        DROPPED = "dropped", "Dropped"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="action_items")
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="action_items"
    )
    position = models.PositiveSmallIntegerField(default=0)
    text = models.TextField(max_length=NOTE_MAX, validators=[max_length(NOTE_MAX)])
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="action_items"
    )
    owner_name = models.CharField(max_length=150, blank=True, help_text="When the owner has no account, or for 'All'.")
    company = models.ForeignKey(Company, null=True, blank=True, on_delete=models.SET_NULL, related_name="action_items")
    due_on = models.DateField(null=True, blank=True, validators=[validate_year_in_range])
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    close_note = models.TextField(blank=True, help_text="What was done, or why it was dropped.")

    history = HistoricalRecords()
    objects = ActionItemQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open", closed_at__isnull=True) | (~Q(status="open") & Q(closed_at__isnull=False)),
                name="action_item_closed_at_matches_status",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def owner_label(self) -> str:
        return str(self.owner) if self.owner_id else self.owner_name

    @property
    def is_open(self) -> bool:
        """Still to do: only an open item is closed (done or dropped), and only an open one is overdue."""
        return self.status == ActionItem.Status.OPEN


class Erratum(models.Model):
    """A correction to a published agenda or minutes: shown beside the record, which is never overwritten."""

    class Part(models.TextChoices):
        AGENDA = "agenda", "Agenda"
        MINUTES = "minutes", "Minutes"

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="errata")
    part = models.CharField(max_length=10, choices=Part.choices)
    correction = models.TextField(max_length=5000, help_text="What changed: the corrected text and what it replaces.")
    reason = models.TextField(max_length=2000, help_text="Why the record is corrected.")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["meeting", "at", "id"]
        verbose_name_plural = "errata"

    def __str__(self) -> str:
        return f"Erratum to the {self.get_part_display().lower()} of {self.meeting}"
