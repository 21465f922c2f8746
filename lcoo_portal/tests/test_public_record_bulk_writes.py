"""Every write that bypasses the models' save and delete (bulk_create, bulk_update, QuerySet.update, a
restore) moves the public record's version itself: otherwise visitors' pages and cached fragments would
show the old record until they expire (docs/architecture.md, "Caches and their contracts")."""

from datetime import date, time

import pytest

from governance.services.drafting import MotionDraft, motion_create, motion_update
from governance.tests.conftest import chair, seats, third_board_member, third_company  # noqa: F401
from kernel.public_record import public_record_bump, public_record_version
from lcoo_portal.backup import backup_create, backup_restore
from lcoo_portal.loaddata import generate_rows
from meetings.models import Decision, Meeting
from meetings.services.agenda import agenda_item_move
from meetings.services.minutes import minutes_row_move
from meetings.services.series import Slot, series_generate, series_save
from meetings.tests.factories import AgendaItemFactory, MeetingFactory, RotationSlotFactory, SeriesFactory

pytestmark = pytest.mark.django_db


def bumps(callbacks: list) -> int:
    return sum(1 for callback in callbacks if callback is public_record_bump)


def test_moving_an_agenda_item_moves_the_version(django_capture_on_commit_callbacks, secretariat):
    meeting = MeetingFactory(agenda_published_at=None)
    AgendaItemFactory(meeting=meeting, position=1)
    second = AgendaItemFactory(meeting=meeting, position=2)
    with django_capture_on_commit_callbacks() as callbacks:
        agenda_item_move(item=second, offset=-1, by=secretariat)  # bulk_update
    assert bumps(callbacks) == 1
    assert meeting.agenda_items.order_by("position").first() == second


def test_moving_a_decision_moves_the_version(django_capture_on_commit_callbacks, secretariat):
    meeting = MeetingFactory()
    Decision.objects.create(meeting=meeting, position=1, text="First")
    second = Decision.objects.create(meeting=meeting, position=2, text="Second")
    with django_capture_on_commit_callbacks() as callbacks:
        minutes_row_move(row=second, offset=-1, by=secretariat)  # bulk_update
    assert bumps(callbacks) == 1


def test_generating_a_series_meetings_moves_the_version(django_capture_on_commit_callbacks, secretariat):
    series = SeriesFactory(starts_on=date(2030, 1, 3), interval_weeks=2)
    RotationSlotFactory(series=series, position=0, local_time=time(7, 0), time_zone="UTC")
    with django_capture_on_commit_callbacks() as callbacks:
        created = series_generate(series=series, until=date(2030, 3, 1), by=secretariat)  # bulk_create
    assert created and bumps(callbacks) == 1
    with django_capture_on_commit_callbacks() as callbacks:
        assert series_generate(series=series, until=date(2030, 3, 1), by=secretariat) == []
    assert bumps(callbacks) == 0  # nothing new, nothing to invalidate


def test_replacing_a_series_rotation_moves_the_version(django_capture_on_commit_callbacks, secretariat):
    series = SeriesFactory(starts_on=date(2030, 1, 3))
    with django_capture_on_commit_callbacks() as callbacks:
        series_save(series=series, data={}, rotation=[Slot(time(9, 0), "Asia/Tokyo")], by=secretariat)  # bulk_create
    assert bumps(callbacks) == 1


def test_changing_an_elections_candidates_moves_the_version(
    django_capture_on_commit_callbacks,
    chair,  # noqa: F811
    seats,  # noqa: F811
    board_member,
    other_board_member,
):
    draft = MotionDraft(title="Elect", text="x", office="chair", candidates=(board_member,))
    motion = motion_create(by=chair, kind="election", draft=draft)
    with django_capture_on_commit_callbacks() as callbacks:
        draft = MotionDraft(title="Elect", text="x", office="chair", candidates=(other_board_member,))
        motion_update(motion=motion, by=chair, draft=draft)  # the candidates by bulk_create
    assert bumps(callbacks) >= 1
    assert [c.user for c in motion.candidates.all()] == [other_board_member]


def test_generating_load_data_moves_the_version(django_capture_on_commit_callbacks):
    counts = {"companies": 3, "people": 8, "meetings": 4, "actions": 4, "motions": 1, "attended_meetings": 1}
    with django_capture_on_commit_callbacks() as callbacks:
        generate_rows(prefix="v", counts=counts, note=lambda text: None)  # bulk_create, bulk_update
    assert Meeting.objects.filter(title__contains=":").count() == 4
    assert bumps(callbacks) == 1


@pytest.mark.django_db(transaction=True)
def test_restoring_a_backup_moves_the_version(tmp_path, company):
    path = backup_create(directory=tmp_path)
    before = public_record_version()
    backup_restore(path=path)  # raw SQL (pg_restore) or SQLite's backup: no signal sees it
    assert public_record_version() > before
