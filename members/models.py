"""People, member companies, their dated affiliations and roles, and the membership lifecycle.

`members` knows neither `meetings` nor `governance`: what it learns from them (participation) comes
through a function named in the settings.
"""

import functools
import zoneinfo
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser, AnonymousUser, Group, UserManager
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords
from timezone_field import TimeZoneField

from kernel.validation import (
    NOTE_MAX,
    PROSE_MAX,
    max_length,
    validate_http_links,
    validate_http_url,
    validate_year_in_range,
)

MAX_FTES = 100_000
HALF_STEPS_MESSAGE = "Use whole or half FTEs, e.g. 4 or 4.5."


def fte_declaration_valid_for() -> timedelta:
    """How long a company's FTE declaration holds (PORTAL_FTES_CONFIRM_DAYS, a quarter by default: the charter
    has the group meet quarterly on its roadmap); older, its coordinators are asked to confirm it (their work
    queue, notifications.reminders)."""
    return timedelta(days=settings.PORTAL_FTES_CONFIRM_DAYS)


@dataclass(frozen=True)
class FteDeclaration:
    """The one state of a company's FTE figures, which every page and mail that mentions them reads.

    `state` is "none" (no figures), "unconfirmed" (figures on record that nobody declared through the
    portal, as the admin or an import leaves them), "current" or "stale" (declared more than
    `fte_declaration_valid_for()` ago)."""

    state: str
    declared_at: datetime | None
    declared_by: "User | None"
    stale_at: datetime | None

    @property
    def needs_confirmation(self) -> bool:
        return self.state != "current"


def validate_half_steps(value: Decimal | None) -> None:
    """FTE figures are declared in halves: 0, 0.5, 1, 1.5…"""
    # a value beyond the bounds (1e400) is refused by the range validators; the remainder would overflow
    if value is not None and value.is_finite() and abs(value) <= MAX_FTES and (value * 2) % 1 != 0:
        raise ValidationError(HALF_STEPS_MESSAGE)


def format_ftes(value: Decimal | int | None) -> str:
    """12 rather than 12.0, 2.5 as it is; an em dash when not declared."""
    if value is None:
        return "—"
    value = Decimal(value)
    return str(value.quantize(Decimal(1))) if value == value.to_integral_value() else str(value.normalize())


# Offered first by the zone pickers: the members' headquarters and the world's usual meeting zones.
COMMON_TIME_ZONES = [
    "UTC",
    "America/Los_Angeles",
    "America/Chicago",
    "America/New_York",
    "America/Sao_Paulo",
    "Europe/London",
    "Europe/Paris",
    "Europe/Berlin",
    "Africa/Johannesburg",
    "Asia/Dubai",
    "Asia/Kolkata",
    "Asia/Shanghai",
    "Asia/Singapore",
    "Asia/Seoul",
    "Asia/Tokyo",
    "Australia/Sydney",
]


@functools.cache
def zone_picker_options() -> tuple[str, ...]:
    """Every zone name for a searchable picker (a datalist), the common ones first; computed once."""
    rest = sorted(zoneinfo.available_timezones() - set(COMMON_TIME_ZONES))
    return tuple(COMMON_TIME_ZONES + [z for z in rest if "/" in z and not z.startswith(("Etc/", "SystemV/"))])


class PersonManager(UserManager):
    """Users sign in with their e-mail address; there is no username."""

    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields: Any) -> "User":  # type: ignore[override]
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields: Any) -> "User":  # type: ignore[override]
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(  # type: ignore[override]
        self, email: str, password: str | None = None, **extra_fields: Any
    ) -> "User":
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, email: str) -> "User":
        return self.get(email__iexact=email)

    def holding(self, roles: "RoleAssignmentQuerySet") -> models.QuerySet:
        """The active people holding any of these role assignments, each once."""
        return self.filter(pk__in=roles.values("user_id"), is_active=True).distinct()

    def seat_holders(self) -> models.QuerySet:
        """People who hold a board seat now: representative or alternate of a seated company."""
        return self.holding(RoleAssignment.objects.board_seats())

    def secretariat(self) -> models.QuerySet:
        """The Secretariat: the members of its group, and every superuser (`members.permissions.is_secretariat`
        asks this of one person)."""
        group = Group.objects.filter(name=RoleGroup.SECRETARIAT).values("user")
        return self.filter(Q(is_superuser=True) | Q(pk__in=group))


UNNAMED_PERSON = "Unnamed member"


class User(AbstractUser):
    """A person: signs in with an e-mail address and sees every time in their own time zone."""

    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField("e-mail address", unique=True)
    display_name = models.CharField(max_length=150, blank=True)
    time_zone = TimeZoneField(max_length=64, default="UTC", help_text="Every meeting time is shown in this zone.")
    # False until the person picks a zone (profile, footer, or accepting the browser's zone offered at
    # sign-in): until then the portal offers the browser's zone rather than silently showing UTC.
    time_zone_chosen = models.BooleanField(default=False)
    # The person declined that offer ("don't ask again"): times keep following their browser, unasked.
    time_zone_offer_dismissed = models.BooleanField(default=False)
    irc_nick = models.CharField(
        "IRC nick",
        max_length=64,
        blank=True,
        help_text="The nick you use in meeting-bot logs, so imported minutes credit you and your company.",
    )

    # Per-person secrets (issue 19), empty until first rotated: the session hash and the known-browser
    # cookies are bound to them as well as to the password, so rotating one signs every browser out
    # (sign out everywhere) or makes every known browser a stranger again (members/known_devices.py).
    session_secret = models.CharField(max_length=64, blank=True, editable=False)
    known_device_secret = models.CharField(max_length=64, blank=True, editable=False)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = PersonManager()

    class Meta:
        ordering = ["display_name", "email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
            models.UniqueConstraint(Lower("irc_nick"), condition=~Q(irc_nick=""), name="user_irc_nick_ci_unique"),
        ]

    def __str__(self) -> str:
        # Never the e-mail address: str(user) reaches public pages, feeds and exports.
        return self.display_name or UNNAMED_PERSON

    def get_full_name(self) -> str:
        return str(self)

    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        # Django's hash of the password, plus the session secret: with an empty one it is Django's own
        key_salt = "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash"
        return salted_hmac(key_salt, self.password + self.session_secret, secret=secret, algorithm="sha256").hexdigest()

    def get_short_name(self) -> str:
        return str(self)


class RoleGroup:
    """The portal's one role group (created by a data migration); company-bound roles are RoleAssignments."""

    SECRETARIAT = "Secretariat"


# The addresses of the members pages that sit where a company's would (/members/<slug>/): a company given
# one of them could never be reached. members/tests/test_company_addresses.py keeps this in step with urls.py.
RESERVED_COMPANY_SLUGS = frozenset({"new", "import", "invitations", "teams"})


def validate_company_slug(value: str) -> None:
    if value in RESERVED_COMPANY_SLUGS:
        raise ValidationError(
            f"The address /members/{value}/ is one of the portal's own pages: give the company another address."
        )


class CompanyQuerySet(models.QuerySet):
    def ftes_to_confirm(self, now: datetime | None = None) -> "CompanyQuerySet":
        """`Company.fte_declaration.needs_confirmation` as a filter: never declared, or out of date."""
        cutoff = (now or timezone.now()) - fte_declaration_valid_for()
        return self.filter(Q(ftes_declared_at__isnull=True) | Q(ftes_declared_at__lte=cutoff))

    def members(self) -> "CompanyQuerySet":
        """Companies that hold a board seat now (members, and members under review)."""
        return self.filter(status__in=Company.Status.seated())

    def seated_at(self, when: datetime) -> "CompanyQuerySet":
        """Companies that held a seat (members or under review) at `when`, by name.

        The status at `when` is the one the company's last transition at or before `when` led to. Without
        such a transition the record starts later (or not at all, or was back-filled when the portal was
        set up): the company counts when `member_since` is on or before that day and it is seated now or
        was seated before its first recorded step (a member since revoked).
        """
        seated = Company.Status.seated()
        steps = MembershipTransition.objects.filter(company=models.OuterRef("pk"))
        return (
            self.annotate(
                status_then=models.Subquery(steps.filter(at__lte=when).order_by("-at", "-id").values("to_status")[:1]),
                status_before_record=models.Subquery(
                    steps.filter(at__gt=when).order_by("at", "id").values("from_status")[:1]
                ),
            )
            .filter(
                Q(status_then__in=seated)
                | Q(status_then__isnull=True, member_since__lte=when.date())
                & (Q(status_before_record__in=seated) | Q(status__in=seated))
            )
            .order_by("name")
        )

    def seated_for(self, user: "User | AnonymousUser") -> "CompanyQuerySet":
        """The seated companies this person holds a board seat for now (representative or alternate)."""
        return self.members().filter(pk__in=RoleAssignment.objects.board_seats().filter(user=user).values("company_id"))

    def with_people(self) -> "CompanyQuerySet":
        """Everything the directory and company pages show, in a constant number of queries."""
        current_roles = RoleAssignment.objects.current().select_related("user").order_by("role", "started_at")
        return self.prefetch_related(models.Prefetch("roles", queryset=current_roles, to_attr="current_roles"))


class Company(models.Model):
    """A company: the unit of membership, with one board seat and one vote once it is a member."""

    class OperatorKind(models.TextChoices):
        MULTI_CLOUD = "multi_cloud", "Multi-cloud operator"
        NETWORK_SERVICE_PROVIDER = "nsp", "Network service provider"
        BOTH = "both", "Multi-cloud operator and network service provider"
        NEITHER = "neither", "Neither"

    class Status(models.TextChoices):
        PROSPECT = "prospect", "Prospect"
        PARTICIPATING = "participating", "Participating"
        REQUESTED = "requested", "Membership requested"
        MEMBER = "member", "Member"
        UNDER_REVIEW = "under_review", "Under review"
        REVOKED = "revoked", "Revoked"
        WITHDRAWN = "withdrawn", "Withdrawn"

        @classmethod
        def seated(cls) -> list[str]:
            """Statuses that hold a board seat."""
            return [cls.MEMBER, cls.UNDER_REVIEW]

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=80, unique=True, validators=[validate_company_slug])
    website = models.URLField(blank=True, validators=[validate_http_url])
    hq_country = models.CharField("headquarters country", max_length=100, blank=True)
    hq_time_zone = TimeZoneField(
        "headquarters time zone",
        max_length=64,
        default="UTC",
        help_text="Used to show meeting times at the company's headquarters and to measure rotation fairness.",
    )
    estate_description = models.TextField(
        "OpenStack estate",
        blank=True,
        max_length=PROSE_MAX,
        validators=[max_length(PROSE_MAX)],
        help_text="Regions, releases run, scale, contributions (Markdown).",
    )
    operator_kind = models.CharField(max_length=20, choices=OperatorKind.choices, default=OperatorKind.NEITHER)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PROSPECT)
    member_since = models.DateField(null=True, blank=True, validators=[validate_year_in_range])
    contributing_ftes = models.DecimalField(
        "FTEs contributing to OpenStack",
        max_digits=7,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_FTES), validate_half_steps],
        help_text="Full-time equivalents contributing to the OpenStack platform regularly, in halves.",
    )
    roadmap_ftes = models.DecimalField(
        "FTEs on roadmap-aligned upstream work",
        max_digits=7,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_FTES), validate_half_steps],
        help_text="Full-time equivalents on upstream activities aligned to the LCOO roadmap, in halves; "
        "part of the contributing FTEs.",
    )
    ftes_declared_at = models.DateTimeField(null=True, blank=True)
    ftes_declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords(excluded_fields=["created_at"])
    objects = CompanyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "companies"
        constraints = [
            models.CheckConstraint(
                condition=Q(contributing_ftes__lte=MAX_FTES) | Q(contributing_ftes__isnull=True),
                name="company_contributing_ftes_range",
            ),
            models.CheckConstraint(
                condition=Q(roadmap_ftes__lte=MAX_FTES) | Q(roadmap_ftes__isnull=True),
                name="company_roadmap_ftes_range",
            ),
            models.CheckConstraint(
                condition=Q(roadmap_ftes__isnull=True)
                | Q(contributing_ftes__isnull=True)
                | Q(roadmap_ftes__lte=models.F("contributing_ftes")),
                name="company_roadmap_ftes_within_contributing",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["member", "under_review"], member_since__isnull=False)
                | ~Q(status__in=["member", "under_review"]),
                name="company_member_has_member_since",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("members:company", args=[self.slug])

    @property
    def fte_declaration(self) -> FteDeclaration:
        """Declared when and by whom, and whether it is out of date: reads `ftes_declared_by` (select it)."""
        at = self.ftes_declared_at
        if at is None:
            has_figures = self.contributing_ftes is not None or self.roadmap_ftes is not None
            return FteDeclaration("unconfirmed" if has_figures else "none", None, None, None)
        stale_at = at + fte_declaration_valid_for()
        state = "current" if timezone.now() < stale_at else "stale"
        return FteDeclaration(state, at, self.ftes_declared_by, stale_at)

    @property
    def description_line(self) -> str:
        """What the company is to the coalition, for search engines and shared links."""
        since = f" since {self.member_since:%B %Y}" if self.member_since and self.status == self.Status.MEMBER else ""
        where = f", headquartered in {self.hq_country}" if self.hq_country else ""
        return f"{self.name}: {self.get_status_display().lower()}{since}{where}."

    @property
    def is_seated(self) -> bool:
        return self.status in Company.Status.seated()

    def clean(self) -> None:
        contributing, roadmap = self.contributing_ftes, self.roadmap_ftes
        if contributing is not None and roadmap is not None and roadmap > contributing:
            raise ValidationError(
                {
                    "roadmap_ftes": f"Roadmap-aligned FTEs ({format_ftes(roadmap)}) cannot exceed the FTEs "
                    f"contributing to OpenStack ({format_ftes(contributing)}): they are part of them."
                }
            )


class CompanyUserObjectPermission(UserObjectPermissionBase):
    """Direct foreign-key object permissions on companies (django-guardian), for speed."""

    content_object = models.ForeignKey(Company, on_delete=models.CASCADE)


class CompanyGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Company, on_delete=models.CASCADE)


class MembershipTransition(models.Model):
    """One dated step of a company through the joining procedure, with who made it and why."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=20, choices=Company.Status.choices)
    to_status = models.CharField(max_length=20, choices=Company.Status.choices)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.TextField(max_length=NOTE_MAX, validators=[max_length(NOTE_MAX)])
    reference = models.CharField(
        max_length=200, blank=True, help_text="Where the decision was taken, e.g. a meeting or a board motion."
    )

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.company}: {self.from_status} → {self.to_status}"


class AffiliationQuerySet(models.QuerySet):
    def current(self, at: datetime | None = None) -> "AffiliationQuerySet":
        at = at or timezone.now()
        return self.filter(started_at__lte=at).filter(Q(ended_at__isnull=True) | Q(ended_at__gt=at))


class Affiliation(models.Model):
    """A person works for a company from one date to another: people change employers."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="affiliations")
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="affiliations")
    title = models.CharField("job title", max_length=200, blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()
    objects = AffiliationQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=models.F("started_at")),
                name="affiliation_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["user", "company"],
                condition=Q(ended_at__isnull=True),
                name="affiliation_one_open_per_company",
                violation_error_message="Already affiliated with this company: end the open affiliation first.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} at {self.company}"


# The guardian object permission a current coordinator holds on their company: derived from the
# coordinator role by `members.services` (the role is the source; `check_coordinator_permissions` proves it).
EDIT_COMPANY_PERMISSION = "members.change_company"


class RoleAssignmentQuerySet(models.QuerySet):
    def current(self) -> "RoleAssignmentQuerySet":
        return self.filter(ended_at__isnull=True)

    def held_at(self, when: datetime) -> "RoleAssignmentQuerySet":
        """Assignments that had started and not yet ended at `when`."""
        return self.filter(started_at__lte=when).filter(Q(ended_at__isnull=True) | Q(ended_at__gt=when))

    def board(self) -> "RoleAssignmentQuerySet":
        """Board representatives and alternates, whatever their company's status (seated or not)."""
        return self.filter(role__in=RoleAssignment.Role.board())

    def coordinators(self) -> "RoleAssignmentQuerySet":
        return self.filter(role=RoleAssignment.Role.COORDINATOR)

    def board_seats(self) -> "RoleAssignmentQuerySet":
        """The board seats held now: current representatives and alternates of seated companies only.

        A representative of a prospect, revoked or withdrawn company holds a board role but no seat.
        """
        return self.current().board().filter(company__status__in=Company.Status.seated())


class RoleAssignment(models.Model):
    """A dated company-bound role: coordinator of, board representative or alternate for, a company."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", "Coordinator"
        BOARD_REPRESENTATIVE = "board_representative", "Executive board representative"
        BOARD_ALTERNATE = "board_alternate", "Executive board alternate"

        @classmethod
        def board(cls) -> list[str]:
            """The roles that hold a company's board seat."""
            return [cls.BOARD_REPRESENTATIVE, cls.BOARD_ALTERNATE]

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="roles")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(max_length=30, choices=Role.choices)
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    end_reason = models.CharField(max_length=200, blank=True)

    history = HistoricalRecords()
    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["company", "role", "-started_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=models.F("started_at")),
                name="role_ends_after_start",
            ),
            # one current representative and one current alternate per company
            models.UniqueConstraint(
                fields=["company", "role"],
                condition=Q(ended_at__isnull=True) & ~Q(role="coordinator"),
                name="role_one_current_board_seat_holder",
            ),
            # a person holds a given role for a company at most once at a time
            models.UniqueConstraint(
                fields=["company", "role", "user"], condition=Q(ended_at__isnull=True), name="role_no_duplicate_current"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_role_display()} for {self.company}"


class CompanyInvitationQuerySet(models.QuerySet):
    def pending(self) -> "CompanyInvitationQuerySet":
        """Neither accepted, cancelled nor expired: the link still works."""
        return self.unanswered().filter(expires_at__gt=timezone.now())

    def unanswered(self) -> "CompanyInvitationQuerySet":
        """Neither accepted nor cancelled (expired or not): what may still be cancelled or sent again."""
        return self.filter(accepted_at__isnull=True, cancelled_at__isnull=True)


class CompanyInvitation(models.Model):
    """An invitation to join a company (and take a role there) that the person must accept: nobody is
    affiliated with a company, nor credited to it, without their consent or the Secretariat's decision."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField("e-mail address")
    display_name = models.CharField(max_length=150, blank=True, help_text="For an account created on acceptance.")
    role = models.CharField(
        max_length=30, choices=RoleAssignment.Role.choices, blank=True, help_text="Empty: a colleague, no role."
    )
    token = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_sent_at = models.DateTimeField(null=True, blank=True, help_text="When the mail was last sent again.")
    times_sent = models.PositiveSmallIntegerField(default=1)

    objects = CompanyInvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} to {self.company}"

    def get_absolute_url(self) -> str:
        return reverse("members:invitation", args=[self.token])

    @property
    def role_label(self) -> str:
        return RoleAssignment.Role(self.role).label.lower() if self.role else "colleague"

    @property
    def is_expired(self) -> bool:
        return self.accepted_at is None and self.cancelled_at is None and self.expires_at <= timezone.now()

    @property
    def is_unanswered(self) -> bool:
        """Neither accepted nor cancelled: it may be cancelled or sent again (`unanswered()` for lists)."""
        return self.accepted_at is None and self.cancelled_at is None

    @property
    def sent_at(self) -> datetime:
        """When the invitation was last mailed."""
        return self.last_sent_at or self.created_at


class Team(models.Model):
    """A functional specialty team spun off around a roadmap effort, open to people of any company."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    purpose = models.TextField(
        blank=True, max_length=PROSE_MAX, validators=[max_length(PROSE_MAX)], help_text="Markdown."
    )
    links = models.TextField(
        blank=True,
        max_length=NOTE_MAX,
        validators=[max_length(NOTE_MAX), validate_http_links],
        help_text="One http(s) address per line: etherpads, repositories, channels.",
    )
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords(excluded_fields=["created_at"])

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("governance:teams") + f"#team-{self.slug}"


class TeamMembershipQuerySet(models.QuerySet):
    def current(self) -> "TeamMembershipQuerySet":
        return self.filter(left_at__isnull=True)


class TeamMembership(models.Model):
    """A person in a team, for their company or as an individual from the community."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="team_memberships")
    company = models.ForeignKey(
        Company, null=True, blank=True, on_delete=models.SET_NULL, related_name="team_memberships"
    )
    is_lead = models.BooleanField(default=False)
    joined_at = models.DateTimeField(default=timezone.now)
    left_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()
    objects = TeamMembershipQuerySet.as_manager()

    class Meta:
        ordering = ["team", "-is_lead", "joined_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "user"],
                condition=Q(left_at__isnull=True),
                name="team_one_open_membership",
                violation_error_message="Already a member of this team.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.team}"


class AccessTokenQuerySet(models.QuerySet):
    def usable(self, now: datetime | None = None) -> "AccessTokenQuerySet":
        """Neither revoked nor expired."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=now or timezone.now())


class PersonalAccessToken(models.Model):
    """A person's own read-only key to the API: only its SHA-256 is kept; the token is shown once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_tokens")
    name = models.CharField(max_length=100, help_text="What the token is for, e.g. the tool that uses it.")
    prefix = models.CharField(max_length=16, help_text="The token's first characters, to recognise it.")
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = AccessTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class SecurityEventQuerySet(models.QuerySet):
    def for_user(self, user: User) -> "SecurityEventQuerySet":
        return self.filter(user=user).order_by("-when", "-pk")


class SecurityEvent(models.Model):
    """Something that happened to a person's account (issue 19): shown on their account page and, for
    most kinds, mailed to them (members/security.py)."""

    class Kind(models.TextChoices):
        PASSWORD_CHANGED = "password_changed", "Password changed"
        PASSWORD_SET = "password_set", "Password set"
        PASSWORD_RESET = "password_reset", "Password reset"
        EMAIL_ADDED = "email_added", "E-mail address added"
        EMAIL_PRIMARY = "email_primary", "E-mail address made primary"
        EMAIL_REMOVED = "email_removed", "E-mail address removed"
        MFA_ADDED = "mfa_added", "Authenticator app added"
        MFA_REMOVED = "mfa_removed", "Authenticator app removed"
        RECOVERY_CODES_REGENERATED = "recovery_codes_regenerated", "Recovery codes regenerated"
        PASSKEY_ADDED = "passkey_added", "Passkey added"
        PASSKEY_REMOVED = "passkey_removed", "Passkey removed"
        SECOND_FACTOR_FAILED = "second_factor_failed", "Failed second-factor attempt after a correct password"
        KNOWN_DEVICE_REVOKED = "known_device_revoked", "Known browsers revoked"
        SIGNED_OUT_EVERYWHERE = "signed_out_everywhere", "Signed out everywhere"
        SSO_LINKED = "sso_linked", "Single sign-on identity linked"
        SSO_UNLINKED = "sso_unlinked", "Single sign-on identity unlinked"
        SSO_SIGN_IN = "sso_sign_in", "Signed in through single sign-on"
        SSO_REFUSED = "sso_refused", "Single sign-on refused"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="security_events")
    kind = models.CharField(max_length=40, choices=Kind.choices)
    when = models.DateTimeField(default=timezone.now)
    ip_address = models.GenericIPAddressField("IP address", null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    detail = models.TextField(blank=True, validators=[max_length(NOTE_MAX)])

    objects = SecurityEventQuerySet.as_manager()

    class Meta:
        ordering = ["-when", "-pk"]
        indexes = [models.Index(fields=["user", "-when"], name="security_event_user_when")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.when:%Y-%m-%d %H:%M} UTC)"
