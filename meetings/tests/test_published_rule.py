"""Published or draft is one rule: each queryset method returns exactly the rows its predicate calls
published, and who may delete a published record is asked in one place by the service and the admin."""

from datetime import UTC, datetime

import pytest
from django.contrib.admin.sites import site
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory

from governance.models import RoadmapQuarter
from meetings.models import ActionItem, Meeting, Minutes
from meetings.permissions import can_delete_meeting, can_delete_published_record
from meetings.services.meeting import meeting_delete
from meetings.tests.factories import ActionItemFactory, MeetingFactory, MinutesFactory

PUBLISHED = datetime(2030, 1, 1, tzinfo=UTC)


@pytest.fixture
def meetings(db) -> list[Meeting]:
    """Every combination: agenda draft or published, no minutes / draft minutes / published minutes."""
    rows = []
    for agenda in (None, PUBLISHED):
        for minutes in ("none", "draft", "published"):
            meeting = MeetingFactory(agenda_published_at=agenda, status=Meeting.Status.SCHEDULED)
            if minutes != "none":
                MinutesFactory(meeting=meeting, published_at=PUBLISHED if minutes == "published" else None)
            ActionItemFactory(meeting=meeting)
            rows.append(meeting)
    return rows


def fresh(meeting: Meeting) -> Meeting:
    return Meeting.objects.get(pk=meeting.pk)


def test_each_queryset_method_agrees_with_its_predicate(meetings):
    def ids(queryset) -> set[int]:
        return set(queryset.values_list("pk", flat=True))

    everyone = [fresh(m) for m in meetings]
    assert ids(Meeting.objects.agenda_published()) == {m.pk for m in everyone if m.is_agenda_published}
    assert ids(Meeting.objects.agenda_drafts()) == {m.pk for m in everyone if not m.is_agenda_published}
    assert ids(Meeting.objects.with_published_minutes()) == {m.pk for m in everyone if m.is_record_final}
    assert ids(Meeting.objects.held()) == {m.pk for m in everyone if m.is_record_final}  # none marked held
    minutes = list(Minutes.objects.all())
    assert ids(Minutes.objects.published()) == {m.pk for m in minutes if m.is_published}
    assert ids(Minutes.objects.drafts()) == {m.pk for m in minutes if not m.is_published}
    actions = list(ActionItem.objects.select_related("meeting__minutes"))
    assert ids(ActionItem.objects.of_published_minutes()) == {a.pk for a in actions if a.meeting.is_record_final}
    assert ids(ActionItem.objects.of_published_agenda()) == {a.pk for a in actions if a.meeting.is_agenda_published}
    published_records = {m.pk for m in everyone if m.is_published_record}
    assert published_records == {m.pk for m in everyone if m.is_agenda_published or m.is_record_final}
    assert len(published_records) == 4


def test_a_roadmap_quarters_queryset_methods_agree_with_its_predicate(db):
    RoadmapQuarter.objects.create(year=2030, quarter=1, published_at=PUBLISHED)
    RoadmapQuarter.objects.create(year=2030, quarter=2)
    quarters = list(RoadmapQuarter.objects.all())
    assert [q.pk for q in RoadmapQuarter.objects.published()] == [q.pk for q in quarters if q.is_published]
    assert [q.pk for q in RoadmapQuarter.objects.drafts()] == [q.pk for q in quarters if not q.is_published]


@pytest.mark.parametrize("who", ["member_user", "board_member", "secretariat", "superuser"])
def test_who_deletes_a_meeting_is_asked_once_by_the_service_and_the_admin(who, persona, meetings):
    """The admin is the superuser's (the Secretariat reads it): it never allows more than the rule, and for
    the superuser exactly the rule; the service refuses whom the rule refuses and changes nothing."""
    user = persona(who)
    request = RequestFactory().get("/admin/")
    request.user = user
    for meeting in map(fresh, meetings):
        allowed = can_delete_meeting(user, meeting)
        in_admin = site._registry[Meeting].has_delete_permission(request, meeting)
        assert in_admin is allowed if user.is_superuser else not in_admin or allowed
        if allowed:
            meeting_delete(meeting=meeting, by=user, reason="A test of the rule")
            assert not Meeting.objects.filter(pk=meeting.pk).exists()
        else:
            with pytest.raises(PermissionDenied):
                meeting_delete(meeting=meeting, by=user, reason="A test of the rule")
            assert Meeting.objects.filter(pk=meeting.pk).exists()


def test_only_a_superuser_deletes_a_published_record(secretariat, superuser, meetings):
    published = fresh(next(m for m in meetings if m.agenda_published_at))
    draft = fresh(next(m for m in meetings if not m.agenda_published_at and not hasattr(m, "minutes")))
    assert can_delete_published_record(superuser) and not can_delete_published_record(secretariat)
    assert can_delete_meeting(secretariat, draft) and not can_delete_meeting(secretariat, published)
    assert can_delete_meeting(superuser, published)
