"""The directory shows a page of companies at a time, members first, instead of every row at once."""

import pytest

from members.models import Company
from members.views import DIRECTORY_PAGE_SIZE

pytestmark = pytest.mark.django_db


def test_the_directory_is_paginated_with_members_first(client):
    Company.objects.bulk_create(
        Company(name=f"Prospect {i:03}", slug=f"prospect-{i:03}", status=Company.Status.PROSPECT)
        for i in range(DIRECTORY_PAGE_SIZE)
    )
    Company.objects.create(name="Zeta Member", slug="zeta", status=Company.Status.MEMBER, member_since="2020-01-01")
    first = client.get("/members/").content.decode()
    assert "Zeta Member" in first and "Page 1 of 2" in first
    assert "Prospect 099" not in first
    assert "Prospect 099" in client.get("/members/", {"page": 2}).content.decode()
