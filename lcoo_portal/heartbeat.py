"""Signs of life of the background processes, kept in the database (so SQLite runs see them too).

- **The worker** runs `lcoo_portal.tasks.heartbeat` every minute (a schedule installed by a migration);
  the task stamps the `worker` row. A stamp older than `HEALTH_WORKER_STALE_SECONDS` means that beat or
  every worker has stopped: `/healthz` says "stale".
- **Beat** holds a lock, the `beat` row: the beat whose `host:pid` is written there and refreshed within
  `BEAT_LOCK_SECONDS` is the one beat; a second beat finds the row held, sends nothing, logs that it
  waits, and takes over only once the first has been silent for `BEAT_LOCK_SECONDS`
  (lcoo_portal/beat.py). The row's age is beat's sign of life.
"""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from lcoo_portal.models import Heartbeat

# A beat that has not refreshed its lock for this long has stopped; another may take over. Beat ticks at
# least every 5 seconds (django-celery-beat's loop) and refreshes the lock at each tick.
BEAT_LOCK_SECONDS = 60


@transaction.atomic
def worker_heartbeat_record(*, holder: str) -> None:
    """The worker is alive: stamp its row."""
    Heartbeat.objects.update_or_create(name=Heartbeat.Name.WORKER, defaults={"holder": holder, "at": timezone.now()})


def beat_lock_take(*, holder: str) -> bool:
    """Take or refresh beat's lock for `holder`; False when another beat holds it and has ticked lately.

    One conditional UPDATE (the row is ours, or its holder is silent), or the first INSERT: atomic on
    PostgreSQL and SQLite alike, so two beats starting together cannot both win."""
    now = timezone.now()
    silent = now - timedelta(seconds=BEAT_LOCK_SECONDS)
    taken = (
        Heartbeat.objects.filter(name=Heartbeat.Name.BEAT)
        .filter(Q(holder=holder) | Q(at__lt=silent))
        .update(holder=holder, at=now)
    )
    if taken:
        return True
    try:
        with transaction.atomic():
            Heartbeat.objects.create(name=Heartbeat.Name.BEAT, holder=holder, at=now)
    except IntegrityError:
        return False
    return True


def beat_lock_release(*, holder: str) -> None:
    """A beat stopping cleanly lets the next one start at once."""
    Heartbeat.objects.filter(name=Heartbeat.Name.BEAT, holder=holder).delete()


def beat_lock_holder() -> str:
    """Who holds beat's lock ('' when nobody does)."""
    return Heartbeat.objects.filter(name=Heartbeat.Name.BEAT).values_list("holder", flat=True).first() or ""
