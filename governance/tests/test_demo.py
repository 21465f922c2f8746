"""The governance demo: the open Comcast admission, raised at the September 22, 2016 general meeting."""

from datetime import UTC, datetime

from governance import demo
from governance.models import Ballot, Motion, MotionLogEntry


def load_all() -> None:
    from meetings import demo as meetings_demo
    from members import demo as members_demo

    members_demo.load()
    meetings_demo.load()
    demo.load()


def test_the_comcast_motion_links_the_september_22_general_meeting_and_loads_twice_without_change(db):
    load_all()
    counts = [Motion.objects.count(), Ballot.objects.count(), MotionLogEntry.objects.count()]
    load_all()
    assert [Motion.objects.count(), Ballot.objects.count(), MotionLogEntry.objects.count()] == counts
    motion = Motion.objects.get(title=demo.COMCAST_MOTION)
    assert motion.meeting.kind == "general"
    assert motion.meeting.starts_at == datetime(2016, 9, 22, 14, tzinfo=UTC)
    assert motion.status == Motion.Status.VOTING
    assert not motion.ballots.filter(company__slug__in=["ntt", "reliance-jio"]).exists()


def test_an_earlier_demo_motion_without_its_meeting_gets_it_on_the_next_load(db):
    load_all()
    Motion.objects.filter(title=demo.COMCAST_MOTION).update(meeting=None)
    demo.load()
    assert Motion.objects.get(title=demo.COMCAST_MOTION).meeting is not None


def test_a_demo_motion_in_an_earlier_record_format_is_recreated_and_every_demo_motion_verifies(db, capsys):
    from django.core.management import call_command

    from governance.record import motion_verify

    load_all()
    old = Motion.objects.get(title=demo.COMCAST_MOTION)
    # the record as format 1 wrote it: no format, text or seat count in the opening entry
    MotionLogEntry.objects.filter(motion=old, event="opened").update(payload={"electorate": ["att"]})
    assert not motion_verify(old).ok
    demo.load()
    motion = Motion.objects.get(title=demo.COMCAST_MOTION)
    assert motion.pk != old.pk and motion.status == Motion.Status.VOTING
    call_command("verify_motion", "--all")
    out = capsys.readouterr().out
    assert f"Motion #{motion.pk} verified" in out and "FAILED" not in out
