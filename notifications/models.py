"""The outbox: every mail the portal sends is a row here first, written in the transaction of the
change that causes it, then sent exactly once by the worker."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from meetings.kinds import public_kinds
from meetings.models import Kind as MeetingKind


def public_meeting_kinds() -> list[str]:
    """A list address's meeting kinds by default: those everyone affiliated hears about (`meetings.kinds`)."""
    return public_kinds()


class Kind(models.TextChoices):
    """The kinds of mail a person can choose to receive (all on by default)."""

    ANNOUNCEMENTS = "announcements", "Meeting announcements and agendas"
    REMINDERS = "reminders", "Meeting reminders"
    MINUTES = "minutes", "Published minutes"
    BOARD = "board", "Board business: motions, votes, re-alignment"
    ROADMAP = "roadmap", "Quarterly roadmap reminders"
    ACTION_DIGEST = "action_digest", "Weekly digest of my action items"


class Announcement(models.Model):
    """One thing the portal tells people about (an agenda, a reminder…): the parent of its outbox rows."""

    event = models.CharField(max_length=50)
    key = models.CharField(
        max_length=200, unique=True, help_text='What makes it unique, e.g. "agenda_published:meeting:12".'
    )
    subject = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=Kind.choices, blank=True, help_text="Empty: mandatory mail.")
    link_url = models.URLField(max_length=500, blank=True)
    link_label = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.subject


class OutboxMessageQuerySet(models.QuerySet):
    def due(self, now: datetime, grace: timedelta) -> "OutboxMessageQuerySet":
        """Pending rows whose time has come (with a grace for the task already queued), and stale claims."""
        return self.filter(
            Q(status=OutboxMessage.Status.PENDING, next_attempt_at__lte=now - grace)
            | Q(status=OutboxMessage.Status.SENDING, claimed_at__lt=now - settings.NOTIFICATIONS["CLAIM_TIMEOUT"])
        )


class OutboxMessage(models.Model):
    """One mail to one address, rendered when written; sent at most once (see services.transport.outbox_send)."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    announcement = models.ForeignKey(Announcement, on_delete=models.CASCADE, related_name="messages")
    idempotency_key = models.CharField(max_length=300, unique=True)
    to_email = models.EmailField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="outbox_messages"
    )
    subject = models.CharField(max_length=300)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    attachments = models.JSONField(default=list, blank=True)
    headers = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = OutboxMessageQuerySet.as_manager()

    class Meta:
        ordering = ["announcement", "to_email"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_status_due")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="sent", sent_at__isnull=False) | (~Q(status="sent") & Q(sent_at__isnull=True)),
                name="outbox_sent_at_matches_status",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to_email} ({self.status})"


class Preference(models.Model):
    """A person's choice about one kind of mail; no row means the kind is on."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    enabled = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["user", "kind"]
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="preference_one_per_kind")]

    def __str__(self) -> str:
        return f"{self.user}: {self.kind} {'on' if self.enabled else 'off'}"


class MeetingSubscription(models.Model):
    """A person's own choice about the mail on one kind of meeting; no row means their roles' default."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meeting_subscriptions")
    meeting_kind = models.CharField(max_length=20, choices=MeetingKind.choices)
    enabled = models.BooleanField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["user", "meeting_kind"]
        constraints = [
            models.UniqueConstraint(fields=["user", "meeting_kind"], name="meeting_subscription_one_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.meeting_kind} {'on' if self.enabled else 'off'}"


class ListAddress(models.Model):
    """A mailing list (e.g. the community's) that receives the public announcements of some kinds."""

    address = models.EmailField(unique=True)
    name = models.CharField(max_length=200)
    kinds = models.JSONField(
        default=list, blank=True, help_text='Kinds it receives, e.g. ["announcements", "minutes"].'
    )
    meeting_kinds = models.JSONField(
        default=public_meeting_kinds,
        blank=True,
        help_text="The kinds of meeting whose announcements, reminders and minutes it receives.",
    )
    is_active = models.BooleanField(default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "list addresses"

    def __str__(self) -> str:
        return f"{self.name} <{self.address}>"


class ScheduleChange(models.Model):
    """One change to a mail schedule (a django-celery-beat periodic task): who, when, from what to what.

    The periodic task's own row is saved by beat at every run, so its history is kept here, by the
    service that changes it (`mail_schedule_update`), rather than on every save."""

    task_name = models.CharField(max_length=200)
    before = models.CharField(max_length=300)
    after = models.CharField(max_length=300)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.task_name}: {self.before} → {self.after}"
