"""With Redis down, pages are served uncached instead of answering 500, and the log says what that means
for the sign-in rate limits (lcoo_portal/cache.py). The cache is pointed at a closed loopback port."""

import socket

import pytest
from django.core.cache import cache
from django.test import Client

from lcoo_portal import cache as tolerant
from members.tests.factories import UserFactory


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nothing listens once the socket is closed


@pytest.fixture
def redis_down(settings, monkeypatch):
    settings.CACHES = {
        "default": {
            "BACKEND": "lcoo_portal.cache.TolerantRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1},
        }
    }
    settings.PORTAL_PAGE_CACHE = True
    settings.PORTAL_FRAGMENT_CACHE = True
    monkeypatch.setattr(tolerant.TolerantRedisCache, "_last_warning", 0.0)
    assert cache.ping() is False


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/members/", "/meetings/", "/governance/", "/meetings/search/?q=roadmap"])
def test_visitors_pages_are_served_uncached(redis_down, client: Client, path):
    assert client.get(path).status_code == 200


@pytest.mark.django_db
def test_signed_in_pages_are_served(redis_down, client_for, member_user):
    client = client_for(member_user)
    assert client.get("/").status_code == 200
    assert client.get("/members/").status_code == 200


@pytest.mark.django_db
def test_healthz_reports_the_cache_down_but_the_pages_up(redis_down, client: Client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"]["cache"]["status"] == "unavailable"
    assert response.json()["status"] == "degraded"


@pytest.mark.django_db
def test_without_redis_sign_in_works_and_the_rate_limit_is_not_enforced_and_logged(redis_down, client: Client, caplog):
    UserFactory(email="person@example.org", password="right-password-123")
    for _ in range(12):  # more than the 10 a minute allowed per address
        response = client.post("/accounts/login/", {"login": "person@example.org", "password": "wrong"})
        assert response.status_code == 200
        assert "Too many failed" not in response.content.decode()
    assert "sign-in rate limits are not enforced" in caplog.text
    response = client.post("/accounts/login/", {"login": "person@example.org", "password": "right-password-123"})
    assert response.status_code == 302


@pytest.mark.django_db
def test_with_redis_up_the_rate_limit_holds(settings, client: Client):
    """The contrast: the same twelve attempts against a working cache are refused from the eleventh."""
    UserFactory(email="person@example.org", password="right-password-123")
    pages = [
        client.post("/accounts/login/", {"login": "person@example.org", "password": "wrong"}).content.decode()
        for _ in range(12)
    ]
    assert not any("Too many failed" in page for page in pages[:10])
    assert "Too many failed" in pages[11]


@pytest.mark.django_db
def test_the_api_answers_visitors_and_token_holders_without_a_rate_limit_and_logs_it(
    redis_down, client: Client, member_user, caplog
):
    from members.services import access_token_create

    _, raw = access_token_create(user=member_user, name="tool", days=1)
    assert client.get("/api/v1/companies/").status_code == 200
    assert client.get("/api/v1/companies/", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
    assert "Redis cache unavailable" in caplog.text
