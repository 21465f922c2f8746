"""The same person cannot be recorded twice as an attendee: not as a user twice, not as the same guest name
twice (in any case), not as a guest under the name of someone already recorded (issue 24)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from meetings.models import Attendance
from meetings.services.minutes import attendance_add


def test_a_guest_name_is_recorded_once_in_any_case(published_meeting, secretariat):
    attendance_add(meeting=published_meeting, name="Jane Guest", by=secretariat)
    with pytest.raises(ValidationError, match="already recorded"):
        attendance_add(meeting=published_meeting, name="  jane GUEST ", by=secretariat)
    assert published_meeting.attendances.count() == 1


def test_a_person_recorded_as_a_user_is_not_recorded_again_as_a_guest_nor_the_reverse(
    published_meeting, secretariat, coordinator, member_user
):
    attendance_add(meeting=published_meeting, user=coordinator, by=secretariat)
    with pytest.raises(ValidationError, match="already recorded"):
        attendance_add(meeting=published_meeting, name=coordinator.display_name.upper(), by=secretariat)
    attendance_add(meeting=published_meeting, name=member_user.display_name, by=secretariat)
    with pytest.raises(ValidationError, match="as a guest"):
        attendance_add(meeting=published_meeting, user=member_user, by=secretariat)
    assert published_meeting.attendances.count() == 2


def test_the_database_refuses_a_second_row_for_the_same_guest(published_meeting):
    Attendance.objects.create(meeting=published_meeting, name="Jane Guest")
    with pytest.raises(IntegrityError), transaction.atomic():
        Attendance.objects.create(meeting=published_meeting, name="JANE GUEST")


def test_the_minutes_page_says_why_and_records_nothing(client_for, published_meeting, secretariat):
    attendance_add(meeting=published_meeting, name="Jane Guest", by=secretariat)
    response = client_for(secretariat).post(
        reverse("meetings:attendance-add", args=[published_meeting.pk]),
        {"attendance-name": "jane guest"},
        follow=True,
    )
    assert "jane guest is already recorded as present" in response.content.decode()
    assert published_meeting.attendances.count() == 1
