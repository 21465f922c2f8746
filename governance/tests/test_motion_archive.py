"""Decided motions: an archive by year, page by page, linked from the governance page."""

from datetime import UTC, datetime

import pytest

from governance.models import Motion
from governance.tests.factories import MotionFactory


@pytest.fixture
def decided(board_member):
    def make(year: int, count: int, status=Motion.Status.PASSED):
        return [
            MotionFactory(
                proposer=board_member,
                title=f"Motion {year}-{i}",
                status=status,
                closed_at=datetime(year, 3, 1 + i, tzinfo=UTC),
            )
            for i in range(count)
        ]

    return make


def test_the_governance_page_links_the_archive(client, db):
    assert "/governance/motions/" in client.get("/governance/").content.decode()


def test_decided_motions_are_listed_by_year(client, decided):
    decided(2019, 2)
    decided(2021, 1, status=Motion.Status.FAILED)
    page = client.get("/governance/motions/").content.decode()
    assert "Motion 2019-0" in page and "Motion 2021-0" in page and "?year=2019" in page
    only = client.get("/governance/motions/", {"year": 2019}).content.decode()
    assert "Motion 2019-1" in only and "Motion 2021-0" not in only


def test_decided_motions_are_paginated_and_open_ones_are_not_listed(client, decided, board_member):
    decided(2020, 27)
    MotionFactory(proposer=board_member, title="Still a draft")
    first = client.get("/governance/motions/").content.decode()
    assert "Page 1 of 2" in first and "Still a draft" not in first
    assert "Motion 2020-0<" in client.get("/governance/motions/", {"page": 2}).content.decode()


def test_the_archive_refuses_post(client, db):
    assert client.post("/governance/motions/").status_code == 405
