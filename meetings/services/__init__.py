"""Transitional: the next commit splits meetings/services/minutes.py by job and updates every importer."""

from meetings.services.minutes import *  # noqa: F403
