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


@pytest.fixture
def production(settings) -> None:
    """Production settings as the portal runs them (DEBUG off, HTTPS on, behind the proxy, a public base URL)."""
    settings.DEBUG = False
    settings.SECURE_SSL_REDIRECT = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.PORTAL_BASE_URL = "https://portal.lcoo.example"
    settings.ALLOWED_HOSTS = ["portal.lcoo.example", "portal.test", "127.0.0.1", "testserver"]
    settings.PORTAL_REQUIRE_MFA = True
