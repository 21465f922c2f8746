"""Every page of the benchmark takes the same number of queries at two sizes of the archive, as a
visitor and as a signed-in board member: templates never query, and nothing loads the archive."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from governance.models import Motion
from governance.tests.factories import CharterVersionFactory, RoadmapQuarterFactory
from lcoo_portal.loaddata import generate_rows
from meetings.models import Meeting
from members.models import User

pytestmark = pytest.mark.django_db

SMALL = {"companies": 12, "people": 40, "meetings": 120, "actions": 60, "motions": 4, "attended_meetings": 5}
LARGE = {"companies": 60, "people": 150, "meetings": 1200, "actions": 600, "motions": 30, "attended_meetings": 40}


def pages() -> dict[str, str]:
    meeting = (
        Meeting.objects.with_published_minutes()
        .filter(title__contains=":", starts_at__lt=timezone.now())
        .order_by("starts_at")
        .first()
    )
    motion = Motion.objects.filter(status__in=[Motion.Status.PASSED, Motion.Status.FAILED]).order_by("pk").first()
    return {
        "home": "/",
        "directory": "/members/",
        "company": "/members/t-c00001/",
        "meetings": "/meetings/",
        "meeting with minutes": meeting.get_absolute_url(),
        "search": "/meetings/search/?q=telemetry+upgrade",
        "calendar": "/meetings/calendar.ics",
        "feed": "/meetings/feed/",
        "governance": "/governance/",
        "decided motion": motion.get_absolute_url(),
        "charter": "/governance/charter/",
        "roadmap": "/governance/roadmap/",
    }


def counts(client, urls: dict[str, str]) -> dict[str, int]:
    result = {}
    for name, url in urls.items():
        client.get(url)  # first use: content types, groups and such, cached per process
        with CaptureQueriesContext(connection) as context:
            response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        result[name] = len(context.captured_queries)
    return result


def test_every_page_takes_as_many_queries_at_ten_times_the_archive(client, client_for):
    CharterVersionFactory(number=1)
    RoadmapQuarterFactory()
    generate_rows(prefix="t", counts=SMALL, note=lambda text: None)
    urls = pages()
    board = client_for(User.objects.get(email="t-p00000@load.example.org"))
    small = {"visitor": counts(client, urls), "board": counts(board, urls)}

    generate_rows(prefix="u", counts=LARGE, note=lambda text: None, seed=2)
    assert pages()["meeting with minutes"] == urls["meeting with minutes"]
    large = {"visitor": counts(client, urls), "board": counts(board, urls)}
    assert large == small
