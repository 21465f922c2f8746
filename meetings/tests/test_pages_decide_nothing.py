"""The meeting pages offer an act exactly when the service accepts it: the template reads the model's
predicate (`may_publish_agenda`, `may_be_cancelled`, `may_have_minutes`) and decides nothing itself."""

from datetime import UTC, datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from meetings.models import Meeting
from meetings.services.agenda import agenda_publish
from meetings.services.meeting import meeting_cancel
from meetings.tests.factories import AgendaItemFactory, MeetingFactory

PAST = datetime(2020, 3, 5, 15, 0, tzinfo=UTC)
FUTURE = datetime(2030, 3, 5, 15, 0, tzinfo=UTC)


def accepted(service) -> bool:
    try:
        service()
    except ValidationError:
        return False
    return True


@pytest.mark.parametrize("status", Meeting.Status.values)
@pytest.mark.parametrize("starts_at", [PAST, FUTURE])
def test_the_publish_button_is_offered_exactly_when_the_service_publishes(status, starts_at, client_for, secretariat):
    """Before, the agenda page offered publishing only while scheduled; the service also publishes a held
    meeting's agenda, as a late record."""
    meeting = MeetingFactory(status=status, starts_at=starts_at)
    AgendaItemFactory(meeting=meeting)
    page = client_for(secretariat).get(reverse("meetings:agenda", args=[meeting.pk])).content.decode()
    offered = reverse("meetings:agenda-publish", args=[meeting.pk]) in page
    assert offered is meeting.may_publish_agenda
    assert offered is accepted(lambda: agenda_publish(meeting=meeting, by=secretariat))


@pytest.mark.parametrize("status", Meeting.Status.values)
def test_the_cancel_button_is_offered_exactly_when_the_service_cancels(status, client_for, secretariat):
    meeting = MeetingFactory(status=status, starts_at=FUTURE, agenda_published_at=PAST)
    page = client_for(secretariat).get(meeting.get_absolute_url()).content.decode()
    offered = reverse("meetings:cancel", args=[meeting.pk]) in page
    assert offered is meeting.may_be_cancelled
    assert offered is accepted(lambda: meeting_cancel(meeting=meeting, by=secretariat, reason="Storm."))
