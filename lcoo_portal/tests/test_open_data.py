"""The open-data archive: the whole public record as the API gives it to a visitor, in one zip whose
checksums verify, rebuilt when the record changes; nothing a visitor may not read."""

import csv
import hashlib
import io
import json
import zipfile

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.urls import reverse

from governance.models import Motion
from kernel.public_record import public_record_bump
from lcoo_portal.api.urls import router
from lcoo_portal.tests.test_confidential_sweep import MARKERS, record  # noqa: F401 (the sweep's seeded record)

PREFIX = "lcoo-open-data/"


def unzip(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name.removeprefix(PREFIX): archive.read(name) for name in archive.namelist()}


def api_all(client, path: str) -> list[dict]:
    rows = []
    while path:
        data = client.get(path).json()
        rows += data["results"]
        path = data["next"]
    return rows


@pytest.fixture(autouse=True)
def _base_url(settings) -> None:
    settings.PORTAL_BASE_URL = "http://testserver"  # the archive's links, as the test client's answers


@pytest.fixture
def demo(db) -> None:
    call_command("load_demo", "--force")


def test_the_archive_downloads_and_its_checksums_verify(demo, client):
    response = client.get(reverse("open-data"))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    files = unzip(response.content)
    sums = dict(reversed(line.split("  ", 1)) for line in files.pop("SHA256SUMS").decode().splitlines())
    assert set(sums) == set(files)
    for name, data in files.items():
        assert hashlib.sha256(data).hexdigest() == sums[name], name
    for name in (
        "README.md",
        "companies.json",
        "companies.csv",
        "meetings.json",
        "meetings-decisions.csv",
        "meetings-action_items.csv",
        "motions.json",
        "motions-transitions.csv",
        "charter.json",
        "roadmap-quarters.json",
    ):
        assert name in files, name
    assert "meetings-decisions.csv" in files["README.md"].decode()


def test_the_archive_holds_what_the_api_gives_a_visitor(demo, client):
    files = unzip(client.get(reverse("open-data")).content)
    companies = json.loads(files["companies.json"])
    assert companies == api_all(client, "/api/v1/companies/")
    motions = json.loads(files["motions.json"])
    listed = api_all(client, "/api/v1/motions/")
    assert [m["id"] for m in motions] == [m["id"] for m in listed]
    first = client.get(f"/api/v1/motions/{listed[0]['id']}/").json()
    assert motions[0] == first
    rows = list(csv.DictReader(io.StringIO(files["companies.csv"].decode())))
    assert [r["name"] for r in rows] == [c["name"] for c in companies]
    nested = [name for name in files if name.startswith("companies-") and name.endswith(".csv")]
    assert nested, "the companies hold lists of their own"
    for name in nested:  # each row of a nested table names the company holding it
        assert files[name].decode().startswith("company,"), name


def test_the_archive_is_rebuilt_when_the_record_changes(demo, client, settings):
    settings.PORTAL_PAGE_CACHE = True
    first = unzip(client.get(reverse("open-data")).content)
    motion = Motion.objects.exclude(status=Motion.Status.DRAFT).first()
    Motion.objects.filter(pk=motion.pk).update(title="A renamed motion")
    public_record_bump()
    second = unzip(client.get(reverse("open-data")).content)
    assert b"A renamed motion" not in first["motions.json"] and b"A renamed motion" in second["motions.json"]


@pytest.mark.usefixtures("record")
def test_the_archive_holds_nothing_confidential_or_draft(client):
    files = unzip(client.get(reverse("open-data")).content)
    text = b"".join(files.values()).decode()
    assert [key for key, marker in MARKERS.items() if marker in text] == []


def test_the_archive_builds_from_answers_a_visitor_already_had_kept(demo, client, settings):
    """A visitor's API answers are kept rendered (lcoo_portal/api/visitors.py); the archive, built from the
    same answers, read them as DRF objects and answered 500 once a visitor had read the API first."""
    settings.PORTAL_PAGE_CACHE = True
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "kept"}}
    caches["default"].clear()
    for prefix, _, _ in router.registry:
        assert client.get(f"/api/v1/{prefix}/").status_code == 200
    response = client.get(reverse("open-data"))
    assert response.status_code == 200
    assert json.loads(unzip(response.content)["companies.json"]) == api_all(client, "/api/v1/companies/")
