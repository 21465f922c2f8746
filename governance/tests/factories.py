from datetime import timedelta

import factory
from django.utils import timezone

from governance.models import Candidate, CharterVersion, Motion, OfficerTerm, RoadmapItem, RoadmapQuarter, RoadmapVector
from governance.register import charter_version_register, officer_term_register
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
        skip_postgeneration_save = True

    office = OfficerTerm.Office.CHAIR
    user = factory.SubFactory(UserFactory)
    company = factory.SubFactory(CompanyFactory)
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=335))

    @factory.post_generation
    def registered(term: OfficerTerm, create: bool, extracted: bool | None, **kwargs: object) -> None:
        """Typed in as the Secretariat does: the register vouches for it (pass registered=False not to)."""
        if create and extracted is not False:
            officer_term_register(term=term)


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
        skip_postgeneration_save = True

    number = factory.Sequence(lambda n: n + 1)
    effective_on = factory.LazyFunction(timezone.localdate)
    text = "# Charter\n\nThe board has one vote per member company."
    change_summary = "First draft"
    author_name = "Jamey"

    @factory.post_generation
    def registered(version: CharterVersion, create: bool, extracted: bool | None, **kwargs: object) -> None:
        """Typed in from the change history: the register keeps its text's hash (registered=False not to)."""
        if create and extracted is not False and version.adopted_by_id is None:
            charter_version_register(version=version)


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
