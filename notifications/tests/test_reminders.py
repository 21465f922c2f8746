"""The periodic scans find what is due in the database; running one twice sends nothing twice."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from governance.models import OfficerTerm
from meetings.models import ActionItem
from members.models import Company
from notifications import reminders
from notifications.models import Announcement, OutboxMessage
from notifications.tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def recipients(event: str) -> set[str]:
    return set(OutboxMessage.objects.filter(announcement__event=event).values_list("to_email", flat=True))


def test_a_meeting_starting_within_24_hours_is_reminded_once(coordinator):
    soon = MeetingFactory(starts_at=timezone.now() + timedelta(hours=20))
    MeetingFactory(starts_at=timezone.now() + timedelta(hours=30))
    MeetingFactory(starts_at=timezone.now() + timedelta(hours=10), agenda_published_at=None)
    assert reminders.meeting_reminders_send() == 1
    assert reminders.meeting_reminders_send() == 1
    assert list(Announcement.objects.values_list("key", flat=True)) == [f"meeting_reminder:meeting:{soon.pk}"]
    assert OutboxMessage.objects.count() == 1


def test_a_draft_agenda_two_days_before_its_deadline_warns_the_secretariat_and_the_chair(
    secretariat, board_member, company, coordinator
):
    OfficerTerm.objects.create(
        office="chair",
        user=board_member,
        company=company,
        starts_on=date.today() - timedelta(days=30),
        ends_on=date.today() + timedelta(days=300),
    )
    # a general meeting's agenda is due 2 days ahead: in 3 days, the deadline is tomorrow
    draft = MeetingFactory(starts_at=timezone.now() + timedelta(days=3), agenda_published_at=None)
    MeetingFactory(starts_at=timezone.now() + timedelta(days=3))  # published: nothing to say
    MeetingFactory(starts_at=timezone.now() + timedelta(days=9), agenda_published_at=None)  # not yet
    assert reminders.agenda_draft_reminders_send() == 1
    assert Announcement.objects.get().key == f"agenda_draft_reminder:meeting:{draft.pk}"
    assert recipients("agenda_draft_reminder") == {secretariat.email, board_member.email}


def test_coordinators_of_companies_with_an_old_fte_declaration_are_asked_to_confirm(
    company, other_company, coordinator, other_coordinator
):
    Company.objects.filter(pk=company.pk).update(ftes_declared_at=timezone.now() - timedelta(days=100))
    Company.objects.filter(pk=other_company.pk).update(ftes_declared_at=timezone.now() - timedelta(days=10))
    assert reminders.fte_confirmation_reminders_send(today=date(2027, 1, 2)) == 0  # not the first working day
    assert reminders.fte_confirmation_reminders_send(today=date(2027, 1, 1)) == 1
    assert recipients("fte_confirmation") == {coordinator.email}


def test_the_weekly_digest_gives_each_owner_one_mail_with_their_open_items(coordinator, board_member):
    meeting = MeetingFactory()
    ActionItem.objects.create(meeting=meeting, text="Draft the survey", owner=coordinator)
    ActionItem.objects.create(meeting=meeting, text="Book the room", owner=coordinator, position=1)
    ActionItem.objects.create(
        meeting=meeting, text="Done already", owner=board_member, status="done", closed_at=timezone.now()
    )
    assert reminders.action_digests_send(today=date(2027, 3, 1)) == 1
    message = OutboxMessage.objects.get()
    assert message.to_email == coordinator.email
    assert "Draft the survey" in message.body_text and "Book the room" in message.body_text
    assert reminders.action_digests_send(today=date(2027, 3, 2)) == 1
    assert OutboxMessage.objects.count() == 1  # same ISO week: nothing new


def test_the_weekly_digest_leaves_out_confidential_items_for_an_owner_outside_the_board(coordinator, board_member):
    from meetings.models import AgendaItem

    meeting = MeetingFactory(kind="executive_board")
    secret = AgendaItem.objects.create(meeting=meeting, position=1, title="Dispute", confidential=True)
    ActionItem.objects.create(meeting=meeting, agenda_item=secret, text="Brief counsel", owner=coordinator)
    ActionItem.objects.create(meeting=meeting, agenda_item=secret, text="Call Acme", owner=board_member, position=1)
    assert reminders.action_digests_send(today=date(2027, 3, 1)) == 1
    message = OutboxMessage.objects.get()
    assert message.to_email == board_member.email and "Call Acme" in message.body_text


def test_the_monthly_realignment_reminder_goes_to_the_board(board_member, coordinator):
    reminders.realignment_reminder_send(today=date(2027, 2, 1))
    assert recipients("realignment_reminder") == {board_member.email}


def test_the_quarterly_roadmap_reminder_goes_to_the_board_and_coordinators(board_member, coordinator, member_user):
    reminders.roadmap_reminder_send(today=date(2027, 4, 1))
    assert recipients("roadmap_reminder") == {board_member.email, coordinator.email}
    assert Announcement.objects.get().key == "roadmap_reminder:2027-Q2"


def test_seats_that_have_not_voted_are_reminded_48_hours_before_voting_closes(
    company, other_company, board_member, other_board_member, coordinator
):
    from governance.models import Ballot, Motion

    motion = Motion.objects.create(
        title="Adopt the roadmap",
        text="…",
        proposer=board_member,
        status=Motion.Status.VOTING,
        voting_deadline=timezone.now() + timedelta(hours=30),
    )
    motion.electorate.set([company, other_company])
    Ballot.objects.create(motion=motion, company=company, cast_by=board_member, choice="yes", receipt_hash="r1")
    assert reminders.governance_deadline_reminders_send() == 1
    assert recipients("vote_closing_reminder") == {other_board_member.email}


def test_coordinators_are_reminded_a_week_before_the_cure_period_ends(company, coordinator, board_member):
    from governance.models import Motion

    Motion.objects.create(
        title="Revoke AT&T",
        text="…",
        kind=Motion.Kind.REVOKE,
        subject_company=company,
        proposer=board_member,
        status=Motion.Status.CONSENSUS,
        cure_period_ends_at=timezone.now() + timedelta(days=5),
    )
    assert reminders.governance_deadline_reminders_send() == 1
    assert recipients("cure_period_reminder") == {coordinator.email}
    assert "cure period" in OutboxMessage.objects.get().subject
