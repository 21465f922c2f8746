"""The beat schedules: declared once, installed by the migration, and the quarterly rule computed right."""

from datetime import UTC, date, datetime

import pytest
from celery.schedules import crontab
from django_celery_beat.models import PeriodicTask

from notifications.reminders import first_working_day, roadmap_reminder_send
from notifications.schedules import SCHEDULES

QUARTERLY = "notifications: quarterly roadmap reminder"


@pytest.mark.parametrize(
    ("year", "month", "expected"),
    [
        (2027, 1, date(2027, 1, 1)),  # a Friday
        (2026, 10, date(2026, 10, 1)),  # a Thursday
        (2028, 4, date(2028, 4, 3)),  # the 1st is a Saturday
        (2027, 8, date(2027, 8, 2)),  # the 1st is a Sunday
    ],
)
def test_first_working_day_is_the_first_monday_to_friday(year, month, expected):
    assert first_working_day(year, month) == expected


def test_the_quarterly_rule_always_finds_the_first_working_day_within_days_1_to_3():
    for year in range(2026, 2040):
        for month in (1, 4, 7, 10):
            assert first_working_day(year, month).day <= 3


def next_run(schedule: crontab, after: datetime) -> datetime:
    schedule.nowfun = lambda: after
    return after + schedule.remaining_estimate(after)


@pytest.mark.django_db
def test_the_migration_installs_every_declared_schedule_editable_in_the_admin():
    installed = set(PeriodicTask.objects.values_list("name", "task"))
    assert {(entry["name"], entry["task"]) for entry in SCHEDULES} <= installed


@pytest.mark.django_db
def test_from_2026_12_15_the_quarterly_reminder_next_runs_on_2027_01_01_a_working_day():
    schedule = PeriodicTask.objects.get(name=QUARTERLY).crontab.schedule
    run = next_run(schedule, datetime(2026, 12, 15, 9, 0, tzinfo=UTC))
    assert run == datetime(2027, 1, 1, 8, 0, tzinfo=UTC)
    assert run.date() == first_working_day(2027, 1)


@pytest.mark.django_db
def test_the_quarterly_crontab_fires_on_days_1_to_3_only_of_the_quarters_first_months():
    schedule = PeriodicTask.objects.get(name=QUARTERLY).crontab.schedule
    runs, after = [], datetime(2027, 1, 1, 9, 0, tzinfo=UTC)
    for _ in range(5):
        after = next_run(schedule, after)
        runs.append(after.date())
    assert runs == [date(2027, 1, 2), date(2027, 1, 3), date(2027, 4, 1), date(2027, 4, 2), date(2027, 4, 3)]


@pytest.mark.django_db
def test_the_roadmap_reminder_fires_only_on_the_first_working_day(board_member):
    assert roadmap_reminder_send(today=date(2028, 1, 1)) == 0  # a Saturday
    assert roadmap_reminder_send(today=date(2028, 1, 3)) == 1  # the Monday after
    assert roadmap_reminder_send(today=date(2028, 2, 1)) == 0  # not a quarter's month
