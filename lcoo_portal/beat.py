"""Beat's scheduler: django-celery-beat's database scheduler, run by one beat only (a lock in the database).

A second beat started by mistake (a second container, a second `make run`) would send every scheduled task
twice. This one takes the lock in lcoo_portal/heartbeat.py before each tick: while another beat holds it,
it sends nothing and logs once that it waits; it takes over when the other has been silent for
`BEAT_LOCK_SECONDS`, so a crashed beat is replaced by a waiting one.
"""

import logging
import os
import socket
from typing import Any

from django.db import close_old_connections
from django_celery_beat.schedulers import DatabaseScheduler

from lcoo_portal.heartbeat import BEAT_LOCK_SECONDS, beat_lock_holder, beat_lock_release, beat_lock_take

logger = logging.getLogger(__name__)

# how often a waiting beat asks for the lock again
WAIT_SECONDS = 10


class SingleBeatScheduler(DatabaseScheduler):
    """The database scheduler, ticking only while it holds beat's lock."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.holder = f"{socket.gethostname()}:{os.getpid()}"
        self.holding = False
        super().__init__(*args, **kwargs)

    def tick(self, *args: Any, **kwargs: Any) -> float:
        close_old_connections()
        if not beat_lock_take(holder=self.holder):
            if self.holding or not hasattr(self, "_told_waiting"):
                self._told_waiting = True
                logger.warning(
                    "Another beat (%s) holds the lock: this beat (%s) sends nothing and waits; it takes over if "
                    "that one is silent for %s seconds",
                    beat_lock_holder(),
                    self.holder,
                    BEAT_LOCK_SECONDS,
                )
            self.holding = False
            return WAIT_SECONDS
        if not self.holding:
            self.holding = True
            logger.info("This beat (%s) holds the lock and sends the scheduled tasks", self.holder)
        return min(super().tick(*args, **kwargs), BEAT_LOCK_SECONDS / 4)

    def close(self) -> None:
        super().close()
        if self.holding:
            beat_lock_release(holder=self.holder)
