"""Actions on motions (being split by job in the next commit; this module re-exports the moved file meanwhile)."""

from governance.services.lifecycle import *  # noqa: F403
