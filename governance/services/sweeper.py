"""Deadlines close motions by themselves: `motions_close_due`, run every 5 minutes by
governance.tasks.close_due_motions."""

import logging
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from governance.models import Motion
from governance.services.lifecycle import motion_decide

logger = logging.getLogger(__name__)

DEADLINE_NOTE = "Closed at its deadline"


def motions_close_due(*, now: datetime | None = None) -> list[int]:
    """Close every motion whose deadline has passed; returns the ids this run closed.

    Consensus motions past their consensus deadline with no objection are adopted; motions past
    their voting deadline pass or fail by the rules. Each motion closes in its own transaction,
    taken with `select_for_update(skip_locked=True)` and re-checked under the lock, so two runs at
    once never close a motion twice and one motion that cannot close (an election with several
    candidates and no vote, an effect refused) does not hold up the others: it stays open for the chair.
    """
    now = now or timezone.now()
    due = Motion.objects.filter(status=Motion.Status.CONSENSUS, consensus_deadline__lte=now) | Motion.objects.filter(
        status=Motion.Status.VOTING, voting_deadline__lte=now
    )
    closed = []
    for pk in due.order_by("pk").values_list("pk", flat=True):
        try:
            with transaction.atomic():
                motion = (
                    Motion.objects.select_for_update(skip_locked=True)
                    .filter(pk=pk)
                    .filter(
                        Q(status=Motion.Status.CONSENSUS, consensus_deadline__lte=now)
                        | Q(status=Motion.Status.VOTING, voting_deadline__lte=now)
                    )
                    .first()
                )
                if motion is None:
                    continue  # another run holds it or has closed it
                motion_decide(motion, by=None, note=DEADLINE_NOTE)
        except ValidationError as error:
            logger.warning("Motion %s is past its deadline but stays open: %s", pk, " ".join(error.messages))
        else:
            closed.append(pk)
    return closed
