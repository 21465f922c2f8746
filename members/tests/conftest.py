"""Fixtures of the members tests: a participation provider the tests control."""

import pytest

# What the fake provider answers, by company id; tests fill it. Calls are counted.
PARTICIPATION: dict[int, tuple[int, int]] = {}
CALLS: list[list] = []


def fake_participation(companies) -> dict[int, tuple[int, int]]:
    companies = list(companies)
    CALLS.append(companies)
    return {c.pk: PARTICIPATION[c.pk] for c in companies if c.pk in PARTICIPATION}


@pytest.fixture
def participation(settings) -> dict[int, tuple[int, int]]:
    """Make the fake provider the settings' provider; set {company_id: (attended, held)} on the result."""
    settings.PORTAL_PARTICIPATION_PROVIDER = "members.tests.conftest.fake_participation"
    PARTICIPATION.clear()
    CALLS.clear()
    yield PARTICIPATION
    PARTICIPATION.clear()
    CALLS.clear()


@pytest.fixture
def provider_calls(participation) -> list[list]:
    return CALLS
