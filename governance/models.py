"""Governance: the executive board's motions, objections and ballots, officers, charter and roadmap.

The board's seats are not stored: a company holds one while its membership is `member` or
`under review` (members.Company.Status.seated). Each motion snapshots the seats when it opens
(its electorate), so quorum and thresholds are computed against the board as it was.
"""

from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from kernel.validation import (
    DOCUMENT_MAX,
    LATEST_YEAR,
    NOTE_MAX,
    PROSE_MAX,
    max_length,
    validate_http_links,
    validate_year_in_range,
)
from meetings.models import Meeting
from members.models import Company, Team, User


class OfficerTermQuerySet(models.QuerySet):
    def current(self, on: date | None = None) -> "OfficerTermQuerySet":
        """The terms in office on a date (today by default), the first and the last day included: who may
        act as chair (`governance.permissions.is_chair`) and who hears as one (`notifications.audiences.chairs`)."""
        on = on or timezone.localdate()
        return self.filter(starts_on__lte=on, ends_on__gte=on).select_related("user", "company")

    def ending_within(self, days: int) -> "OfficerTermQuerySet":
        today = timezone.localdate()
        return self.current().filter(ends_on__lte=today + timedelta(days=days))


class OfficerTerm(models.Model):
    """A chair or co-chair of the board for one annual term."""

    class Office(models.TextChoices):
        CHAIR = "chair", "Chair"
        CO_CHAIR = "co_chair", "Co-chair"

    office = models.CharField(max_length=10, choices=Office.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="officer_terms")
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="officer_terms")
    starts_on = models.DateField(validators=[validate_year_in_range])
    ends_on = models.DateField(validators=[validate_year_in_range])
    elected_by = models.ForeignKey("Motion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    objects = OfficerTermQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "office"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")), name="officer_term_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_office_display()}: {self.user} ({self.starts_on:%Y}–{self.ends_on:%Y})"


def _public_motion() -> Q:
    """Motion.is_public as a filter: opened, or a draft whose notice is given."""
    return ~Q(status=Motion.Status.DRAFT) | Q(notice_given_at__isnull=False)


class MotionQuerySet(models.QuerySet):
    def drafts(self) -> "MotionQuerySet":
        return self.filter(status=Motion.Status.DRAFT)

    def public(self) -> "MotionQuerySet":
        """What everyone sees: every motion once opened, and a draft once notice of it is given."""
        return self.filter(_public_motion())

    def visible_to(self, user: "User | AnonymousUser") -> "MotionQuerySet":
        """The motions this person may see (`governance.permissions.can_view` for one motion): the public
        ones, every draft for the chair, the Secretariat and the seat holders, and their own drafts."""
        # permissions imports these models: the audience of every draft is asked there, at call time
        from governance.permissions import sees_every_draft

        if sees_every_draft(user):
            return self.all()
        if not user.is_authenticated:
            return self.public()
        return self.filter(_public_motion() | Q(proposer=user))

    def open(self) -> "MotionQuerySet":
        return self.filter(status__in=[Motion.Status.CONSENSUS, Motion.Status.OBJECTED, Motion.Status.VOTING])

    def closed(self) -> "MotionQuerySet":
        return self.filter(status__in=Motion.Status.closed())

    def for_lists(self) -> "MotionQuerySet":
        return self.select_related("proposer", "subject_company")


class Motion(models.Model):
    """A proposal before the board: consensus first; after an objection the chair may call a vote."""

    class Kind(models.TextChoices):
        RESOLUTION = "resolution", "Resolution"
        ADMIT = "admit", "Admit a company"
        REVOKE = "revoke", "Revoke a company's membership"
        CHARTER_AMENDMENT = "charter_amendment", "Charter amendment"
        ROADMAP_APPROVAL = "roadmap_approval", "Roadmap approval"
        ELECTION = "election", "Officer election"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        CONSENSUS = "consensus", "Open for consensus"
        ADOPTED = "adopted", "Adopted by consensus"
        OBJECTED = "objected", "Objection raised"
        VOTING = "voting", "Voting open"
        PASSED = "passed", "Passed"
        FAILED = "failed", "Failed"
        WITHDRAWN = "withdrawn", "Withdrawn"

        @classmethod
        def closed(cls) -> list[str]:
            return [cls.ADOPTED, cls.PASSED, cls.FAILED, cls.WITHDRAWN]

    title = models.CharField(max_length=300)
    text = models.TextField(max_length=DOCUMENT_MAX, validators=[max_length(DOCUMENT_MAX)], help_text="Markdown.")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.RESOLUTION)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    proposer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="motions_proposed")
    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="motions")
    subject_company = models.ForeignKey(
        Company,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="motions",
        help_text="The company to admit or whose membership to revoke.",
    )
    charter_text = models.TextField(
        blank=True,
        max_length=DOCUMENT_MAX,
        validators=[max_length(DOCUMENT_MAX)],
        help_text="Charter amendments: the whole new charter text (Markdown).",
    )
    charter_change_summary = models.CharField(max_length=300, blank=True)
    roadmap_quarter = models.ForeignKey(
        "RoadmapQuarter", null=True, blank=True, on_delete=models.PROTECT, related_name="motions"
    )
    secret_ballot = models.BooleanField(
        default=False, help_text="Elections only: publish the tally, not who voted how."
    )
    electorate = models.ManyToManyField(
        Company, blank=True, related_name="+", help_text="The seats when the motion opened: who may object and vote."
    )
    consensus_deadline = models.DateTimeField(null=True, blank=True, validators=[validate_year_in_range])
    notice_given_at = models.DateTimeField(null=True, blank=True, help_text="Revocations: notice to the company.")
    cure_period_ends_at = models.DateTimeField(null=True, blank=True)
    voting_deadline = models.DateTimeField(null=True, blank=True, validators=[validate_year_in_range])
    closed_at = models.DateTimeField(null=True, blank=True)
    close_reason = models.TextField(blank=True, help_text="Why voting closed before its deadline, when it did.")
    result_text = models.TextField(blank=True, help_text="The result, stating the rule applied.")
    tally = models.JSONField(default=dict, blank=True)
    log_head = models.CharField(max_length=64, blank=True, help_text="Hash of the last entry of the record.")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = MotionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind__in=["admit", "revoke"]) | Q(subject_company__isnull=False),
                name="motion_membership_kind_has_company",
            ),
            models.CheckConstraint(
                condition=Q(secret_ballot=False) | Q(kind="election"), name="motion_secret_ballot_only_for_elections"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("governance:motion", args=[self.pk])

    @property
    def reference(self) -> str:
        """How a membership step names the motion that took it ("Motion #12"), and how the record finds them."""
        return f"Motion #{self.pk}"

    @property
    def is_public(self) -> bool:
        """Everyone sees it: it was opened, or notice of a revocation draft was given (the company is then
        under review in public). `MotionQuerySet.public` is the same rule as a filter."""
        return self.status != Motion.Status.DRAFT or self.notice_given_at is not None

    @property
    def is_in_consensus(self) -> bool:
        """Open for consensus: seats agree, stand aside or object (an objection keeps it there)."""
        return self.status in (Motion.Status.CONSENSUS, Motion.Status.OBJECTED)

    @property
    def takes_stances(self) -> bool:
        """Seats may agree, stand aside or object now: open for consensus and before its deadline."""
        return self.is_in_consensus and (self.consensus_deadline is None or timezone.now() < self.consensus_deadline)

    @property
    def cure_period_over(self) -> bool:
        """A revocation draft whose notice was given and whose cure period has ended: it may be opened."""
        return (
            self.kind == Motion.Kind.REVOKE
            and self.status == Motion.Status.DRAFT
            and self.notice_given_at is not None
            and (self.cure_period_ends_at is None or self.cure_period_ends_at <= timezone.now())
        )

    @property
    def awaits_notice(self) -> bool:
        """A revocation draft is opened only after notice to the company (and its cure period)."""
        return self.kind == Motion.Kind.REVOKE and self.status == Motion.Status.DRAFT and self.notice_given_at is None

    @property
    def may_call_vote(self) -> bool:
        """A vote follows an objection to consensus; an election may go to a vote directly."""
        return self.status == Motion.Status.OBJECTED or (
            self.status == Motion.Status.CONSENSUS and self.kind == Motion.Kind.ELECTION
        )

    @property
    def may_close(self) -> bool:
        """Consensus (at its deadline) and voting are closed; an objected motion goes to a vote or is withdrawn."""
        return self.status in (Motion.Status.CONSENSUS, Motion.Status.VOTING)

    @property
    def is_open_for_voting(self) -> bool:
        return self.status == Motion.Status.VOTING and (
            self.voting_deadline is None or timezone.now() < self.voting_deadline
        )

    @property
    def is_closed(self) -> bool:
        return self.status in Motion.Status.closed()


class MotionTransition(models.Model):
    """A dated status change of a motion, with who made it."""

    motion = models.ForeignKey(Motion, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=12, choices=Motion.Status.choices)
    to_status = models.CharField(max_length=12, choices=Motion.Status.choices)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.motion}: {self.from_status} → {self.to_status}"


class Candidate(models.Model):
    """A person standing in an officer election."""

    motion = models.ForeignKey(Motion, on_delete=models.CASCADE, related_name="candidates")
    office = models.CharField(max_length=10, choices=OfficerTerm.Office.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["motion", "office", "id"]
        constraints = [models.UniqueConstraint(fields=["motion", "office", "user"], name="candidate_once_per_office")]

    def __str__(self) -> str:
        return f"{self.user} for {self.get_office_display()}"


class Objection(models.Model):
    """A seat's objection to consensus on a motion: one per company per motion."""

    motion = models.ForeignKey(Motion, on_delete=models.CASCADE, related_name="objections")
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="+")
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(max_length=NOTE_MAX, validators=[max_length(NOTE_MAX)])
    at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True, help_text="When the seat withdrew its objection.")

    class Meta:
        ordering = ["at"]
        constraints = [models.UniqueConstraint(fields=["motion", "company"], name="objection_one_per_seat")]

    def __str__(self) -> str:
        return f"{self.company} objects to {self.motion}"

    @property
    def is_standing(self) -> bool:
        return self.withdrawn_at is None


class ConsensusStance(models.Model):
    """A seat's answer to a motion open for consensus other than an objection: it agrees or stands aside."""

    class Stance(models.TextChoices):
        AGREE = "agree", "Agrees"
        STAND_ASIDE = "stand_aside", "Stands aside"

    motion = models.ForeignKey(Motion, on_delete=models.CASCADE, related_name="stances")
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="+")
    stance = models.CharField(max_length=12, choices=Stance.choices)
    comment = models.TextField(
        blank=True, max_length=NOTE_MAX, validators=[max_length(NOTE_MAX)], help_text="What the seat adds, if anything."
    )
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["motion", "company__name"]
        constraints = [models.UniqueConstraint(fields=["motion", "company"], name="stance_one_per_seat")]

    def __str__(self) -> str:
        return f"{self.company} {self.get_stance_display().lower()} on {self.motion}"


class Ballot(models.Model):
    """A seat's vote on a motion: exactly one counted ballot per company; changes kept in history."""

    class Choice(models.TextChoices):
        YES = "yes", "Yes"
        NO = "no", "No"
        ABSTAIN = "abstain", "Abstain"

    motion = models.ForeignKey(Motion, on_delete=models.CASCADE, related_name="ballots")
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="+")
    cast_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    choice = models.CharField(max_length=10, choices=Choice.choices, blank=True)
    candidate = models.ForeignKey(Candidate, null=True, blank=True, on_delete=models.PROTECT, related_name="ballots")
    receipt_hash = models.CharField(
        max_length=64, unique=True, help_text="SHA-256 of the receipt shown once to the voter; the receipt is not kept."
    )
    cast_at = models.DateTimeField(default=timezone.now)
    changed_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["motion", "company__name"]
        constraints = [
            models.UniqueConstraint(fields=["motion", "company"], name="ballot_one_per_seat"),
            models.CheckConstraint(
                condition=(~Q(choice="") & Q(candidate__isnull=True)) | (Q(choice="") & Q(candidate__isnull=False)),
                name="ballot_choice_or_candidate",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.company} on {self.motion}"


class MotionLogEntry(models.Model):
    """An append-only, hash-chained entry of a motion's record: each carries the previous entry's hash."""

    motion = models.ForeignKey(Motion, on_delete=models.PROTECT, related_name="log")
    seq = models.PositiveIntegerField()
    at = models.DateTimeField(default=timezone.now)
    event = models.CharField(max_length=30)
    payload = models.JSONField()
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["motion", "seq"]
        verbose_name_plural = "motion log entries"
        constraints = [models.UniqueConstraint(fields=["motion", "seq"], name="motion_log_seq_unique")]

    def __str__(self) -> str:
        return f"{self.motion_id}#{self.seq} {self.event}"


class RegisterEntry(models.Model):
    """An entry of the register (governance/register.py): decided motions' heads, charter versions typed in
    from history, officer terms; hash-chained like a motion's record."""

    seq = models.PositiveIntegerField(unique=True)
    at = models.DateTimeField(default=timezone.now)
    kind = models.CharField(max_length=30)
    payload = models.JSONField()
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["seq"]
        verbose_name_plural = "register entries"

    def __str__(self) -> str:
        return f"register #{self.seq} {self.kind}"


class CharterVersion(models.Model):
    """A version of the charter, as in its change history (date, change, author)."""

    number = models.PositiveIntegerField(unique=True)
    effective_on = models.DateField(validators=[validate_year_in_range])
    text = models.TextField(
        max_length=DOCUMENT_MAX, validators=[max_length(DOCUMENT_MAX)], blank=True, help_text="Markdown."
    )
    text_preserved = models.BooleanField(
        default=True, help_text="Off for a version the change history lists but whose text no source preserves."
    )
    change_summary = models.CharField(max_length=300)
    author_name = models.CharField(max_length=150, help_text="As the change history names the author.")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    adopted_by = models.ForeignKey(Motion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"Charter v{self.number} ({self.effective_on})"


class RoadmapVector(models.Model):
    """One of the charter's vectors of upstream development."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    position = models.PositiveSmallIntegerField(default=0)
    description = models.TextField(blank=True, max_length=PROSE_MAX, validators=[max_length(PROSE_MAX)])

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class RoadmapItem(models.Model):
    """A piece of upstream work the coalition wants, owned by a team, linked to user stories."""

    title = models.CharField(max_length=300)
    vector = models.ForeignKey(RoadmapVector, on_delete=models.PROTECT, related_name="items")
    description = models.TextField(
        blank=True, max_length=PROSE_MAX, validators=[max_length(PROSE_MAX)], help_text="Markdown."
    )
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="roadmap_items")
    upstream_links = models.TextField(
        blank=True,
        max_length=NOTE_MAX,
        validators=[max_length(NOTE_MAX), validate_http_links],
        help_text="One http(s) address per line: user stories, specs, reviews.",
    )
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["vector", "title"]

    def __str__(self) -> str:
        return self.title


class RoadmapQuarterQuerySet(models.QuerySet):
    def published(self) -> "RoadmapQuarterQuerySet":
        """`RoadmapQuarter.is_published` as a filter."""
        return self.filter(published_at__isnull=False)

    def drafts(self) -> "RoadmapQuarterQuerySet":
        return self.filter(published_at__isnull=True)


class RoadmapQuarter(models.Model):
    """The roadmap of one quarter: ranked items, published once the board approves it."""

    year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField()
    summary = models.TextField(
        blank=True, max_length=PROSE_MAX, validators=[max_length(PROSE_MAX)], help_text="Markdown."
    )
    published_at = models.DateTimeField(null=True, blank=True)
    items = models.ManyToManyField(RoadmapItem, through="RoadmapEntry", related_name="quarters")

    objects = RoadmapQuarterQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(fields=["year", "quarter"], name="roadmap_quarter_unique"),
            models.CheckConstraint(condition=Q(quarter__gte=1, quarter__lte=4), name="roadmap_quarter_1_to_4"),
        ]

    def __str__(self) -> str:
        return f"{self.year} Q{self.quarter}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class RoadmapEntry(models.Model):
    """An item's rank in a quarter's roadmap."""

    quarter = models.ForeignKey(RoadmapQuarter, on_delete=models.CASCADE, related_name="entries")
    item = models.ForeignKey(RoadmapItem, on_delete=models.PROTECT, related_name="entries")
    rank = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["quarter", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["quarter", "item"], name="roadmap_entry_item_once"),
            models.UniqueConstraint(fields=["quarter", "rank"], name="roadmap_entry_rank_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.quarter} #{self.rank}: {self.item}"


def add_working_days(day: date, days: int) -> date:
    """The day `days` working days (Monday to Friday) after `day`, as a project plan counts durations."""
    while days > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


class PlanTask(models.Model):
    """A row of the coalition's plan, as the Gantt chart of the 22 September 2016 minutes has it: a phase
    (grouping tasks or milestones), a task with a start and a duration in working days, or a milestone."""

    class Kind(models.TextChoices):
        PHASE = "phase", "Phase"
        TASK = "task", "Task"
        MILESTONE = "milestone", "Milestone"

    position = models.PositiveSmallIntegerField(help_text="The row's number in the plan (its ID).")
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.TASK)
    phase = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="tasks",
        limit_choices_to={"kind": "phase"},
    )
    starts_on = models.DateField()
    duration_days = models.PositiveSmallIntegerField(
        default=0, help_text="Working days, as the plan counts them (2 weeks = 10); 0 for a milestone."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["position"], name="plan_task_position_unique"),
            models.CheckConstraint(
                condition=~Q(kind="milestone") | Q(duration_days=0), name="plan_milestone_has_no_duration"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.kind == self.Kind.MILESTONE and self.duration_days:
            raise ValidationError({"duration_days": "A milestone is a day: its duration is 0."})
        if self.phase_id and (self.kind == self.Kind.PHASE or self.phase.kind != self.Kind.PHASE):
            raise ValidationError({"phase": "Tasks and milestones belong to a phase; a phase belongs to none."})
        if self.starts_on is None:
            return
        # the chart spans the plan's first to last day: a year 9999 would overflow it
        try:
            validate_year_in_range(self.starts_on)
        except ValidationError as error:
            raise ValidationError({"starts_on": error.messages}) from None
        # a year has at most 262 working days: a longer count is past the last year without counting it out
        too_long = (self.duration_days or 0) > (LATEST_YEAR + 1 - self.starts_on.year) * 262
        if too_long or self.finishes_on.year > LATEST_YEAR:
            raise ValidationError({"duration_days": f"The row would finish after {LATEST_YEAR}: shorten it."})

    @property
    def finishes_on(self) -> date:
        """The last working day of the task (the start itself for a milestone or a one-day task)."""
        return (
            add_working_days(self.starts_on, max(self.duration_days - 1, 0)) if self.duration_days else self.starts_on
        )
