from datetime import timedelta

import factory
from django.utils import timezone

from governance.models import Candidate, CharterVersion, Motion, OfficerTerm, RoadmapItem, RoadmapQuarter, RoadmapVector
from members.tests.factories import CompanyFactory, UserFactory


class MotionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Motion

    title = factory.Sequence(lambda n: f"Resolution {n}")
    text = "The board resolves to **do** the thing."
    kind = Motion.Kind.RESOLUTION
    proposer = factory.SubFactory(UserFactory)


class OfficerTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OfficerTerm

    office = OfficerTerm.Office.CHAIR
    user = factory.SubFactory(UserFactory)
    company = factory.SubFactory(CompanyFactory)
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=335))


class CandidateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Candidate

    motion = factory.SubFactory(MotionFactory, kind=Motion.Kind.ELECTION)
    office = OfficerTerm.Office.CHAIR
    user = factory.SubFactory(UserFactory)
    company = factory.SubFactory(CompanyFactory)


class CharterVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CharterVersion

    number = factory.Sequence(lambda n: n + 1)
    effective_on = factory.LazyFunction(timezone.localdate)
    text = "# Charter\n\nThe board has one vote per member company."
    change_summary = "First draft"
    author_name = "Jamey"


class RoadmapVectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoadmapVector

    name = factory.Sequence(lambda n: f"Vector {n}")
    slug = factory.Sequence(lambda n: f"vector-{n}")


class RoadmapItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoadmapItem

    title = factory.Sequence(lambda n: f"Roadmap item {n}")
    vector = factory.SubFactory(RoadmapVectorFactory)


class RoadmapQuarterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoadmapQuarter

    year = 2017
    quarter = factory.Sequence(lambda n: n % 4 + 1)
