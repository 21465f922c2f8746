"""Governance pages (being split by job in the next commit; this module re-exports the moved file meanwhile)."""

from governance.views.motion import *  # noqa: F403
