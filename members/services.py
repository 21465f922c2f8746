"""Actions on people and companies. Each is atomic, checks its preconditions and records who made it."""

import functools
import hashlib
import re
import secrets
import zoneinfo
from datetime import datetime, timedelta

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator, slugify
from guardian.shortcuts import assign_perm, remove_perm

from kernel.events import emit
from kernel.templatetags.portal_time import format_when
from kernel.validation import validate_display_name
from members.models import (
    EDIT_COMPANY_PERMISSION,
    Affiliation,
    Company,
    CompanyGroupObjectPermission,
    CompanyInvitation,
    CompanyUserObjectPermission,
    MembershipTransition,
    PersonalAccessToken,
    RoleAssignment,
    Team,
    TeamMembership,
    User,
)
from members.permissions import (
    authorise,
    can_change_status,
    can_create_company,
    can_edit_company,
    can_edit_person,
    can_manage_people,
    can_manage_role,
    can_manage_teams,
    is_secretariat,
)

# The joining procedure of the wiki page, and the charter's revocation by the board.
ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    Company.Status.PROSPECT: {Company.Status.PARTICIPATING, Company.Status.WITHDRAWN},
    Company.Status.PARTICIPATING: {Company.Status.REQUESTED, Company.Status.WITHDRAWN},
    Company.Status.REQUESTED: {Company.Status.MEMBER, Company.Status.PARTICIPATING, Company.Status.WITHDRAWN},
    Company.Status.MEMBER: {Company.Status.UNDER_REVIEW, Company.Status.WITHDRAWN},
    Company.Status.UNDER_REVIEW: {Company.Status.MEMBER, Company.Status.REVOKED, Company.Status.WITHDRAWN},
    Company.Status.REVOKED: {Company.Status.PROSPECT},
    Company.Status.WITHDRAWN: {Company.Status.PROSPECT},
}

# The charter: the board admits and revokes "through an action of the board". These statuses, and
# leaving a review, are only ever the effect of a decided motion; the Secretariat records the steps of
# the joining procedure and a withdrawal the company asks for.
BOARD_STATUSES = frozenset({Company.Status.MEMBER, Company.Status.UNDER_REVIEW, Company.Status.REVOKED})


def secretariat_steps(status: str) -> list[str]:
    """The steps the Secretariat may record from this status (the rest are the board's, by motion)."""
    if status in BOARD_STATUSES - {Company.Status.MEMBER}:
        return []
    return [s for s in ALLOWED_TRANSITIONS.get(status, set()) if s not in BOARD_STATUSES]


def history_reason(text: str) -> str:
    """simple-history keeps a change reason in 100 characters; the full text stays where it belongs."""
    return Truncator(text).chars(100)


def fields_assign(row: models.Model, values: dict[str, object]) -> list[str]:
    """Set on the row each of the values that differs from what it holds; the names of those fields, in the
    order given (empty: nothing differs, nothing was set). What an edit form's service saves and records."""
    changed = [field for field, value in values.items() if getattr(row, field) != value]
    for field in changed:
        setattr(row, field, values[field])
    return changed


def verbose_names(row: models.Model, fields: list[str]) -> list[str]:
    """The fields' names as the pages and the history say them."""
    return [str(row._meta.get_field(field).verbose_name) for field in fields]


@transaction.atomic
def user_update_profile(
    *, user: User, display_name: str, time_zone: str | zoneinfo.ZoneInfo, irc_nick: str | None = None
) -> User:
    """Change the name others see, the person's time zone and their meeting-bot nick. The name may not
    pose as a role of the portal, unless the person is the Secretariat (whose account may well be named so)."""
    if not is_secretariat(user):
        validate_display_name(display_name)
    zone = _known_zone(time_zone)
    user.display_name = display_name
    user.time_zone = zone
    user.time_zone_chosen = True
    fields = ["display_name", "time_zone", "time_zone_chosen"]
    if irc_nick is not None:
        _check_irc_nick(user, irc_nick)
        user.irc_nick = irc_nick.strip()
        fields.append("irc_nick")
    user.save(update_fields=fields)
    return user


def user_set_time_zone(*, user: User, time_zone: str) -> User:
    """The person chooses the zone they read times in (the footer's picker, or the browser's zone
    offered at sign-in). An unknown zone is refused with a ValidationError and nothing changes."""
    user.time_zone = _known_zone((time_zone or "").strip())
    user.time_zone_chosen = True
    user.save(update_fields=["time_zone", "time_zone_chosen"])
    return user


def user_dismiss_time_zone_offer(*, user: User) -> User:
    """The person declines the offer of a zone: it is not made again, and times keep following their
    browser (they still choose one from the footer or their profile)."""
    user.time_zone_offer_dismissed = True
    user.save(update_fields=["time_zone_offer_dismissed"])
    return user


@functools.cache
def _zone_field() -> forms.TypedChoiceField:
    return User._meta.get_field("time_zone").formfield()  # built once: it copies six hundred choices


def _known_zone(value: str | zoneinfo.ZoneInfo) -> zoneinfo.ZoneInfo:
    """The zone as the person's time zone field accepts it (one of its choices), or a ValidationError."""
    return _zone_field().clean(value)


IRC_NICK = re.compile(r"^[^\s<>#,:]{1,64}$")


def _check_irc_nick(user: User, nick: str) -> None:
    nick = nick.strip()
    if nick and not IRC_NICK.match(nick):
        raise ValidationError("An IRC nick is one word without spaces, “<”, “>”, “#”, “,” or “:”.")
    if nick and User.objects.filter(irc_nick__iexact=nick).exclude(pk=user.pk).exists():
        raise ValidationError(f"The nick “{nick}” is already someone else's.")


@transaction.atomic
def user_set_irc_nick(*, user: User, nick: str, by: User) -> User:
    """Remember the nick a person uses in meeting-bot logs (the minutes import's nick table saves it)."""
    authorise(by, lambda actor: can_edit_person(actor, user), "Only the person and the Secretariat change their nick.")
    user = User.objects.select_for_update().get(pk=user.pk)
    _check_irc_nick(user, nick)
    if user.irc_nick != nick.strip():
        user.irc_nick = nick.strip()
        user.save(update_fields=["irc_nick"])
    return user


ROLE_REFUSAL = "Only a company's coordinators name and end its coordinators; the Secretariat fills board seats."


@transaction.atomic
def role_assign(*, company: Company, user: User, role: str, by: User | None) -> RoleAssignment:
    """Give a person a company-bound role, ending whoever held a single-holder role before.

    A coordinator gets the object permission to edit the company; the board representative and the
    alternate are single seats, so a new holder ends the previous one's term. Coordinators are named by
    the company's coordinators and the Secretariat, board seats by the Secretariat (`can_manage_role`).
    """
    authorise(by, lambda actor: can_manage_role(actor, company, role), ROLE_REFUSAL)
    return _role_assign(company=company, user=user, role=role, by=by)


def _role_assign(*, company: Company, user: User, role: str, by: User | None) -> RoleAssignment:
    """role_assign without the actor's check, for a door that has authorised otherwise (an accepted invitation)."""
    company = Company.objects.select_for_update().get(pk=company.pk)
    now = timezone.now()
    current = RoleAssignment.objects.current().filter(company=company, role=role)
    if current.filter(user=user).exists():
        raise ValidationError(f"{user} is already {RoleAssignment.Role(role).label.lower()} for {company}.")
    if role != RoleAssignment.Role.COORDINATOR:
        for previous in current:
            _role_close(previous, by=by, at=now, reason=f"Replaced by {user}")
    assignment = RoleAssignment.objects.create(company=company, user=user, role=role, started_at=now, assigned_by=by)
    if role == RoleAssignment.Role.COORDINATOR:
        coordinator_permission_derive(company=company, user=user)
    return assignment


def _role_close(assignment: RoleAssignment, *, by: User | None, at: datetime, reason: str) -> None:
    assignment.ended_at = at
    assignment.ended_by = by
    assignment.end_reason = reason
    assignment.save(update_fields=["ended_at", "ended_by", "end_reason"])
    if assignment.role == RoleAssignment.Role.COORDINATOR:
        coordinator_permission_derive(company=assignment.company, user=assignment.user)


def coordinator_permission_derive(*, company: Company, user: User) -> None:
    """The one place the guardian permission to edit a company is granted or revoked: the person holds
    it exactly while they hold a current coordinator role for the company (the role is the source)."""
    if RoleAssignment.objects.current().coordinators().filter(company=company, user=user).exists():
        assign_perm(EDIT_COMPANY_PERMISSION, user, company)
    else:
        remove_perm(EDIT_COMPANY_PERMISSION, user, company)


def coordinator_permission_mismatches() -> list[tuple[User | None, Company, str]]:
    """Where the permission and the role disagree: (person, company, what is wrong); empty when in step."""
    held = {
        (row.user_id, row.content_object_id)
        for row in CompanyUserObjectPermission.objects.filter(
            permission__codename="change_company", permission__content_type__app_label="members"
        )
    }
    roles = set(RoleAssignment.objects.current().coordinators().values_list("user_id", "company_id"))
    people = User.objects.in_bulk({pk for pk, _ in held ^ roles})
    companies = Company.objects.in_bulk({pk for _, pk in held ^ roles})
    found = [(people[u], companies[c], "holds the permission without a coordinator role") for u, c in held - roles]
    found += [(people[u], companies[c], "is a coordinator without the permission") for u, c in roles - held]
    found += [
        (None, row.content_object, f"the group {row.group} holds the permission (it is only ever a person's)")
        for row in CompanyGroupObjectPermission.objects.filter(permission__codename="change_company")
    ]
    return sorted(found, key=lambda row: (str(row[1]), str(row[0])))


@transaction.atomic
def role_end(*, assignment: RoleAssignment, by: User | None, reason: str = "") -> RoleAssignment:
    """End a role; the company shows it as vacant until someone fills it."""
    assignment = RoleAssignment.objects.select_for_update().select_related("company", "user").get(pk=assignment.pk)
    authorise(by, lambda actor: can_manage_role(actor, assignment.company, assignment.role), ROLE_REFUSAL)
    if assignment.ended_at is not None:
        raise ValidationError("This role has already ended.")
    _role_close(assignment, by=by, at=timezone.now(), reason=reason)
    return assignment


@transaction.atomic
def company_transition(
    *,
    company: Company,
    to_status: str,
    by: User | None,
    reason: str,
    reference: str = "",
    decided_by_motion: bool = False,
) -> MembershipTransition:
    """Move a company one step through the membership lifecycle, if that step is allowed.

    Becoming a member, going under review or being revoked, and leaving a review, happen only as the
    effect of a board motion (`decided_by_motion`, passed by governance's effects alone), whichever
    door asks. Becoming a member sets the member-since date (kept across a review); a refused step
    raises ValidationError and changes nothing. The Secretariat records the steps it may; a step the
    board decided was authorised by governance's services (who may close a motion), whose effects alone
    pass `decided_by_motion` (`lcoo_portal/tests/test_service_refusals.py` holds every other door to that).
    """
    if not decided_by_motion:
        authorise(by, lambda actor: can_change_status(actor, company), "Only the Secretariat records a status.")
    company = Company.objects.select_for_update().get(pk=company.pk)
    if not reason.strip():
        raise ValidationError("Say why the membership status changes.")
    if to_status not in ALLOWED_TRANSITIONS.get(company.status, set()):
        raise ValidationError(
            f"{company} cannot go from “{Company.Status(company.status).label}” to “{Company.Status(to_status).label}”."
        )
    if not decided_by_motion and to_status not in secretariat_steps(company.status):
        raise ValidationError(
            f"Only a decided board motion takes {company} from “{Company.Status(company.status).label}” to "
            f"“{Company.Status(to_status).label}” (the charter: “through an action of the board”)."
        )
    from_status = company.status
    company.status = to_status
    if to_status == Company.Status.MEMBER and from_status != Company.Status.UNDER_REVIEW:
        company.member_since = timezone.localdate()
    company._change_reason = history_reason(reason)
    company._history_user = by
    company.save()
    return MembershipTransition.objects.create(
        company=company, from_status=from_status, to_status=to_status, by=by, reason=reason, reference=reference
    )


# What a coordinator keeps current about their company; the FTE figures are the charter's criteria.
PROFILE_FIELDS = ["website", "hq_country", "hq_time_zone", "estate_description", "operator_kind"]
FTE_FIELDS = ["contributing_ftes", "roadmap_ftes"]


@transaction.atomic
def company_create(
    *,
    name: str,
    by: User | None,
    slug: str = "",
    website: str = "",
    hq_country: str = "",
    hq_time_zone: str | zoneinfo.ZoneInfo = "UTC",
    operator_kind: str = Company.OperatorKind.NEITHER,
    estate_description: str = "",
) -> Company:
    """Create a prospect company (the Secretariat's); its slug comes from its name (AT&T is `att`) unless given."""
    authorise(by, can_create_company, "Only the Secretariat adds a company.")
    name = name.strip()
    slug = slug or slugify(name)
    if not name or not slug:
        raise ValidationError("A company needs a name made of letters or digits.")
    if Company.objects.filter(name__iexact=name).exists():
        raise ValidationError(f"A company named {name} already exists.")
    if Company.objects.filter(slug=slug).exists():
        raise ValidationError(f"The address /members/{slug}/ is already taken by another company.")
    company = Company(
        name=name,
        slug=slug,
        website=website,
        hq_country=hq_country,
        hq_time_zone=hq_time_zone,
        operator_kind=operator_kind,
        estate_description=estate_description,
        status=Company.Status.PROSPECT,
    )
    company.full_clean()
    company._history_user = by
    company._change_reason = "Company created"
    company.save()
    return company


@transaction.atomic
def company_update_profile(*, company: Company, by: User | None, **values: object) -> list[str]:
    """Save a coordinator's changes to the profile and the declared FTE figures.

    Returns the verbose names of the fields that changed (empty: nothing was saved). Declaring the FTE
    figures dates the declaration and records who made it; the history keeps every version.
    """
    authorise(
        by,
        lambda actor: can_edit_company(actor, company),
        f"Only {company.name}'s coordinators and the Secretariat edit {company.name}'s profile.",
    )
    unknown = set(values) - set(PROFILE_FIELDS) - set(FTE_FIELDS)
    if unknown:
        raise TypeError(f"Not editable here: {', '.join(sorted(unknown))}")
    company = Company.objects.select_for_update().get(pk=company.pk)
    # compared as the fields hold them: a zone typed as a name is the same zone as the one stored
    values = {field: Company._meta.get_field(field).to_python(value) for field, value in values.items()}
    changed = fields_assign(company, values)
    if not changed:
        return []
    if set(changed) & set(FTE_FIELDS):
        company.ftes_declared_at = timezone.now()
        company.ftes_declared_by = by
    company.full_clean()
    labels = verbose_names(company, changed)
    company._history_user = by
    company._change_reason = history_reason("Changed " + ", ".join(labels))
    company.save()
    return labels


@transaction.atomic
def affiliation_end(*, affiliation: Affiliation, by: User | None, reason: str = "") -> Affiliation:
    """End a person's affiliation with a company, and with it every role they held for that company.

    Ending a coordinator role revokes the object permission to edit the company; the company page
    then shows the role as vacant. The Secretariat's call (`can_manage_people`).
    """
    refusal = "Only the Secretariat ends someone's affiliation."
    authorise(by, lambda actor: can_manage_people(actor, affiliation.company), refusal)
    return _affiliation_end(affiliation=affiliation, by=by, reason=reason)


def _affiliation_end(*, affiliation: Affiliation, by: User | None, reason: str = "") -> Affiliation:
    """affiliation_end without the actor's check, for a door that has authorised otherwise (an accepted invitation)."""
    affiliation = Affiliation.objects.select_for_update().get(pk=affiliation.pk)
    if affiliation.ended_at is not None:
        raise ValidationError("This affiliation has already ended.")
    now = timezone.now()
    affiliation.ended_at = max(now, affiliation.started_at)
    affiliation._history_user = by
    affiliation._change_reason = history_reason(reason or "Affiliation ended")
    affiliation.save(update_fields=["ended_at"])
    roles = RoleAssignment.objects.current().filter(company=affiliation.company, user=affiliation.user)
    for assignment in roles.select_for_update().select_related("user", "company"):
        _role_close(assignment, by=by, at=affiliation.ended_at, reason=reason or "Left the company")
    return affiliation


def set_password_url(user: User) -> str:
    """An absolute link to allauth's set-password page for this person (the password-reset token)."""
    path = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(user), "key": default_token_generator.make_token(user)},
    )
    return settings.PORTAL_BASE_URL + path


@transaction.atomic
def person_invite(
    *, company: Company, email: str, role: str, by: User | None, display_name: str = ""
) -> tuple[User, RoleAssignment, bool]:
    """Give the person with this e-mail address a role for the company, inviting them if they are new.

    An address with no account gets one without a usable password, a verified e-mail address and a
    link to set a password. The person is affiliated with the company if they are not already.
    Only the Secretariat (or the system, `by` None) names someone not yet affiliated with the company;
    anyone else sends a CompanyInvitation the person accepts (`invitation_needed`, `company_invitation_create`).
    Emits `person_invited`: its handler (notifications) writes the invitation mail to the outbox.
    Returns (person, role assignment, whether the account was created).
    """
    authorise(by, lambda actor: can_manage_role(actor, company, role), ROLE_REFUSAL)
    email = email.strip().lower()
    if not email:
        raise ValidationError("Give the person's e-mail address.")
    if invitation_needed(company=company, email=email, by=by):
        raise ValidationError(
            f"{email} is not affiliated with {company}: they are sent an invitation, which they must accept."
        )
    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    if created:
        validate_display_name(display_name)
        user = User(email=email, display_name=display_name.strip())
        user.set_unusable_password()
        user.full_clean()
        user.save()
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    if not Affiliation.objects.current().filter(user=user, company=company).exists():
        Affiliation.objects.create(user=user, company=company)
    assignment = _role_assign(company=company, user=user, role=role, by=by)
    url = set_password_url(user) if created else None
    # the invitation is mailed by the handlers of the event (notifications' outbox), after commit
    emit("person_invited", user=user, company=company, role=role, invited_by=by, set_password_url=url)
    return user, assignment, created


INVITATION_VALID_DAYS = 14


def _decides_affiliations(by: User | None) -> bool:
    """The Secretariat (and the system, `by` None) affiliates people directly; anyone else invites."""
    return by is None or is_secretariat(by)


def invitation_needed(*, company: Company, email: str, by: User | None) -> bool:
    """Whether naming this address needs the person's consent: they are not affiliated with the company
    today, and the one naming them is not the Secretariat."""
    if _decides_affiliations(by):
        return False
    user = User.objects.filter(email__iexact=email.strip()).first()
    return user is None or not Affiliation.objects.current().filter(user=user, company=company).exists()


@transaction.atomic
def company_invitation_create(
    *, company: Company, email: str, role: str, by: User, display_name: str = ""
) -> CompanyInvitation:
    """Invite a person by e-mail to join the company, as a colleague (`role` empty) or a coordinator.

    The person accepts on the invitation's page (`company_invitation_accept`); until then nothing about
    them changes. Only the Secretariat invites to a board seat. Emits `company_invited` (the mail).
    """
    if role not in ("", RoleAssignment.Role.COORDINATOR):
        authorise(by, lambda actor: can_manage_role(actor, company, role), "Board seats are the Secretariat's to fill.")
    authorise(
        by,
        lambda actor: can_manage_role(actor, company, RoleAssignment.Role.COORDINATOR),
        f"Only {company.name}'s coordinators and the Secretariat invite people to {company.name}.",
    )
    email = email.strip().lower()
    if not email:
        raise ValidationError("Give the person's e-mail address.")
    company = Company.objects.select_for_update().get(pk=company.pk)
    user = User.objects.filter(email__iexact=email).first()
    if user is not None and not role and Affiliation.objects.current().filter(user=user, company=company).exists():
        raise ValidationError(f"{email} is already affiliated with {company}.")
    pending = CompanyInvitation.objects.pending().filter(company=company, email__iexact=email, role=role).first()
    if pending is not None:
        raise ValidationError(
            f"{email} is already invited; the invitation is open until {format_when(pending.expires_at, 'date')}."
        )
    now = timezone.now()
    invitation = CompanyInvitation.objects.create(
        company=company,
        email=email,
        display_name=display_name.strip(),
        role=role,
        token=secrets.token_urlsafe(32),
        invited_by=by,
        created_at=now,
        expires_at=now + timedelta(days=INVITATION_VALID_DAYS),
    )
    emit("company_invited", invitation=invitation)
    return invitation


# A resent invitation is one more mail to someone who has not asked for it: not more often than this.
INVITATION_RESEND_INTERVAL = timedelta(hours=1)


def _invitation_refusal(company: Company) -> str:
    return f"Only {company.name}'s coordinators and the Secretariat cancel or resend {company.name}'s invitations."


def _invitation_for_manager(invitation: CompanyInvitation, by: User | None) -> CompanyInvitation:
    """The invitation, locked, once the actor may manage it: whoever may send it (a board seat's is the
    Secretariat's, as `company_invitation_create` says); refused if it was already answered."""
    invitation = CompanyInvitation.objects.select_for_update().select_related("company").get(pk=invitation.pk)
    company = invitation.company
    role = invitation.role or RoleAssignment.Role.COORDINATOR
    authorise(by, lambda actor: can_manage_role(actor, company, role), _invitation_refusal(company))
    if invitation.accepted_at is not None:
        raise ValidationError(f"{invitation.email} has already accepted this invitation.")
    if invitation.cancelled_at is not None:
        raise ValidationError("This invitation was already cancelled.")
    return invitation


@transaction.atomic
def invitation_cancel(*, invitation: CompanyInvitation, by: User | None) -> CompanyInvitation:
    """Cancel an invitation nobody answered: its link stops working (the invitation page says it was
    cancelled). Nothing about the person changes, and no mail is sent."""
    invitation = _invitation_for_manager(invitation, by)
    invitation.cancelled_at = timezone.now()
    invitation.cancelled_by = by
    invitation.save(update_fields=["cancelled_at", "cancelled_by"])
    return invitation


def invitation_resend_refusal(invitation: CompanyInvitation, now: datetime | None = None) -> str:
    """Why the invitation may not be mailed again yet (empty: it may): one mail per `INVITATION_RESEND_INTERVAL`."""
    again_at = invitation.sent_at + INVITATION_RESEND_INTERVAL
    if again_at > (now or timezone.now()):
        return (
            f"The invitation to {invitation.email} was sent {format_when(invitation.sent_at)}; "
            f"it can be sent again from {format_when(again_at)}."
        )
    return ""


@transaction.atomic
def invitation_resend(*, invitation: CompanyInvitation, by: User | None) -> CompanyInvitation:
    """Mail an unanswered invitation again, with the same link, open for another `INVITATION_VALID_DAYS`
    days from now (an expired one opens again). At most once per `INVITATION_RESEND_INTERVAL`, so that a
    page cannot be used to flood someone's mailbox. Emits `company_invited` (the mail, a new one each time)."""
    invitation = _invitation_for_manager(invitation, by)
    now = timezone.now()
    refusal = invitation_resend_refusal(invitation, now)
    if refusal:
        raise ValidationError(refusal)
    invitation.last_sent_at = now
    invitation.times_sent += 1
    invitation.expires_at = max(invitation.expires_at, now + timedelta(days=INVITATION_VALID_DAYS))
    invitation.save(update_fields=["last_sent_at", "times_sent", "expires_at"])
    emit("company_invited", invitation=invitation)
    return invitation


def invitation_leaves(invitation: CompanyInvitation, user: User | None) -> list[Affiliation]:
    """The affiliations with other companies that accepting ends (a person works for one company)."""
    if user is None:
        return []
    return list(
        Affiliation.objects.current().filter(user=user).exclude(company=invitation.company).select_related("company")
    )


@transaction.atomic
def company_invitation_accept(*, invitation: CompanyInvitation, user: User | None) -> tuple[User, bool]:
    """The invited person accepts: they are affiliated with the company (leaving any other, with the roles
    held there, as the invitation page said) and given the role. `user` is the signed-in person, who must
    own the invited address; None creates the account of an address that has none.
    Returns (the person, whether the account was created).
    """
    invitation = CompanyInvitation.objects.select_for_update().select_related("company").get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise ValidationError("This invitation has already been accepted.")
    if invitation.cancelled_at is not None:
        raise ValidationError("This invitation was cancelled: ask for a new one.")
    if invitation.expires_at <= timezone.now():
        raise ValidationError("This invitation has expired: ask for a new one.")
    existing = User.objects.filter(email__iexact=invitation.email).first()
    created = False
    if user is None:
        if existing is not None:
            raise PermissionDenied(f"Sign in as {invitation.email} to accept this invitation.")
        user = User(email=invitation.email, display_name=invitation.display_name)
        user.set_unusable_password()
        user.full_clean()
        user.save()
        EmailAddress.objects.create(user=user, email=invitation.email, verified=True, primary=True)
        created = True
    elif existing is None or existing.pk != user.pk:
        raise PermissionDenied(f"This invitation is for {invitation.email}; you are signed in as {user.email}.")
    company = invitation.company
    for affiliation in invitation_leaves(invitation, user):
        # the invitation is the authority here: its sender was authorised, its owner accepts
        _affiliation_end(affiliation=affiliation, by=user, reason=f"Joined {company} (accepted an invitation)")
    if not Affiliation.objects.current().filter(user=user, company=company).exists():
        Affiliation.objects.create(user=user, company=company)
    if (
        invitation.role
        and not RoleAssignment.objects.current().filter(company=company, user=user, role=invitation.role).exists()
    ):
        _role_assign(company=company, user=user, role=invitation.role, by=invitation.invited_by)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return user, created


ACCESS_TOKEN_PREFIX = "lcoo_"  # noqa: S105 (a marker that says what the secret is, not a secret)


def access_token_digest(raw: str) -> str:
    """The SHA-256 kept of a token: the token is random and long, so a plain digest is enough."""
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def access_token_create(*, user: User, name: str, days: int) -> tuple[PersonalAccessToken, str]:
    """A new read-only API token of the person's own, valid `days` days; returns the row and the token,
    which is shown once and never kept."""
    name = name.strip()
    if not user.is_authenticated or not user.is_active:
        raise PermissionDenied("Only a signed-in person creates their own tokens.")
    if not name:
        raise ValidationError("Give the token a name: what it is for.")
    maximum = settings.PORTAL_API_TOKEN_MAX_DAYS
    if not 1 <= days <= maximum:
        raise ValidationError(f"A token lives from 1 to {maximum} days.")
    raw = ACCESS_TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = PersonalAccessToken.objects.create(
        user=user,
        name=name[:100],
        prefix=raw[: len(ACCESS_TOKEN_PREFIX) + 6],
        digest=access_token_digest(raw),
        expires_at=timezone.now() + timedelta(days=days),
    )
    return token, raw


@transaction.atomic
def access_token_revoke(*, token: PersonalAccessToken, by: User) -> PersonalAccessToken:
    """Revoke a token: only its owner does; revoking twice changes nothing."""
    if not by.is_authenticated or token.user_id != by.pk:
        raise PermissionDenied("A token is revoked only by the person it belongs to.")
    token = PersonalAccessToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def access_token_user(raw: str) -> tuple[User, PersonalAccessToken] | None:
    """The active person a usable token belongs to, noting when it was last used (at most once a minute)."""
    if not raw.startswith(ACCESS_TOKEN_PREFIX):
        return None
    token = (
        PersonalAccessToken.objects.usable()
        .select_related("user")
        .filter(digest=access_token_digest(raw), user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        # an update, not a save: using a token changes nothing of the public record
        PersonalAccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token.user, token


# The specialty teams: the Secretariat keeps them (their members, leads and links) on the portal's pages.
TEAM_REFUSAL = "Only the Secretariat keeps the specialty teams."
TEAM_FIELDS = ("name", "purpose", "links")


def _team_save(team: Team, *, by: User | None, reason: str) -> Team:
    team.full_clean()
    team._history_user = by
    team._change_reason = history_reason(reason)
    team.save()
    return team


@transaction.atomic
def team_create(*, name: str, by: User | None, purpose: str = "", links: str = "", slug: str = "") -> Team:
    """Create a specialty team; its address comes from its name unless given."""
    authorise(by, can_manage_teams, TEAM_REFUSAL)
    name = name.strip()
    slug = slug or slugify(name)[:80]
    if not name or not slug:
        raise ValidationError("A team needs a name made of letters or digits.")
    if Team.objects.filter(name__iexact=name).exists() or Team.objects.filter(slug=slug).exists():
        raise ValidationError(f"A team named {name} already exists.")
    team = Team(name=name, slug=slug, purpose=purpose.strip(), links=links.strip())
    return _team_save(team, by=by, reason="Team created")


@transaction.atomic
def team_update(*, team: Team, by: User | None, **values: str) -> list[str]:
    """Change a team's name, purpose or links (etherpads, repositories); returns what changed."""
    authorise(by, can_manage_teams, TEAM_REFUSAL)
    unknown = set(values) - set(TEAM_FIELDS)
    if unknown:
        raise TypeError(f"Not editable here: {', '.join(sorted(unknown))}")
    team = Team.objects.select_for_update().get(pk=team.pk)
    values = {field: (value or "").strip() for field, value in values.items()}
    changed = fields_assign(team, values)
    if not changed:
        return []
    if "name" in changed and Team.objects.filter(name__iexact=values["name"]).exclude(pk=team.pk).exists():
        raise ValidationError(f"Another team is named {values['name']}.")
    labels = verbose_names(team, changed)
    _team_save(team, by=by, reason="Changed " + ", ".join(labels))
    return labels


@transaction.atomic
def team_member_add(*, team: Team, user: User, by: User | None, is_lead: bool = False) -> TeamMembership:
    """Add a person to a team (as a lead or not), for their current company if they have one."""
    authorise(by, can_manage_teams, TEAM_REFUSAL)
    team = Team.objects.select_for_update().get(pk=team.pk)  # one open membership per person: serialised here
    if TeamMembership.objects.current().filter(team=team, user=user).exists():
        raise ValidationError(f"{user} is already in {team}.")
    affiliation = Affiliation.objects.current().filter(user=user).order_by("-started_at").first()
    membership = TeamMembership(team=team, user=user, company=affiliation.company if affiliation else None)
    membership.is_lead = is_lead
    membership._history_user = by
    membership._change_reason = "Joined the team as lead" if is_lead else "Joined the team"
    membership.save()
    return membership


def _membership_locked(membership: TeamMembership) -> TeamMembership:
    membership = TeamMembership.objects.select_for_update().select_related("team", "user").get(pk=membership.pk)
    if membership.left_at is not None:
        raise ValidationError(f"{membership.user} has already left {membership.team}.")
    return membership


@transaction.atomic
def team_member_set_lead(*, membership: TeamMembership, is_lead: bool, by: User | None) -> TeamMembership:
    """Make a team member one of its leads, or no longer a lead."""
    authorise(by, can_manage_teams, TEAM_REFUSAL)
    membership = _membership_locked(membership)
    if membership.is_lead != is_lead:
        membership.is_lead = is_lead
        membership._history_user = by
        membership._change_reason = "Made a lead" if is_lead else "No longer a lead"
        membership.save(update_fields=["is_lead"])
    return membership


@transaction.atomic
def team_member_end(*, membership: TeamMembership, by: User | None) -> TeamMembership:
    """A person leaves a team; the history keeps that they were in it."""
    authorise(by, can_manage_teams, TEAM_REFUSAL)
    membership = _membership_locked(membership)
    membership.left_at = max(timezone.now(), membership.joined_at)
    membership._history_user = by
    membership._change_reason = "Left the team"
    membership.save(update_fields=["left_at"])
    return membership
