"""Celery tasks of the outbox and the periodic scans: each takes ids, calls one service, returns.

Every task is safe to run twice: sending claims its row with a conditional UPDATE, and every scan
writes announcements whose unique key makes a second run create nothing.
"""

from celery import shared_task
from celery.signals import worker_process_shutdown, worker_shutdown

from notifications import reminders
from notifications.services import transport

# results are never read: the outbox row is the record
TASK_OPTIONS = {"acks_late": True, "reject_on_worker_lost": True, "ignore_result": True}


@worker_process_shutdown.connect
@worker_shutdown.connect
def close_mail_connection(**_: object) -> None:
    """Say QUIT on the connection a worker process kept open between messages."""
    transport.mail_connection_close()


@shared_task(**TASK_OPTIONS)
def send_outbox_message(message_id: int) -> str:
    return transport.outbox_send(message_id=message_id)


@shared_task(**TASK_OPTIONS)
def send_outbox_batch(message_ids: list[int]) -> dict[str, int]:
    return transport.outbox_send_batch(message_ids=message_ids)


@shared_task(**TASK_OPTIONS)
def sweep_outbox() -> int:
    return transport.outbox_sweep()


@shared_task(**TASK_OPTIONS)
def scan_meeting_reminders() -> int:
    return reminders.meeting_reminders_send()


@shared_task(**TASK_OPTIONS)
def scan_agenda_drafts() -> int:
    return reminders.agenda_draft_reminders_send()


@shared_task(**TASK_OPTIONS)
def scan_governance_deadlines() -> int:
    return reminders.governance_deadline_reminders_send()


@shared_task(**TASK_OPTIONS)
def send_roadmap_reminder() -> int:
    return reminders.roadmap_reminder_send()


@shared_task(**TASK_OPTIONS)
def send_fte_confirmations() -> int:
    return reminders.fte_confirmation_reminders_send()


@shared_task(**TASK_OPTIONS)
def send_realignment_reminder() -> int:
    return reminders.realignment_reminder_send()


@shared_task(**TASK_OPTIONS)
def send_action_digests() -> int:
    return reminders.action_digests_send()
