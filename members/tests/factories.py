import factory
from django.utils.text import slugify

from members.models import Affiliation, Company, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Faker("name")
    password = factory.django.Password("correct-horse-battery-staple")


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Operator {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    website = factory.LazyAttribute(lambda o: f"https://{o.slug}.example.org/")
    hq_country = "United States"
    hq_time_zone = "America/New_York"
    operator_kind = Company.OperatorKind.MULTI_CLOUD
    status = Company.Status.MEMBER
    member_since = factory.Faker("date_between", start_date="-3y", end_date="-30d")
    contributing_ftes = 6
    roadmap_ftes = 3


class AffiliationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Affiliation

    user = factory.SubFactory(UserFactory)
    company = factory.SubFactory(CompanyFactory)
