"""Schemathesis against the live schema: every operation, with generated parameters, answers without a
server error and within its schema (status, headers, body). Bounded examples keep it a few seconds."""

from datetime import timedelta

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, given, settings

from governance.models import Ballot, Motion
from governance.tests.factories import CharterVersionFactory, MotionFactory, RoadmapItemFactory, RoadmapQuarterFactory
from meetings.tests.factories import (
    ActionItemFactory,
    AgendaItemFactory,
    AttendanceFactory,
    DecisionFactory,
    MinutesFactory,
    PublishedMeetingFactory,
)


@pytest.fixture
def api_schema(db, settings, company, board_member):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"address": None, "reader": None}}
    now = timezone.now()
    meeting = PublishedMeetingFactory(starts_at=now - timedelta(days=3), status="held")
    item = AgendaItemFactory(meeting=meeting)
    DecisionFactory(meeting=meeting, agenda_item=item)
    ActionItemFactory(meeting=meeting, owner=board_member, company=company)
    AttendanceFactory(meeting=meeting, user=board_member, name="", company=company)
    MinutesFactory(meeting=meeting, published_at=now - timedelta(days=2))
    motion = MotionFactory(status=Motion.Status.PASSED, closed_at=now, meeting=meeting, result_text="Passed.")
    motion.electorate.add(company)
    Ballot.objects.create(motion=motion, company=company, cast_by=board_member, choice="yes", receipt_hash="f" * 64)
    CharterVersionFactory(number=1)
    CharterVersionFactory(number=2, text="# Charter\n\nChanged.")
    quarter = RoadmapQuarterFactory(published_at=now)
    quarter.entries.create(item=RoadmapItemFactory(), rank=1)
    # as Django's test client does: the test's transaction holds the data, so a request may not close it
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", get_wsgi_application())
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def test_every_operation_answers_within_its_schema(api_schema):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 16  # a list and a detail for each of the eight endpoints

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def answers_within_schema(case: schemathesis.Case) -> None:
            case.call_and_validate()

        answers_within_schema()
