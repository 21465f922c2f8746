"""Every download is named after the coalition that runs the portal (PORTAL_COALITION_SHORT_NAME), not
after the LCOO: an adopting coalition's members file `oif-compliance-….csv`, not `lcoo-…`."""

import io
import re
import zipfile
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.tests.factories import MinutesFactory, PublishedMeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def oif(settings):
    settings.PORTAL_COALITION_SHORT_NAME = "OIF"
    settings.PORTAL_PAGE_CACHE = False


def filename(response) -> str:
    assert response.status_code == 200, response.status_code
    return re.fullmatch(r'attachment; filename="(.+)"', response["Content-Disposition"]).group(1)


def test_the_directory_and_compliance_downloads_carry_the_coalitions_short_name(oif, client, client_for, member_user):
    directory = filename(client.get(reverse("members:directory-csv")))
    assert re.fullmatch(r"oif-directory-\d{4}-\d{2}-\d{2}\.csv", directory)
    compliance = filename(client_for(member_user).get(reverse("members:compliance-csv")))
    assert re.fullmatch(r"oif-compliance-\d{4}-\d{2}-\d{2}\.csv", compliance)


def test_the_open_data_archive_and_its_folder_carry_the_coalitions_short_name(oif, client):
    response = client.get(reverse("open-data"))
    assert filename(response) == "oif-open-data.zip"
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert names and all(name.startswith("oif-open-data/") for name in names)


def test_a_meetings_exports_carry_the_coalitions_short_name(oif, client):
    meeting = PublishedMeetingFactory(starts_at=timezone.now() - timedelta(days=3))
    MinutesFactory(meeting=meeting, summary="Held.", published_at=timezone.now() - timedelta(days=1))
    stem = f"{meeting.starts_at:%Y-%m-%d}-{meeting.pk}"
    assert filename(client.get(reverse("meetings:minutes-md", args=[meeting.pk]))) == f"oif-minutes-{stem}.md"
    assert filename(client.get(reverse("meetings:record-csv", args=[meeting.pk]))) == f"oif-record-{stem}.csv"
