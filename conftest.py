"""Shared personas: anonymous, signed-in with no role, coordinator of this company, coordinator of
another, board representative, board representative of a company without a seat, chair, Secretariat,
superuser. Each is a user; `client_for` signs one in."""

import os
from collections.abc import Callable

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from members.models import Affiliation, Company, RoleAssignment, RoleGroup, User
from members.services import role_assign
from members.tests.factories import CompanyFactory, UserFactory

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
# the test OpenID Connect provider (`identity_provider`), a separate process started once per session
pytest_plugins = ["e2e.idp.fixtures"]


def skip_or_fail(reason: str) -> None:
    """A test that needs a service may skip on a laptop without it; in CI that is a failure."""
    if IN_CI:
        pytest.fail(f"CI must have this: {reason}")
    pytest.skip(reason)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test with a real Celery worker (the `worker` fixture of notifications/tests/conftest.py) is also
    run once on SQLite with the filesystem broker, as `make run` starts it (test_delivery_sqlite.py)."""
    for item in items:
        if "worker" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.real_worker)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix: None, tmp_path_factory) -> None:
    """On SQLite the test database is a file, as `make run`'s is, so that a Celery worker in a thread or
    in a process of its own sees the test's rows: Django's in-memory test database is shared between
    threads through SQLite's shared cache, whose table locks fail at once instead of waiting, and no
    other process sees it at all."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("sqlite") / "test.sqlite3")


def _person(email: str, company: Company | None = None, role: str | None = None) -> User:
    user = UserFactory(email=email, display_name=email.split("@")[0].replace(".", " ").title())
    if company is not None:
        Affiliation.objects.create(user=user, company=company)
        if role is not None:
            role_assign(company=company, user=user, role=role, by=None)
    return user


@pytest.fixture
def company(db) -> Company:
    return CompanyFactory(name="AT&T", slug="att", hq_time_zone="America/Chicago")


@pytest.fixture
def other_company(db) -> Company:
    return CompanyFactory(name="NTT", slug="ntt", hq_time_zone="Asia/Tokyo", hq_country="Japan")


@pytest.fixture
def member_user(db) -> User:
    """Signed in, with no role anywhere."""
    return _person("member@example.org")


@pytest.fixture
def coordinator(company) -> User:
    return _person("coordinator.att@example.org", company, RoleAssignment.Role.COORDINATOR)


@pytest.fixture
def other_coordinator(other_company) -> User:
    return _person("coordinator.ntt@example.org", other_company, RoleAssignment.Role.COORDINATOR)


@pytest.fixture
def board_member(company) -> User:
    """The board representative for this company."""
    return _person("board.att@example.org", company, RoleAssignment.Role.BOARD_REPRESENTATIVE)


@pytest.fixture
def other_board_member(other_company) -> User:
    return _person("board.ntt@example.org", other_company, RoleAssignment.Role.BOARD_REPRESENTATIVE)


@pytest.fixture
def secretariat(db) -> User:
    user = _person("secretariat@example.org")
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.groups.add(Group.objects.get_or_create(name=RoleGroup.SECRETARIAT)[0])
    return user


@pytest.fixture
def unseated_board_member(db) -> User:
    """The board representative named by a prospect: no seat, no vote."""
    prospect = CompanyFactory(name="Comcast", slug="comcast", status=Company.Status.PROSPECT, member_since=None)
    return _person("board.comcast@example.org", prospect, RoleAssignment.Role.BOARD_REPRESENTATIVE)


@pytest.fixture
def chair(db) -> User:
    """The board's chair for the current term, representative of a seated company of their own."""
    from governance.tests.factories import OfficerTermFactory

    jio = CompanyFactory(name="Reliance Jio", slug="jio", hq_time_zone="Asia/Kolkata", hq_country="India")
    user = _person("chair@example.org", jio, RoleAssignment.Role.BOARD_REPRESENTATIVE)
    OfficerTermFactory(user=user, company=jio)
    return user


@pytest.fixture
def superuser(db) -> User:
    return UserFactory(email="admin@example.org", display_name="Operator", is_staff=True, is_superuser=True)


@pytest.fixture
def client_for(db) -> Callable[[User | None], Client]:
    """A test client signed in as the given user (or anonymous for None)."""

    def make(user: User | None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make


PERSONAS = ["anonymous", "member_user", "coordinator", "other_coordinator", "board_member", "secretariat"]
# Every persona of the whole-portal permission matrix (lcoo_portal/tests/test_permission_matrix.py).
ALL_PERSONAS = [
    "anonymous",
    "member_user",
    "coordinator",
    "other_coordinator",
    "board_member",
    "unseated_board_member",
    "chair",
    "secretariat",
    "superuser",
]


@pytest.fixture
def persona(request) -> Callable[[str], User | None]:
    """Look a persona up by name, for permission matrices parametrised over PERSONAS."""

    def get(name: str) -> User | None:
        return None if name == "anonymous" else request.getfixturevalue(name)

    return get


@pytest.fixture(autouse=True)
def _test_settings(settings) -> None:
    """Each test gets its own cache namespace (rate limits, used TOTP codes; in Redis when configured)
    and a fast password hasher."""
    import copy
    import uuid

    caches = copy.deepcopy(settings.CACHES)
    caches["default"]["KEY_PREFIX"] = f"test-{uuid.uuid4().hex}"
    settings.CACHES = caches
    # Password hashing is deliberately slow; the tests sign in hundreds of people and test no hasher.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tests run inside a transaction that never commits, so the public record's version (moved on
    # commit) would not move: the visitors' page cache is off except in the tests that are about it.
    settings.PORTAL_PAGE_CACHE = False
    settings.PORTAL_FRAGMENT_CACHE = False  # the same for signed-in pages' fragments (kernel/fragments.py)


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
