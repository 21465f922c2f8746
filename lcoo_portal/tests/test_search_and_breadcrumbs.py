"""The header's search box finds meetings' minutes, motions and companies; breadcrumbs on the meeting,
motion and company pages; titles read "Meetings · LCOO Portal"."""

import pytest

from governance.models import Motion
from governance.tests.factories import MotionFactory
from meetings.tests.factories import MinutesFactory, PublishedMeetingFactory

pytestmark = pytest.mark.django_db


def test_the_header_search_finds_motions_companies_and_minutes(client, company):
    from django.utils import timezone

    MotionFactory(title="Admit Zephyr Cloud", status=Motion.Status.CONSENSUS)
    MotionFactory(title="Zephyr draft", status=Motion.Status.DRAFT)
    company.estate_description = "Zephyr regions in Europe"
    company.save()
    meeting = PublishedMeetingFactory(title="General meeting")
    MinutesFactory(meeting=meeting, summary="We discussed Zephyr.", published_at=timezone.now())
    html = client.get("/meetings/search/", {"q": "zephyr"}).content.decode()
    assert 'role="search"' in html
    assert "Admit Zephyr Cloud" in html
    assert "Zephyr draft" not in html  # drafts are never searched
    assert company.get_absolute_url() in html
    assert "Minutes of General meeting" in html
    assert "3 results for" in html


def test_pages_are_titled_page_then_portal(client):
    assert "<title>Meetings · LCOO Portal</title>" in client.get("/meetings/").content.decode()


def test_meeting_motion_and_company_pages_have_breadcrumbs(client, company):
    meeting = PublishedMeetingFactory(title="General meeting")
    motion = MotionFactory(title="A resolution", status=Motion.Status.CONSENSUS)
    for url, section in [
        (meeting.get_absolute_url(), "Meetings"),
        (motion.get_absolute_url(), "Governance"),
        (company.get_absolute_url(), "Members"),
    ]:
        html = client.get(url).content.decode()
        crumbs = html.split('aria-label="Breadcrumb"')[1].split("</nav>")[0]
        assert ">Home</a>" in crumbs and f">{section}</a>" in crumbs and 'aria-current="page"' in crumbs
