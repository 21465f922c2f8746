from datetime import UTC, datetime

from meetings import demo
from meetings.models import ActionItem, Meeting, Minutes, Series


def test_demo_holds_the_september_22_meeting_and_loads_twice_without_change(db):
    from members import demo as members_demo

    members_demo.load()
    demo.load()
    counts = [Meeting.objects.count(), ActionItem.objects.count(), Series.objects.count()]
    demo.load()
    assert [Meeting.objects.count(), ActionItem.objects.count(), Series.objects.count()] == counts
    sept22 = Meeting.objects.get(starts_at=datetime(2016, 9, 22, 14, tzinfo=UTC))
    assert sept22.minutes.is_published and sept22.agenda_items.count() == 8
    assert sept22.attendances.filter(user__email="coordinator.ntt@example.org", company__slug="ntt").exists()
    assert set(sept22.action_items.values_list("status", flat=True)) == {"open"}
    assert Minutes.objects.drafts().count() == 1
    assert Meeting.objects.agenda_published().filter(series__slug="topical-forum").count() == 3
