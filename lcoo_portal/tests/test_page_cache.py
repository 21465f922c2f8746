"""Visitors' pages are cached whole until the public record changes; nothing personal is ever cached.

Every service that changes what a visitor sees is run between two visits (its transaction committed,
as in production): the second visit shows the change.
"""

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib import messages
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from governance.models import Motion
from governance.services.lifecycle import motion_close, motion_open
from governance.tests.conftest import chair, in_days, seats, third_board_member, third_company  # noqa: F401
from governance.tests.factories import CharterVersionFactory, MotionFactory
from kernel.public_record import public_record_version
from lcoo_portal.middleware import _cacheable_response
from meetings.services.agenda import agenda_publish
from meetings.services.meeting import meeting_cancel
from meetings.services.minutes import minutes_publish
from meetings.services.record import erratum_add
from meetings.tests.factories import AgendaItemFactory, MeetingFactory, MinutesFactory, PublishedMeetingFactory
from members import services as members
from members.models import Company, RoleAssignment
from members.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PORTAL_PAGE_CACHE = True


@pytest.fixture
def visitor() -> Client:
    return Client()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a service and its after-commit work, as a committed request would."""

    def run(service, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return service(**kwargs)

    return run


def page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_visitors_second_request_is_served_from_the_cache_without_a_query(visitor, django_assert_num_queries):
    PublishedMeetingFactory(title="Cached forum")
    assert "Cached forum" in page(visitor, "/meetings/")
    with django_assert_num_queries(0):
        assert "Cached forum" in page(visitor, "/meetings/")


def test_without_a_commit_the_version_does_not_move(company):
    before = public_record_version()
    members.company_update_profile(company=company, by=None, website="https://no-commit.example.org/")
    assert public_record_version() == before


def test_a_commit_moves_the_version(committed, company):
    before = public_record_version()
    committed(members.company_update_profile, company=company, by=None, website="https://committed.example.org/")
    assert public_record_version() > before


def test_a_signed_in_page_is_neither_served_from_nor_stored_in_the_cache(client_for, board_member, visitor):
    assert "Sign out" not in page(visitor, "/members/")
    board = client_for(board_member)
    assert "Sign out" in page(board, "/members/")
    assert "Sign out" not in page(visitor, "/members/")
    # and the signed-in page did not replace the visitor's
    board2 = client_for(board_member)
    assert str(board_member) in page(board2, "/")
    assert str(board_member) not in page(visitor, "/")


def test_a_visitor_with_a_message_waiting_is_not_served_a_cached_page(visitor, rf):
    page(visitor, "/meetings/")
    session = visitor.session
    session.save()
    visitor.cookies["sessionid"] = session.session_key
    # a message left for the visitor by a previous request (cookie storage)
    from django.contrib.messages.storage.cookie import CookieStorage

    request = rf.get("/")
    storage = CookieStorage(request)
    storage.add(messages.INFO, "A message for this visitor only")
    response = Client().get("/")  # any response to carry the cookie out of the storage
    storage.update(response)
    visitor.cookies["messages"] = response.cookies["messages"].value
    assert "A message for this visitor only" in page(visitor, "/meetings/")
    assert "A message for this visitor only" not in page(Client(), "/meetings/")


def test_a_response_that_used_a_csrf_token_or_set_a_cookie_is_not_stored():
    request = RequestFactory().get("/")
    from django.contrib.sessions.backends.cache import SessionStore
    from django.http import HttpResponse

    request.session = SessionStore()
    assert _cacheable_response(request, HttpResponse("ok"))
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    assert not _cacheable_response(request, HttpResponse("ok"))
    del request.META["CSRF_COOKIE_NEEDS_UPDATE"]
    with_cookie = HttpResponse("ok")
    with_cookie.set_cookie("x", "y")
    assert not _cacheable_response(request, with_cookie)
    request.session["x"] = 1
    assert not _cacheable_response(request, HttpResponse("ok"))


def test_cached_pages_answer_conditional_requests_with_304(visitor):
    PublishedMeetingFactory()
    first = visitor.get("/meetings/calendar.ics")
    assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]
    again = visitor.get("/meetings/calendar.ics", headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304 and again.content == b""
    since = visitor.get("/meetings/feed/")
    later = visitor.get("/meetings/feed/", headers={"if-modified-since": since["Last-Modified"]})
    assert later.status_code == 304


def test_a_change_answers_the_old_etag_with_the_new_page(visitor, committed, secretariat):
    meeting = PublishedMeetingFactory(title="Before the change")
    first = visitor.get("/meetings/calendar.ics")
    committed(meeting_cancel, meeting=meeting, by=secretariat, reason="The venue fell through")
    after = visitor.get("/meetings/calendar.ics", headers={"if-none-match": first["ETag"]})
    assert after.status_code == 200 and b"CANCELLED" in after.content


# --- Every service that changes what a visitor sees ----------------------------------------------


def test_publishing_an_agenda_shows_the_meeting(visitor, committed, secretariat):
    meeting = MeetingFactory(title="Draft forum")
    AgendaItemFactory(meeting=meeting)
    assert "Draft forum" not in page(visitor, "/meetings/")
    committed(agenda_publish, meeting=meeting, by=secretariat)
    assert "Draft forum" in page(visitor, "/meetings/")


def test_publishing_minutes_shows_them(visitor, committed, secretariat):
    meeting = PublishedMeetingFactory(starts_at=datetime(2024, 3, 7, 15, tzinfo=UTC))
    MinutesFactory(meeting=meeting, summary="We agreed on the telemetry spec")
    url = meeting.get_absolute_url()
    assert "We agreed on the telemetry spec" not in page(visitor, url)
    committed(minutes_publish, meeting=meeting, by=secretariat)
    assert "We agreed on the telemetry spec" in page(visitor, url)


def test_cancelling_a_meeting_shows_it_cancelled(visitor, committed, secretariat):
    meeting = PublishedMeetingFactory(starts_at=timezone.now() + timedelta(days=3))
    assert "Cancelled" not in page(visitor, meeting.get_absolute_url())
    committed(meeting_cancel, meeting=meeting, by=secretariat, reason="The venue fell through")
    assert "Cancelled" in page(visitor, meeting.get_absolute_url())


def test_correcting_a_published_agenda_shows_the_erratum(visitor, committed, secretariat):
    # A published agenda is final: the change a visitor sees is an erratum beside it.
    item = AgendaItemFactory(title="Old title")
    url = item.meeting.get_absolute_url()
    assert "Old title" in page(visitor, url)
    assert "Item 2 is titled New title" not in page(visitor, url)
    committed(
        erratum_add,
        meeting=item.meeting,
        part="agenda",
        correction="Item 2 is titled New title",
        reason="Typo in the title",
        by=secretariat,
    )
    assert "Item 2 is titled New title" in page(visitor, url)


def test_editing_a_company_shows_the_new_profile(visitor, committed, company, coordinator):
    url = reverse("members:company", args=[company.slug])
    assert "Forty regions" not in page(visitor, url)
    committed(members.company_update_profile, company=company, by=coordinator, estate_description="Forty regions")
    assert "Forty regions" in page(visitor, url)


def test_a_company_transition_shows_in_the_directory(visitor, committed, secretariat):
    prospect = Company.objects.create(name="Comcast", slug="comcast", status=Company.Status.PROSPECT)
    assert "Participating" not in page(visitor, prospect.get_absolute_url())
    committed(
        members.company_transition,
        company=prospect,
        to_status=Company.Status.PARTICIPATING,
        by=secretariat,
        reason="Joined a forum",
    )
    assert "Participating" in page(visitor, prospect.get_absolute_url())


def test_assigning_a_role_shows_the_person_on_the_company_page(visitor, committed, company, secretariat):
    person = UserFactory(display_name="Zelda Quartermain")
    assert "Zelda Quartermain" not in page(visitor, company.get_absolute_url())
    committed(members.role_assign, company=company, user=person, role=RoleAssignment.Role.COORDINATOR, by=secretariat)
    assert "Zelda Quartermain" in page(visitor, company.get_absolute_url())


def test_closing_a_motion_shows_its_result(visitor, committed, seats, chair):  # noqa: F811
    motion = MotionFactory(proposer=chair, title="Adopt the roadmap process")
    motion_open(motion=motion, by=chair, consensus_deadline=in_days(7))
    url = motion.get_absolute_url()
    assert "Adopted by consensus" not in page(visitor, url)
    Motion.objects.filter(pk=motion.pk).update(consensus_deadline=in_days(-0.01))
    committed(motion_close, motion=motion, by=chair)
    assert "Adopted by consensus" in page(visitor, url)


def test_amending_the_charter_shows_the_new_text(visitor, committed, seats, chair):  # noqa: F811
    CharterVersionFactory(number=1, text="The original charter.")
    assert "The amended charter." not in page(visitor, "/governance/charter/")
    motion = MotionFactory(
        proposer=chair, kind=Motion.Kind.CHARTER_AMENDMENT, charter_text="The amended charter.", title="Amend"
    )
    motion_open(motion=motion, by=chair, consensus_deadline=in_days(7))
    Motion.objects.filter(pk=motion.pk).update(consensus_deadline=in_days(-0.01))
    committed(motion_close, motion=motion, by=chair)
    assert "The amended charter." in page(visitor, "/governance/charter/")


def test_opening_a_motion_shows_it_on_the_governance_page(visitor, committed, seats, chair):  # noqa: F811
    motion = MotionFactory(proposer=chair, title="A motion just opened")
    assert "A motion just opened" not in page(visitor, "/governance/")
    committed(motion_open, motion=motion, by=chair, consensus_deadline=in_days(7))
    assert "A motion just opened" in page(visitor, "/governance/")
