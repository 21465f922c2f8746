"""A company's page is /members/<slug>/, beside the members pages' own addresses (/members/new/,
/members/teams/…): a company may not take one of those, or its page could never be reached."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import URLPattern

from members import urls
from members.models import RESERVED_COMPANY_SLUGS, Company
from members.services import company_create


def test_every_fixed_first_segment_of_the_members_addresses_is_reserved():
    segments = set()
    for pattern in urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        first = str(pattern.pattern).split("/")[0]
        if first and "<" not in first and "." not in first:  # a slug holds no dot
            segments.add(first)
    assert segments == RESERVED_COMPANY_SLUGS


@pytest.mark.django_db
def test_a_company_named_teams_is_refused_with_the_reason_and_not_created(secretariat):
    with pytest.raises(ValidationError, match=r"/members/teams/ is one of the portal's own pages"):
        company_create(name="Teams", by=secretariat)
    assert not Company.objects.filter(slug="teams").exists()
