"""Each domain event writes one outbox row per recipient of its audience, in the emitter's transaction."""

import pytest
from django.utils import timezone

from governance.models import Motion
from kernel.events import emit
from members.models import Affiliation, RoleAssignment
from members.services import role_assign
from members.tests.factories import UserFactory
from notifications import handlers
from notifications.models import Announcement, ListAddress, OutboxMessage
from notifications.tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def recipients_of(key: str) -> set[str]:
    return set(OutboxMessage.objects.filter(announcement__key=key).values_list("to_email", flat=True))


def test_an_emitted_agenda_reaches_the_community_and_the_lists_with_the_ics(coordinator, board_member, member_user):
    ListAddress.objects.create(address="list@example.org", name="Community", kinds=["announcements"])
    ListAddress.objects.create(address="minutes-only@example.org", name="Minutes", kinds=["minutes"])
    meeting = MeetingFactory()
    emit("agenda_published", meeting=meeting)
    key = f"agenda_published:meeting:{meeting.pk}"
    assert recipients_of(key) == {coordinator.email, board_member.email, "list@example.org"}
    message = OutboxMessage.objects.filter(announcement__key=key).first()
    assert message.attachments[0]["filename"] == "meeting.ics"
    assert "BEGIN:VEVENT" in message.attachments[0]["content"]


def test_published_minutes_reach_the_community_and_minutes_lists(coordinator):
    ListAddress.objects.create(address="minutes@example.org", name="Minutes", kinds=["minutes"])
    meeting = MeetingFactory()
    emit("minutes_published", meeting=meeting)
    assert recipients_of(f"minutes_published:meeting:{meeting.pk}") == {coordinator.email, "minutes@example.org"}


@pytest.mark.parametrize("event", ["motion_opened", "motion_vote_called", "motion_closed"])
def test_motion_events_reach_the_board_representatives_and_alternates_only(
    event, company, board_member, other_board_member, coordinator
):
    alternate = UserFactory(email="alternate@example.org")
    Affiliation.objects.create(user=alternate, company=company)
    role_assign(company=company, user=alternate, role=RoleAssignment.Role.BOARD_ALTERNATE, by=None)
    motion = Motion.objects.create(title="Adopt the roadmap", text="…", proposer=board_member)
    emit(event, motion=motion)
    assert recipients_of(f"{event}:motion:{motion.pk}") == {
        board_member.email,
        other_board_member.email,
        alternate.email,
    }


def test_a_revocation_notice_reaches_the_companys_coordinators_and_cannot_be_opted_out_of(
    company, coordinator, other_coordinator, board_member
):
    from notifications.services.preferences import preference_set

    for kind in ["announcements", "reminders", "minutes", "board", "roadmap", "action_digest"]:
        preference_set(user=coordinator, kind=kind, enabled=False)
    motion = Motion.objects.create(
        title="Revoke AT&T",
        text="…",
        kind=Motion.Kind.REVOKE,
        subject_company=company,
        proposer=board_member,
        cure_period_ends_at=timezone.now(),
    )
    emit("revocation_notice", motion=motion)
    assert recipients_of(f"revocation_notice:motion:{motion.pk}") == {coordinator.email}
    message = OutboxMessage.objects.get(announcement__key=f"revocation_notice:motion:{motion.pk}")
    assert "AT&T" in message.body_text and "AT&amp;T" not in message.body_text


def test_the_invitation_handler_writes_one_mail_with_the_set_password_link(company, coordinator):
    invitee = UserFactory(email="new@example.org")
    handlers.person_invited(
        user=invitee,
        company=company,
        role=RoleAssignment.Role.COORDINATOR,
        invited_by=coordinator,
        set_password_url="https://portal.example.org/accounts/password/reset/key/abc/",
    )
    message = OutboxMessage.objects.get(to_email=invitee.email)
    assert "https://portal.example.org/accounts/password/reset/key/abc/" in message.body_text
    assert "coordinator for AT&T" in message.body_text


def test_an_event_emitted_twice_creates_one_announcement(coordinator):
    meeting = MeetingFactory()
    emit("agenda_published", meeting=meeting)
    emit("agenda_published", meeting=meeting)
    assert Announcement.objects.count() == 1
    assert OutboxMessage.objects.count() == 1


def test_the_rows_are_queued_only_after_commit(coordinator, django_capture_on_commit_callbacks):
    meeting = MeetingFactory()  # outside: saving it queues the public record's version bump
    with django_capture_on_commit_callbacks() as callbacks:
        emit("agenda_published", meeting=meeting)
    assert len(callbacks) == 1


def test_a_confidential_agenda_item_is_not_named_in_the_announcement(board_member):
    from meetings.models import AgendaItem

    meeting = MeetingFactory(kind="executive_board")
    AgendaItem.objects.create(meeting=meeting, position=1, title="Roadmap review")
    AgendaItem.objects.create(meeting=meeting, position=2, title="Dispute with ACME", confidential=True)
    emit("agenda_published", meeting=meeting)
    message = OutboxMessage.objects.get()
    assert "Roadmap review" in message.body_text and "Confidential item" in message.body_text
    assert "ACME" not in message.body_text and "ACME" not in message.body_html
