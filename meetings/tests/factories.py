from datetime import UTC, datetime, time

import factory
from django.utils import timezone

from meetings.models import ActionItem, AgendaItem, Attendance, Decision, Kind, Meeting, Minutes, RotationSlot, Series


class SeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Series

    title = factory.Sequence(lambda n: f"Topical forum {n}")
    slug = factory.Sequence(lambda n: f"forum-{n}")
    kind = Kind.TOPICAL_FORUM
    cadence = Series.Cadence.WEEKLY
    interval_weeks = 2
    weekday = Series.Weekday.THURSDAY
    starts_on = factory.LazyFunction(lambda: timezone.now().date())
    duration_minutes = 90
    place = "Zoom"


class RotationSlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RotationSlot

    series = factory.SubFactory(SeriesFactory)
    position = factory.Sequence(lambda n: n)
    local_time = time(7, 0)
    time_zone = "America/Los_Angeles"


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    kind = Kind.GENERAL
    title = factory.Sequence(lambda n: f"General meeting {n}")
    starts_at = datetime(2030, 3, 7, 15, 0, tzinfo=UTC)
    duration_minutes = 60
    place = "Videoconference"


class PublishedMeetingFactory(MeetingFactory):
    agenda_published_at = factory.LazyAttribute(lambda o: o.starts_at.replace(year=o.starts_at.year - 1))


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(PublishedMeetingFactory)
    position = factory.LazyAttribute(lambda o: o.meeting.agenda_items.count() + 1)
    title = factory.Sequence(lambda n: f"Topic {n}")
    description = "Some **notes**."


class MinutesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Minutes

    meeting = factory.SubFactory(PublishedMeetingFactory)
    summary = "We met."


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    meeting = factory.SubFactory(PublishedMeetingFactory)
    name = factory.Sequence(lambda n: f"Guest {n}")


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    meeting = factory.SubFactory(PublishedMeetingFactory)
    text = factory.Sequence(lambda n: f"Decision {n}")


class ActionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionItem

    meeting = factory.SubFactory(PublishedMeetingFactory)
    text = factory.Sequence(lambda n: f"Do thing {n}")
    owner_name = "All"
