"""Published is final: every service that adds to the minutes refuses once they are published, whatever the door."""

import pytest
from django.core.exceptions import ValidationError

from meetings.models import ActionItem, Attendance, Decision
from meetings.services.minutes import action_item_add, attendance_add, decision_add, minutes_save


@pytest.mark.parametrize(
    "add",
    [
        lambda meeting, by: minutes_save(meeting=meeting, summary="Rewritten", next_session="", by=by),
        lambda meeting, by: attendance_add(meeting=meeting, name="Late guest", by=by),
        lambda meeting, by: decision_add(meeting=meeting, text="An afterthought", by=by),
        lambda meeting, by: action_item_add(meeting=meeting, text="Later", owner_name="All", by=by),
    ],
    ids=["summary", "attendance", "decision", "action item"],
)
def test_published_minutes_refuse_every_addition(add, held_meeting, secretariat):
    before = (Decision.objects.count(), ActionItem.objects.count(), Attendance.objects.count())
    with pytest.raises(ValidationError, match="The minutes are published"):
        add(held_meeting, secretariat)
    held_meeting.minutes.refresh_from_db()
    assert held_meeting.minutes.summary == "Charter reviewed."
    assert (Decision.objects.count(), ActionItem.objects.count(), Attendance.objects.count()) == before


def test_the_meeting_says_its_record_is_final_once_the_minutes_are_published(held_meeting, published_meeting):
    assert held_meeting.is_record_final
    assert not published_meeting.is_record_final
