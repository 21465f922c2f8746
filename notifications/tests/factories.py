from datetime import timedelta

import factory
from django.utils import timezone

from meetings.models import Meeting


class MeetingFactory(factory.django.DjangoModelFactory):
    """A meeting made from meetings' models directly (not its services, which may change)."""

    class Meta:
        model = Meeting

    kind = "general"
    title = factory.Sequence(lambda n: f"General meeting {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now().replace(microsecond=0) + timedelta(days=5))
    duration_minutes = 60
    place = "Video conference"
    agenda_published_at = factory.LazyFunction(timezone.now)
