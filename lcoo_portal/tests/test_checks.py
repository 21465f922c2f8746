"""The system checks catch an event without a handler and a mistyped participation provider at start-up."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from kernel import checks, events


def test_every_event_has_a_registered_handler():
    assert checks.check_event_handlers() == []
    assert set(events.HANDLERS) == events.EVENTS


def test_an_event_without_a_handler_fails_the_check(monkeypatch):
    monkeypatch.delitem(events.HANDLERS, "motion_closed")
    assert [e.id for e in checks.check_event_handlers()] == ["lcoo.E001"]
    with pytest.raises(SystemCheckError, match="motion_closed"):
        call_command("check")


def test_a_handler_of_an_unknown_event_fails_the_check(monkeypatch):
    monkeypatch.setattr(events, "UNKNOWN", [])
    events.handles("motion_cloesd")(lambda **payload: None)
    assert [e.id for e in checks.check_event_handlers()] == ["lcoo.E002"]


def test_a_mistyped_participation_provider_fails_the_check(settings):
    settings.PORTAL_PARTICIPATION_PROVIDER = "meetings.participation.participation_by_compnay"
    assert [e.id for e in checks.check_participation_provider()] == ["lcoo.E003"]
    settings.PORTAL_PARTICIPATION_PROVIDER = "meetings.participation.participation_by_company"
    assert checks.check_participation_provider() == []


def test_a_mistyped_reader_audience_fails_the_check(settings):
    settings.PORTAL_READER_AUDIENCE = "members.audience.reader_audeince"
    assert [e.id for e in checks.check_reader_audience()] == ["lcoo.E004"]
    settings.PORTAL_READER_AUDIENCE = "members.audience.reader_audience"
    assert checks.check_reader_audience() == []
