"""Celery tasks of `governance`: each calls one service and returns."""

from celery import shared_task

from governance.services.sweeper import motions_close_due


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def close_due_motions() -> int:
    """Close the motions whose deadline has passed; safe to run twice (the service re-checks under lock)."""
    return len(motions_close_due())
