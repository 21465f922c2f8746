"""Handlers of the domain events (kernel/events.py); NotificationsConfig.ready() imports this module,
and each handler registers itself with `@handles`.

Each runs inside the emitting service's transaction and writes the outbox rows there.
"""

from typing import Any, NamedTuple

from django.conf import settings
from django.urls import reverse

from governance.models import Motion
from governance.record import receipt_hash
from kernel.events import counts, handles
from meetings.models import Meeting
from members.models import Company, CompanyInvitation, RoleAssignment, SecurityEvent, User
from notifications import audiences
from notifications.ics import meeting_ics_attachment
from notifications.models import Kind
from notifications.services.announcements import (
    Recipient,
    absolute_url,
    announcement_create,
    recipients_deliverable,
)


def _meeting_audience(meeting: Meeting, kind: str) -> list[Recipient]:
    """The subscribers to the meeting's kind, and the lists that receive `kind` about such meetings."""
    return audiences.people(audiences.meeting_subscribers(meeting.kind)) + audiences.lists(kind, meeting.kind)


class MeetingMail(NamedTuple):
    """What a meeting event's mail is headed, which preference lets people opt out, and its link."""

    subject: str
    kind: str
    link_label: str
    calendar: bool  # carries the meeting's iCalendar entry (an invitation, or its cancellation)


MEETING_MAILS = {
    "agenda_published": MeetingMail("Agenda", Kind.ANNOUNCEMENTS, "The agenda in the portal", calendar=True),
    "minutes_published": MeetingMail("Minutes", Kind.MINUTES, "Read the minutes", calendar=False),
    "meeting_cancelled": MeetingMail("Cancelled", Kind.ANNOUNCEMENTS, "The meeting in the portal", calendar=True),
}


def _meeting_mail(meeting: Meeting, event: str, **context: Any) -> None:
    """The one meeting announcement: `event`'s mail (MEETING_MAILS) to the meeting's audience, its template
    given the meeting and `context`."""
    mail = MEETING_MAILS[event]
    announcement_create(
        event=event,
        key=f"{event}:meeting:{meeting.pk}",
        subject=f"{mail.subject}: {meeting.title}",
        template=event,
        kind=mail.kind,
        recipients=_meeting_audience(meeting, mail.kind),
        context_for=lambda recipient: {"meeting": meeting, **context},
        attachments=[meeting_ics_attachment(meeting)] if mail.calendar else None,
        link_url=meeting.get_absolute_url(),
        link_label=mail.link_label,
    )


def _meeting_mail_count(meeting: Meeting, event: str) -> int:
    kind = MEETING_MAILS[event].kind
    return len(recipients_deliverable(_meeting_audience(meeting, kind), kind))


@handles("agenda_published")
def agenda_published(*, meeting: Meeting, **_: object) -> None:
    # the mail goes to lists too: a board meeting's confidential items are shown as the public page shows them
    agenda_titles = [
        "Confidential item" if item.confidential else item.title for item in meeting.agenda_items.order_by("position")
    ]
    _meeting_mail(meeting, "agenda_published", agenda_items=agenda_titles)


@handles("minutes_published")
def minutes_published(*, meeting: Meeting, **_: object) -> None:
    _meeting_mail(meeting, "minutes_published")


@handles("meeting_cancelled")
def meeting_cancelled(*, meeting: Meeting, **_: object) -> None:
    _meeting_mail(meeting, "meeting_cancelled")


def _motion_notice(motion: Motion, event: str, headline: str) -> None:
    announcement_create(
        event=event,
        key=f"{event}:motion:{motion.pk}",
        subject=f"{headline}: {motion.title}",
        template="motion_notice",
        kind=Kind.BOARD,
        recipients=audiences.people(audiences.board()),
        context_for=lambda recipient: {"motion": motion, "headline": headline, "event": event},
        link_url=motion.get_absolute_url(),
        link_label="The motion in the portal",
    )


@handles("motion_opened")
def motion_opened(*, motion: Motion, **_: object) -> None:
    _motion_notice(motion, "motion_opened", "Open for consensus")


@handles("motion_vote_called")
def motion_vote_called(*, motion: Motion, **_: object) -> None:
    _motion_notice(motion, "motion_vote_called", "Vote called")


@handles("motion_closed")
def motion_closed(*, motion: Motion, **_: object) -> None:
    _motion_notice(motion, "motion_closed", f"Result ({motion.get_status_display()})")


@handles("revocation_notice")
def revocation_notice(*, motion: Motion, **_: object) -> None:
    """Mandatory: the company's coordinators cannot opt out of a notice about their membership."""
    announcement_create(
        event="revocation_notice",
        key=f"revocation_notice:motion:{motion.pk}",
        subject=f"Notice of a motion to revoke the membership of {motion.subject_company}",
        template="revocation_notice",
        recipients=audiences.people(audiences.coordinators(motion.subject_company_id)),
        context_for=lambda recipient: {"motion": motion, "company": motion.subject_company},
        link_url=motion.get_absolute_url(),
        link_label="The motion in the portal",
    )


@handles("person_invited")
def person_invited(
    *, user: User, company: Company, role: str, invited_by: User | None, set_password_url: str | None, **_: object
) -> None:
    """Mandatory: the invitation itself, with the link to choose a password for a new account."""
    assignment = RoleAssignment.objects.current().filter(user=user, company=company, role=role).first()
    announcement_create(
        event="person_invited",
        key=f"person_invited:user:{user.pk}:role_assignment:{getattr(assignment, 'pk', None)}",
        subject=f"You are now {RoleAssignment.Role(role).label.lower()} for {company.name} on the LCOO Portal",
        template="person_invited",
        recipients=[Recipient.for_user(user)],
        context_for=lambda recipient: {
            "company": company,
            "role_label": RoleAssignment.Role(role).label,
            "invited_by": invited_by,
            "set_password_url": set_password_url,
            "company_url": absolute_url(company.get_absolute_url()),
        },
    )


@handles("ballot_receipt_requested")
def ballot_receipt_requested(*, motion: Motion, user: User, company: Company, receipt: str, **_: object) -> None:
    """The voter's own receipt, to themselves only (mandatory mail: they asked for it)."""
    announcement_create(
        event="ballot_receipt_requested",
        key=f"ballot_receipt:{motion.pk}:{receipt_hash(receipt)}",
        subject=f"Your ballot receipt: {motion.title}",
        template="ballot_receipt",
        recipients=[Recipient.for_user(user)],
        context_for=lambda recipient: {"motion": motion, "company": company, "receipt": receipt},
        link_url=reverse("governance:motion-verify", args=[motion.pk]),
        link_label="Verify the record",
    )


@handles("company_invited")
def company_invited(*, invitation: CompanyInvitation, **_: object) -> None:
    """Mandatory: the invitation to join a company, with the link to accept it."""
    company = invitation.company
    announcement_create(
        event="company_invited",
        # each sending is its own mail: the first keeps the key it always had, a resend adds its number
        key=f"company_invited:invitation:{invitation.pk}"
        + (f":sent:{invitation.times_sent}" if invitation.times_sent > 1 else ""),
        subject=f"{invitation.invited_by or 'The LCOO Portal'} invites you to join {company.name} on the LCOO Portal",
        template="company_invited",
        recipients=[Recipient(email=invitation.email)],
        context_for=lambda recipient: {
            "invitation": invitation,
            "company": company,
            "accept_url": absolute_url(invitation.get_absolute_url()),
        },
    )


# How many people each event would e-mail now, counted as the outbox will write them (asked by the
# confirmation pages through kernel.events.audience_count).


@counts("agenda_published")
def agenda_published_count(*, meeting: Meeting, **_: object) -> int:
    return _meeting_mail_count(meeting, "agenda_published")


@counts("minutes_published")
def minutes_published_count(*, meeting: Meeting, **_: object) -> int:
    return _meeting_mail_count(meeting, "minutes_published")


@counts("meeting_cancelled")
def meeting_cancelled_count(*, meeting: Meeting, **_: object) -> int:
    return _meeting_mail_count(meeting, "meeting_cancelled")


@counts("motion_opened", "motion_vote_called", "motion_closed")
def motion_notice_count(*, motion: Motion, **_: object) -> int:
    return len(recipients_deliverable(audiences.people(audiences.board()), Kind.BOARD))


@counts("revocation_notice")
def revocation_notice_count(*, motion: Motion, **_: object) -> int:
    return len(recipients_deliverable(audiences.people(audiences.coordinators(motion.subject_company_id)), ""))


@handles("security_event")
def security_event(*, security_event: SecurityEvent, addresses: list[str], **_: object) -> None:
    """Mandatory: tell the person what happened to their account, and what to do if it was not them."""
    event = security_event
    user = event.user
    label = event.get_kind_display()
    subject = (
        "Someone who knows your password is trying to sign in"
        if event.kind == SecurityEvent.Kind.SECOND_FACTOR_FAILED
        else f"Your LCOO Portal account: {label.lower()}"
    )
    announcement_create(
        event="security_event",
        key=f"security_event:{event.pk}",
        subject=subject,
        template="security_event",
        recipients=[
            Recipient(email=address, user=user, time_zone=str(user.time_zone), name=str(user)) for address in addresses
        ],
        context_for=lambda recipient: {
            "event": event,
            "label": label,
            "second_factor_failed": event.kind == SecurityEvent.Kind.SECOND_FACTOR_FAILED,
            "account_url": absolute_url(reverse("profile")),
            "password_url": absolute_url(reverse("account_change_password")),
            "reset_url": absolute_url(reverse("account_reset_password")),
            "contact_email": settings.PORTAL_CONTACT_EMAIL,
        },
    )
