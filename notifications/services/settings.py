"""What the Secretariat keeps about the portal's mail: the mailing-list addresses that receive the public
announcements, and the mail schedules (the periodic tasks that send reminders and digests). Each change
is authorised (`members.permissions.is_secretariat`), locked against a second request, and recorded: a
list address's history by django-simple-history, a schedule's by a `ScheduleChange` row."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django_celery_beat import validators as cron
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from members.models import User
from members.permissions import authorise, is_secretariat
from members.services import fields_assign, history_reason, verbose_names
from notifications.models import Kind, ListAddress, MeetingKind, ScheduleChange
from notifications.schedules import SCHEDULES

LISTS_REFUSAL = "Only the Secretariat keeps the mailing-list addresses."
SCHEDULES_REFUSAL = "Only the Secretariat changes the mail schedules."
LIST_FIELDS = ("name", "address", "kinds", "meeting_kinds", "is_active")


def _list_clean(values: dict) -> dict:
    values = dict(values)
    for field in ("name", "address"):
        if field in values:
            values[field] = (values[field] or "").strip()
    if "address" in values:
        values["address"] = values["address"].lower()
    if set(values.get("kinds", [])) - set(Kind.values):
        raise ValidationError("Unknown kind of mail.")
    if set(values.get("meeting_kinds", [])) - set(MeetingKind.values):
        raise ValidationError("Unknown kind of meeting.")
    return values


def _list_save(row: ListAddress, *, by: User | None, reason: str) -> ListAddress:
    if ListAddress.objects.filter(address__iexact=row.address).exclude(pk=row.pk).exists():
        raise ValidationError(f"{row.address} is already a list address.")
    row.full_clean()
    row._history_user = by
    row._change_reason = history_reason(reason)
    row.save()
    return row


@transaction.atomic
def list_address_create(
    *, name: str, address: str, kinds: list[str], meeting_kinds: list[str], by: User | None, is_active: bool = True
) -> ListAddress:
    """Add a mailing list that receives the public announcements of the kinds chosen."""
    authorise(by, is_secretariat, LISTS_REFUSAL)
    values = _list_clean(
        {"name": name, "address": address, "kinds": kinds, "meeting_kinds": meeting_kinds, "is_active": is_active}
    )
    return _list_save(ListAddress(**values), by=by, reason="List address added")


@transaction.atomic
def list_address_update(*, list_address: ListAddress, by: User | None, **values: object) -> list[str]:
    """Change a list's name, address, kinds of mail, kinds of meeting, or stop sending to it (`is_active`);
    returns the verbose names of what changed."""
    authorise(by, is_secretariat, LISTS_REFUSAL)
    unknown = set(values) - set(LIST_FIELDS)
    if unknown:
        raise TypeError(f"Not editable here: {', '.join(sorted(unknown))}")
    row = ListAddress.objects.select_for_update().get(pk=list_address.pk)
    values = _list_clean(values)
    changed = fields_assign(row, values)
    if not changed:
        return []
    labels = verbose_names(row, changed)
    _list_save(row, by=by, reason="Changed " + ", ".join(labels))
    return labels


# The schedules that send mail: the Secretariat's to time. The others (the outbox sweep, the heartbeat,
# closing motions) are the installation's, and stay in the operator's admin.
MAIL_TASKS = tuple(entry["task"] for entry in SCHEDULES if entry.get("sends_mail"))
CRON_FIELDS = {
    "minute": cron.minute_validator,
    "hour": cron.hour_validator,
    "day_of_month": cron.day_of_month_validator,
    "month_of_year": cron.month_of_year_validator,
    "day_of_week": cron.day_of_week_validator,
}


def mail_schedules() -> list[PeriodicTask]:
    return list(PeriodicTask.objects.filter(task__in=MAIL_TASKS).select_related("crontab").order_by("name"))


def schedule_text(task: PeriodicTask) -> str:
    """The schedule as the page and the history write it: the five crontab fields (UTC), and whether it is on."""
    when = task.crontab
    fields = (
        f"minute {when.minute}, hour {when.hour}, day {when.day_of_month}, month {when.month_of_year}, "
        f"weekday {when.day_of_week} (UTC)"
        if when
        else str(task.schedule)
    )
    return fields if task.enabled else f"off ({fields})"


@transaction.atomic
def mail_schedule_update(*, task: PeriodicTask, by: User | None, enabled: bool, **crontab: str) -> bool:
    """Change when a mail schedule runs (its crontab, in UTC) or turn it off; beat picks the change up.
    Refuses a task that does not send mail and crontab fields that do not parse. Returns whether anything
    changed; the change is recorded as a ScheduleChange."""
    authorise(by, is_secretariat, SCHEDULES_REFUSAL)
    task = PeriodicTask.objects.select_for_update().get(pk=task.pk)
    if task.task not in MAIL_TASKS:
        raise ValidationError("Only the schedules that send mail are changed here.")
    if set(crontab) != set(CRON_FIELDS):
        raise TypeError("Give the five crontab fields: " + ", ".join(CRON_FIELDS))
    values = {name: str(value).strip().replace(" ", "") for name, value in crontab.items()}
    for name, validate in CRON_FIELDS.items():
        try:
            validate(values[name])
        except (ValueError, ValidationError) as error:
            label = name.replace("_", " ")
            raise ValidationError(f"The {label} “{values[name]}” is not a crontab value: {error}") from error
    before = schedule_text(task)
    schedule, _ = CrontabSchedule.objects.get_or_create(**values, timezone="UTC")
    if task.crontab_id == schedule.pk and task.enabled == enabled:
        return False
    task.crontab = schedule
    task.interval = None
    task.enabled = enabled
    task.save()
    ScheduleChange.objects.create(task_name=task.name, before=before, after=schedule_text(task), changed_by=by)
    return True
