"""Fixtures of the members tests: a participation provider the tests control."""

from datetime import date, timedelta

import pytest

# What the fake provider answers, by company id, as (meetings attended, meetings counted); tests fill it.
# Calls are counted.
PARTICIPATION: dict[int, tuple[int, int]] = {}
CALLS: list[list] = []


def _strip(attended: int, counted: int) -> list[tuple[date, str, bool]]:
    """The provider's answer for these figures: the meetings counted, the first `attended` of them attended."""
    first = date(2026, 1, 1)
    return [(first + timedelta(weeks=2 * i), f"General meeting {i + 1}", i < attended) for i in range(counted)]


def fake_participation(companies) -> dict[int, list[tuple[date, str, bool]]]:
    companies = list(companies)
    CALLS.append(companies)
    return {c.pk: _strip(*PARTICIPATION[c.pk]) for c in companies if c.pk in PARTICIPATION}


@pytest.fixture
def participation(settings) -> dict[int, tuple[int, int]]:
    """Make the fake provider the settings' provider; set {company_id: (attended, counted)} on the result."""
    settings.PORTAL_PARTICIPATION_PROVIDER = "members.tests.conftest.fake_participation"
    PARTICIPATION.clear()
    CALLS.clear()
    yield PARTICIPATION
    PARTICIPATION.clear()
    CALLS.clear()


@pytest.fixture
def provider_calls(participation) -> list[list]:
    return CALLS
