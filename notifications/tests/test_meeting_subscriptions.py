"""Each person hears about the kinds of meeting they choose (by default: the public kinds if they are
affiliated, the executive board's if they sit on the board or in the Secretariat), and each list
address about the kinds the Secretariat gave it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kernel.events import emit
from members.models import Affiliation, RoleAssignment
from members.services import role_assign
from members.tests.factories import UserFactory
from notifications import audiences, reminders
from notifications.models import ListAddress, MeetingKind, MeetingSubscription, OutboxMessage
from notifications.services.preferences import meeting_subscription_set
from notifications.tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db

PUBLIC = ["topical_forum", "general", "team"]


@pytest.fixture
def alternate(company):
    person = UserFactory(email="alternate.att@example.org")
    Affiliation.objects.create(user=person, company=company)
    role_assign(company=company, user=person, role=RoleAssignment.Role.BOARD_ALTERNATE, by=None)
    return person


def emails(queryset) -> set[str]:
    return {person.email for person in queryset}


def recipients_of(key: str) -> set[str]:
    return set(OutboxMessage.objects.filter(announcement__key=key).values_list("to_email", flat=True))


@pytest.mark.parametrize("meeting_kind", PUBLIC)
def test_a_public_kind_reaches_everyone_affiliated_by_default_and_no_one_else(
    meeting_kind, coordinator, board_member, member_user, secretariat
):
    assert emails(audiences.meeting_subscribers(meeting_kind)) == {coordinator.email, board_member.email}


def test_the_executive_board_reaches_representatives_alternates_and_the_secretariat_by_default(
    coordinator, board_member, alternate, member_user, secretariat
):
    assert emails(audiences.meeting_subscribers("executive_board")) == {
        board_member.email,
        alternate.email,
        secretariat.email,
    }


def test_a_person_who_turns_a_kind_off_no_longer_hears_about_it(coordinator, board_member):
    meeting_subscription_set(user=coordinator, meeting_kind="topical_forum", enabled=False)
    meeting_subscription_set(user=board_member, meeting_kind="executive_board", enabled=False)
    assert emails(audiences.meeting_subscribers("topical_forum")) == {board_member.email}
    assert emails(audiences.meeting_subscribers("general")) == {coordinator.email, board_member.email}
    assert emails(audiences.meeting_subscribers("executive_board")) == set()


def test_anyone_may_turn_on_a_kind_their_roles_do_not_give_them(coordinator, member_user):
    meeting_subscription_set(user=coordinator, meeting_kind="executive_board", enabled=True)
    meeting_subscription_set(user=member_user, meeting_kind="team", enabled=True)
    assert emails(audiences.meeting_subscribers("executive_board")) == {coordinator.email}
    assert emails(audiences.meeting_subscribers("team")) == {coordinator.email, member_user.email}


def test_an_inactive_person_hears_about_nothing(coordinator, board_member):
    meeting_subscription_set(user=coordinator, meeting_kind="executive_board", enabled=True)
    coordinator.is_active = False
    coordinator.save()
    assert emails(audiences.meeting_subscribers("general")) == {board_member.email}
    assert emails(audiences.meeting_subscribers("executive_board")) == {board_member.email}


def test_the_default_follows_a_new_role(company, coordinator):
    assert audiences.meeting_kinds_for(coordinator) == {**dict.fromkeys(PUBLIC, True), "executive_board": False}
    role_assign(company=company, user=coordinator, role=RoleAssignment.Role.BOARD_ALTERNATE, by=None)
    assert audiences.meeting_kinds_for(coordinator)["executive_board"] is True
    assert coordinator.email in emails(audiences.meeting_subscribers("executive_board"))


def test_a_new_list_address_receives_the_public_kinds_and_only_what_it_was_given(db):
    everything = ListAddress.objects.create(address="all@example.org", name="All", kinds=["announcements"])
    assert everything.meeting_kinds == PUBLIC
    ListAddress.objects.create(
        address="board@example.org", name="Board", kinds=["announcements"], meeting_kinds=["executive_board"]
    )
    assert {r.email for r in audiences.lists("announcements", "general")} == {"all@example.org"}
    assert {r.email for r in audiences.lists("announcements", "executive_board")} == {"board@example.org"}
    assert {r.email for r in audiences.lists("minutes", "general")} == set()


@pytest.mark.parametrize("event", ["agenda_published", "minutes_published", "meeting_cancelled"])
def test_a_meeting_event_reaches_the_subscribers_and_lists_of_its_kind(
    event, coordinator, board_member, alternate, secretariat, member_user
):
    kinds = ["announcements", "minutes"]
    ListAddress.objects.create(address="community@example.org", name="Community", kinds=kinds)
    ListAddress.objects.create(
        address="board-list@example.org", name="Board", kinds=kinds, meeting_kinds=["executive_board"]
    )
    meeting_subscription_set(user=member_user, meeting_kind="executive_board", enabled=True)
    meeting_subscription_set(user=alternate, meeting_kind="general", enabled=False)
    board_meeting = MeetingFactory(kind="executive_board")
    general = MeetingFactory(kind="general")
    emit(event, meeting=board_meeting)
    emit(event, meeting=general)
    assert recipients_of(f"{event}:meeting:{board_meeting.pk}") == {
        board_member.email,
        alternate.email,
        secretariat.email,
        member_user.email,
        "board-list@example.org",
    }
    assert recipients_of(f"{event}:meeting:{general.pk}") == {
        coordinator.email,
        board_member.email,
        "community@example.org",
    }


def test_the_meeting_reminder_reaches_the_subscribers_and_lists_of_each_meetings_kind(
    coordinator, board_member, secretariat
):
    ListAddress.objects.create(
        address="reminders@example.org", name="Reminders", kinds=["reminders"], meeting_kinds=["topical_forum"]
    )
    forum = MeetingFactory(kind="topical_forum", starts_at=timezone.now() + timedelta(hours=20))
    board_meeting = MeetingFactory(kind="executive_board", starts_at=timezone.now() + timedelta(hours=20))
    assert reminders.meeting_reminders_send() == 2
    assert recipients_of(f"meeting_reminder:meeting:{forum.pk}") == {
        coordinator.email,
        board_member.email,
        "reminders@example.org",
    }
    assert recipients_of(f"meeting_reminder:meeting:{board_meeting.pk}") == {board_member.email, secretariat.email}


def test_the_preferences_page_shows_the_defaults_of_the_persons_roles(client_for, board_member):
    response = client_for(board_member).get(reverse("notifications:preferences"))
    content = response.content.decode()
    assert "About these meetings" in content
    form = response.context["form"]
    assert {kind: form[f"meeting_{kind}"].value() for kind in MeetingKind.values} == dict.fromkeys(
        MeetingKind.values, True
    )


def test_saving_preferences_records_only_the_meeting_kinds_the_person_changed(client_for, coordinator):
    chosen = dict.fromkeys(["announcements", "reminders", "minutes", "board", "roadmap", "action_digest"], "on")
    chosen |= {"meeting_topical_forum": "on", "meeting_general": "on", "meeting_executive_board": "on"}
    response = client_for(coordinator).post(reverse("notifications:preferences"), chosen)
    assert response.status_code == 302
    assert dict(MeetingSubscription.objects.filter(user=coordinator).values_list("meeting_kind", "enabled")) == {
        "executive_board": True,
        "team": False,
    }
    assert audiences.meeting_kinds_for(coordinator) == {
        "topical_forum": True,
        "general": True,
        "executive_board": True,
        "team": False,
    }
