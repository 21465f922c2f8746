from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from meetings.models import Kind
from meetings.tests.factories import (
    ActionItemFactory,
    AgendaItemFactory,
    DecisionFactory,
    MeetingFactory,
    MinutesFactory,
    PublishedMeetingFactory,
)


def soon(days: int) -> datetime:
    """A whole-minute time `days` from now, as meetings are scheduled."""
    return (timezone.now() + timedelta(days=days)).replace(second=0, microsecond=0)


@pytest.fixture
def draft_meeting(db):
    """A future general meeting whose agenda is still a draft."""
    meeting = MeetingFactory(title="Draft general meeting", starts_at=soon(10))
    AgendaItemFactory(meeting=meeting, title="Unpublished topic")
    return meeting


@pytest.fixture
def published_meeting(db):
    """A future general meeting with a published agenda of two items."""
    meeting = PublishedMeetingFactory(
        title="Published general meeting",
        starts_at=soon(5),
        agenda_published_at=timezone.now() - timedelta(days=1),
    )
    AgendaItemFactory(meeting=meeting, title="Finalize member joining procedure", description="Read the *charter*.")
    AgendaItemFactory(meeting=meeting, title="Barcelona summit sessions")
    return meeting


@pytest.fixture
def held_meeting(db, company):
    """A past general meeting with published minutes: a decision and an open action item."""
    meeting = PublishedMeetingFactory(
        title="Held general meeting",
        starts_at=datetime(2016, 9, 22, 14, 0, tzinfo=UTC),
        agenda_published_at=datetime(2016, 9, 19, 14, 0, tzinfo=UTC),
        status="held",
    )
    item = AgendaItemFactory(meeting=meeting, title="Joining procedure", discussion="We discussed joining.")
    MinutesFactory(meeting=meeting, summary="Charter reviewed.", published_at=datetime(2016, 9, 23, tzinfo=UTC))
    DecisionFactory(meeting=meeting, agenda_item=item, text="New companies introduce themselves at a general meeting")
    ActionItemFactory(meeting=meeting, text="Finalize the charter", owner_name="All", company=company)
    return meeting


@pytest.fixture
def board_meeting(db):
    meeting = PublishedMeetingFactory(
        kind=Kind.EXECUTIVE_BOARD,
        title="Executive board",
        starts_at=soon(20),
        agenda_published_at=timezone.now(),
        duration_minutes=90,
    )
    AgendaItemFactory(meeting=meeting, title="Revocation of Acme membership", confidential=True, description="Secret")
    AgendaItemFactory(meeting=meeting, title="Quarterly roadmap")
    return meeting
