"""Nothing confidential or draft reaches a page, feed, calendar, search or export it should not.

Every URL pattern that takes no argument, and the pages of each seeded object, are rendered for the
anonymous visitor and each persona without a privilege over data holding one confidential board item
(with its decision and action item), a draft motion, a draft agenda and draft minutes, each carrying
a unique marker. No marker may appear. The Secretariat sees every marker somewhere, so the sweep can fail.
"""

import html
from datetime import timedelta

import pytest
from django.urls import URLResolver, get_resolver, reverse
from django.urls.exceptions import NoReverseMatch
from django.utils import timezone

from governance.models import Motion
from governance.tests.factories import MotionFactory
from meetings.models import Kind
from meetings.tests.factories import (
    ActionItemFactory,
    AgendaItemFactory,
    AttendanceFactory,
    DecisionFactory,
    MeetingFactory,
    MinutesFactory,
    PublishedMeetingFactory,
)
from members.models import Company, RoleAssignment, User
from members.services import role_assign
from members.tests.factories import CompanyFactory, UserFactory

SEARCHED = "albatross"  # in every marked text, so that one search finds them all: the query echo holds no marker
CONFIDENTIAL = {key: f"Zqxconf{key} {SEARCHED}" for key in ("item", "description", "discussion", "decision", "action")}
DRAFT = {
    key: f"Zqxdraft{key.replace('_', '')} {SEARCHED}"
    for key in (
        "motion",
        "motion_text",
        "agenda_meeting",
        "agenda_item",
        "minutes",
        "minutes_decision",
        "minutes_action",
        "minutes_attendee",
    )
}
MARKERS = {key: text.split()[0] for key, text in {**CONFIDENTIAL, **DRAFT}.items()}
UNPRIVILEGED = ["anonymous", "member_user", "coordinator", "other_coordinator", "prospect_rep", "revoked_rep"]


def _representative_of(status: str) -> User:
    company = CompanyFactory(name=f"A {status} company", status=status, member_since=None)
    user = UserFactory(email=f"board.{status}@example.org")
    role_assign(company=company, user=user, role=RoleAssignment.Role.BOARD_REPRESENTATIVE, by=None)
    return user


@pytest.fixture
def prospect_rep(db) -> User:
    return _representative_of(Company.Status.PROSPECT)


@pytest.fixture
def revoked_rep(db) -> User:
    return _representative_of(Company.Status.REVOKED)


@pytest.fixture
def record(company, coordinator, board_member) -> dict:
    """The seeded objects: what is confidential, what is a draft, and what is public around them."""
    now = timezone.now()
    board = PublishedMeetingFactory(
        kind=Kind.EXECUTIVE_BOARD,
        title="Board meeting, last month",
        starts_at=now - timedelta(days=30),
        agenda_published_at=now - timedelta(days=40),
        status="held",
    )
    secret = AgendaItemFactory(
        meeting=board,
        title=CONFIDENTIAL["item"],
        confidential=True,
        description=CONFIDENTIAL["description"],
        discussion=CONFIDENTIAL["discussion"],
    )
    AgendaItemFactory(meeting=board, title="Quarterly roadmap")
    MinutesFactory(meeting=board, summary="The board met.", published_at=now - timedelta(days=29))
    DecisionFactory(meeting=board, agenda_item=secret, text=CONFIDENTIAL["decision"])
    # owned by a coordinator outside the board: owning it does not make it theirs to see
    ActionItemFactory(
        meeting=board, agenda_item=secret, text=CONFIDENTIAL["action"], owner=coordinator, company=company
    )
    next_board = PublishedMeetingFactory(
        kind=Kind.EXECUTIVE_BOARD,
        title="Board meeting, next month",
        starts_at=now + timedelta(days=30),
        agenda_published_at=now - timedelta(days=1),
    )
    draft_agenda = MeetingFactory(title=DRAFT["agenda_meeting"], starts_at=now + timedelta(days=12))
    AgendaItemFactory(meeting=draft_agenda, title=DRAFT["agenda_item"])
    draft_minutes = PublishedMeetingFactory(
        title="General meeting, last week",
        starts_at=now - timedelta(days=7),
        agenda_published_at=now - timedelta(days=20),
    )
    AgendaItemFactory(meeting=draft_minutes, title="Joining procedure")
    MinutesFactory(meeting=draft_minutes, summary=DRAFT["minutes"])
    DecisionFactory(meeting=draft_minutes, text=DRAFT["minutes_decision"])
    ActionItemFactory(meeting=draft_minutes, text=DRAFT["minutes_action"], owner_name="All", company=company)
    AttendanceFactory(meeting=draft_minutes, name=DRAFT["minutes_attendee"], company=company)
    draft_motion = MotionFactory(
        title=DRAFT["motion"], text=DRAFT["motion_text"], proposer=board_member, meeting=next_board
    )
    public_motion = MotionFactory(
        title="An open resolution",
        proposer=board_member,
        status=Motion.Status.CONSENSUS,
        consensus_deadline=now + timedelta(days=7),
        meeting=board,
    )
    return {
        "meetings": [board, next_board, draft_agenda, draft_minutes],
        "motions": [draft_motion, public_motion],
        "companies": list(Company.objects.all()),
    }


def _patterns(resolvers, namespace: str = ""):
    for pattern in resolvers:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _patterns(pattern.url_patterns, inner)
        elif pattern.name:
            yield f"{namespace}{pattern.name}"


def urls_to_sweep(record: dict) -> list[str]:
    """Every URL without arguments, then the pages, calendars and record of each seeded object.

    The Django admin is left out: staff only, and its own permission tests cover it.
    """
    urls = set()
    for name in _patterns(get_resolver().url_patterns):
        if name.startswith("admin:"):
            continue
        try:
            urls.add(reverse(name))
        except NoReverseMatch:
            continue
    for meeting in record["meetings"]:
        urls |= {meeting.get_absolute_url(), reverse("meetings:meeting-ics", args=[meeting.pk])}
    for motion in record["motions"]:
        urls |= {motion.get_absolute_url(), reverse("governance:motion-verify", args=[motion.pk])}
    for company in record["companies"]:
        urls |= {company.get_absolute_url(), f"{reverse('meetings:actions')}?company={company.slug}"}
    urls |= {reverse("meetings:calendar-kind", args=[kind]) for kind in Kind.values}
    urls |= {f"{reverse('meetings:index')}?kind={kind}" for kind in Kind.values}
    urls |= {f"{reverse('search')}?q={SEARCHED}", f"{reverse('search')}?q=Zqx"}
    urls |= {f"{reverse('governance:motion-new')}?kind={kind}" for kind in Motion.Kind.values}
    return sorted(urls | api_urls(record))


def api_urls(record: dict) -> set[str]:
    """The API's endpoints (lists come with the URLs without arguments) for each seeded object and filter."""
    urls = {reverse("api:meeting-detail", args=[meeting.pk]) for meeting in record["meetings"]}
    urls |= {reverse("api:motion-detail", args=[motion.pk]) for motion in record["motions"]}
    urls |= {reverse("api:company-detail", args=[company.slug]) for company in record["companies"]}
    urls |= {f"{reverse('api:meeting-list')}?kind={kind}" for kind in Kind.values}
    urls |= {f"{reverse('api:motion-list')}?status={status}" for status in Motion.Status.values}
    return urls


def render(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code < 500, url
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode(errors="replace")


@pytest.mark.parametrize("name", UNPRIVILEGED)
def test_no_confidential_or_draft_marker_reaches_an_unprivileged_visitor(name, persona, client_for, record):
    client = client_for(persona(name))
    urls = urls_to_sweep(record)
    leaks = [(url, key) for url in urls for key, marker in MARKERS.items() if marker in render(client, url)]
    assert leaks == []
    assert len(urls) > 50  # the sweep covers the site, not a handful of pages


def test_the_secretariat_sees_every_marker_somewhere_so_the_sweep_can_fail(client_for, secretariat, record):
    client = client_for(secretariat)
    pages = "".join(render(client, url) for url in urls_to_sweep(record))
    assert [key for key, marker in MARKERS.items() if marker not in pages] == []


def test_a_seat_holder_sees_the_confidential_markers(client_for, board_member, record):
    client = client_for(board_member)
    pages = "".join(render(client, url) for url in urls_to_sweep(record))
    assert [key for key in CONFIDENTIAL if MARKERS[key] not in pages] == []


def test_the_sweep_counts_pages_times_personas(record, capsys):
    pages, personas = len(urls_to_sweep(record)), len(UNPRIVILEGED)
    with capsys.disabled():
        print(f"\nconfidential-marker sweep: {pages} pages x {personas} personas = {pages * personas}")
    assert pages * personas > 300


def test_the_sweep_covers_every_api_endpoint(record):
    """Each of the router's endpoints, and the detail of each seeded meeting, motion and company."""
    from lcoo_portal.api.urls import router

    urls = urls_to_sweep(record)
    for _prefix, _viewset, basename in router.registry:
        assert reverse(f"api:{basename}-list") in urls, basename
    assert {reverse("api:schema"), reverse("api:docs")} <= set(urls)
    for meeting in record["meetings"]:
        assert reverse("api:meeting-detail", args=[meeting.pk]) in urls
    for motion in record["motions"]:
        assert reverse("api:motion-detail", args=[motion.pk]) in urls


# --- parity: for every persona, nothing the API returns is hidden on the corresponding page: each object it
# lists has a page the persona may open, and each text it returns is on that page ---

PARITY_PERSONAS = [*UNPRIVILEGED, "board_member", "secretariat"]


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return html.unescape(response.content.decode())


def _all(client, url: str) -> list[dict]:
    rows = []
    while url:
        body = client.get(url).json()
        rows += body["results"]
        url = body["next"]
    return rows


@pytest.mark.parametrize("name", PARITY_PERSONAS)
def test_nothing_the_api_returns_is_hidden_on_the_page(name, persona, client_for, record):
    client = client_for(persona(name))
    hidden = []
    for row in _all(client, "/api/v1/meetings/?limit=200"):
        detail = client.get(row["url"]).json()
        page = _page(client, row["page_url"])
        texts = [item["title"] for item in detail["agenda"]]
        texts += [d["text"] for d in detail["decisions"]] + [a["text"] for a in detail["action_items"]]
        texts += [person for group in detail["attendance"] for person in group["people"]]
        # Markdown is rendered on the page: its first word stands for it (each marker is a first word)
        markdown = [item["description"] for item in detail["agenda"]]
        markdown += [detail["minutes"]["summary"]] if detail["minutes"] else []
        texts += [text.split()[0] for text in markdown if text]
        hidden += [(row["page_url"], text) for text in texts if text not in page]
    for row in _all(client, "/api/v1/motions/?limit=200"):
        detail = client.get(row["url"]).json()
        page = _page(client, row["page_url"])
        hidden += [(row["page_url"], text) for text in (detail["title"], detail["result_text"]) if text not in page]
    for row in _all(client, "/api/v1/companies/?limit=200"):
        page = _page(client, row["page_url"])
        hidden += [(row["page_url"], row["name"])] if row["name"] not in page else []
    assert hidden == []


def test_the_parity_check_can_fail_the_secretariat_reads_drafts_in_both(client_for, secretariat, record):
    """The Secretariat's API answer holds the draft meeting, and its page opens for them: the parity above
    compares real rows, not empty lists."""
    client = client_for(secretariat)
    titles = [row["title"] for row in _all(client, "/api/v1/meetings/?limit=200")]
    assert any(title.startswith("Zqxdraft") for title in titles)
