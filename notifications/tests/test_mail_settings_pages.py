"""The Secretariat keeps the mailing-list addresses and the mail schedules on the portal's pages, through
services, with history; a change to who receives mail, or when, says so before acting (issue 24)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from notifications.models import ListAddress, ScheduleChange
from notifications.services.settings import list_address_update, mail_schedule_update

pytestmark = pytest.mark.django_db

LIST = {
    "name": "Community",
    "address": "community@lists.example.org",
    "kinds": ["minutes", "announcements"],
    "meeting_kinds": ["general"],
    "is_active": "on",
}
WHEN = {"minute": "30", "hour": "9", "day_of_month": "1-3", "month_of_year": "1,4,7,10", "day_of_week": "*"}


@pytest.fixture
def roadmap_task() -> PeriodicTask:
    return PeriodicTask.objects.create(
        name="test: quarterly roadmap reminder",
        task="notifications.tasks.send_roadmap_reminder",
        crontab=CrontabSchedule.objects.create(minute="0", hour="8", timezone="UTC"),
    )


def test_adding_a_list_says_what_it_will_receive_then_adds_it_with_history(client_for, secretariat):
    client = client_for(secretariat)
    asked = client.post(reverse("notifications:lists"), LIST).content.decode()
    assert "From now on community@lists.example.org receives: published minutes" in asked
    assert not ListAddress.objects.exists()
    client.post(reverse("notifications:lists"), {**LIST, "confirm": "yes"})
    row = ListAddress.objects.get()
    assert row.kinds == ["minutes", "announcements"] and row.meeting_kinds == ["general"]
    assert row.history.get().history_user == secretariat


def test_turning_a_list_off_says_it_receives_nothing_and_is_recorded(client_for, secretariat):
    row = ListAddress.objects.create(name="Community", address=LIST["address"], kinds=["minutes"])
    url = reverse("notifications:list", args=[row.pk])
    off = {key: value for key, value in LIST.items() if key != "is_active"}
    assert "receives no mail from the portal" in client_for(secretariat).post(url, off).content.decode()
    client_for(secretariat).post(url, {**off, "confirm": "yes"})
    row.refresh_from_db()
    assert not row.is_active
    assert row.history.latest().history_user == secretariat


def test_changing_a_schedule_says_when_it_will_be_sent_then_records_the_change(client_for, secretariat, roadmap_task):
    client = client_for(secretariat)
    url = reverse("notifications:schedule", args=[roadmap_task.pk])
    asked = client.post(url, {**WHEN, "enabled": "on"}).content.decode()
    assert "is sent at: minute 30, hour 9" in asked
    client.post(url, {**WHEN, "enabled": "on", "confirm": "yes"})
    roadmap_task.refresh_from_db()
    assert (roadmap_task.crontab.minute, roadmap_task.crontab.hour) == ("30", "9")
    change = ScheduleChange.objects.get()
    assert change.changed_by == secretariat and "hour 8" in change.before and "hour 9" in change.after
    assert "hour 9" in client.get(reverse("notifications:schedules")).content.decode()


def test_a_bad_crontab_value_is_refused_with_a_message_and_changes_nothing(secretariat, roadmap_task):
    with pytest.raises(ValidationError, match="not a crontab value"):
        mail_schedule_update(task=roadmap_task, by=secretariat, enabled=True, **{**WHEN, "hour": "25"})
    roadmap_task.refresh_from_db()
    assert roadmap_task.crontab.hour == "8" and not ScheduleChange.objects.exists()


def test_a_schedule_that_sends_no_mail_is_not_the_secretariats(client_for, secretariat):
    heartbeat = PeriodicTask.objects.create(
        name="test: heartbeat", task="lcoo_portal.tasks.heartbeat", crontab=CrontabSchedule.objects.create()
    )
    assert client_for(secretariat).get(reverse("notifications:schedule", args=[heartbeat.pk])).status_code == 404
    with pytest.raises(ValidationError):
        mail_schedule_update(task=heartbeat, by=secretariat, enabled=False, **WHEN)


@pytest.mark.parametrize("who", ["member_user", "coordinator", "board_member"])
def test_nobody_but_the_secretariat_keeps_the_lists_and_schedules(request, client_for, roadmap_task, who):
    person = request.getfixturevalue(who)
    row = ListAddress.objects.create(name="Community", address=LIST["address"], kinds=["minutes"])
    client = client_for(person)
    for url in (reverse("notifications:lists"), reverse("notifications:list", args=[row.pk])):
        assert client.get(url).status_code == 403
        assert client.post(url, {**LIST, "confirm": "yes"}).status_code == 403
    schedule = reverse("notifications:schedule", args=[roadmap_task.pk])
    assert client.post(schedule, {**WHEN, "confirm": "yes"}).status_code == 403
    with pytest.raises(PermissionDenied):
        list_address_update(list_address=row, is_active=False, by=person)
    with pytest.raises(PermissionDenied):
        mail_schedule_update(task=roadmap_task, by=person, enabled=False, **WHEN)
    assert ListAddress.objects.get().is_active and not ScheduleChange.objects.exists()
