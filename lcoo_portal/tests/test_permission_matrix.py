"""Who may do what, through every door: every URL pattern of the portal (the admin's included), GET and
POST, for every persona, against an expected outcome (issue 10, "Permission matrix").

The test walks the URL patterns itself: a URL without an entry in MATRIX fails
`test_every_url_pattern_has_an_entry`. Adding a URL is one entry:

    "meetings:thing": E(args=lambda w: [w.meeting.pk], get=SECRETARIAT_ONLY, post=SECRETARIAT_ACTS),

`args` builds the URL's arguments from the world below; `get` and `post` map each persona to an outcome
(`row(...)` in PERSONAS order, or one of the shared rows). Each request runs in a savepoint that is
rolled back, so every persona meets the same world. POSTs send no data: the matrix is about who gets
through the door; what a valid form then does is each app's own tests' business. The admin's rows come
from its policy table (test_admin_policy.ADMIN_POLICY), model by model.

`MATRIX_RECORD=path pytest …` writes what each persona actually got to `path` instead of asserting.
"""

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.contrib import admin
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from simple_history.admin import SimpleHistoryAdmin

from conftest import ALL_PERSONAS
from governance.models import RoadmapQuarter
from lcoo_portal.api.urls import router as api_router
from lcoo_portal.tests.test_admin_policy import ADMIN_POLICY, HIDDEN

pytestmark = pytest.mark.django_db

# What a persona meets at a door.
OK = "ok"  # 200: the page, or a form shown again with its errors
LOGIN = "login"  # 302 to the portal's sign-in
ADMIN_LOGIN = "admin-login"  # 302 to the admin's sign-in (which is the portal's)
GO = "redirect"  # 302 elsewhere: done, or sent on
NO = "denied"  # 403
MISSING = "missing"  # 404
METHOD = "method"  # 405
BAD = "bad"  # 400


def row(*outcomes: str) -> dict[str, str]:
    """Outcomes in PERSONAS order: anonymous, member_user, coordinator, other_coordinator, board_member,
    unseated_board_member, chair, secretariat, superuser."""
    return dict(zip(ALL_PERSONAS, outcomes, strict=True))


def everyone(outcome: str) -> dict[str, str]:
    return row(*[outcome] * len(ALL_PERSONAS))


def signed_in(outcome: str, anonymous: str = LOGIN) -> dict[str, str]:
    return row(anonymous, *[outcome] * (len(ALL_PERSONAS) - 1))


def only(allowed: str, others: str, *who: str, anonymous: str = LOGIN) -> dict[str, str]:
    """`allowed` for the personas named, `others` for the other signed-in ones."""
    return {p: anonymous if p == "anonymous" else allowed if p in who else others for p in ALL_PERSONAS}


PUBLIC = everyone(OK)
NO_POST = everyone(METHOD)
NO_GET = everyone(METHOD)
SIGNED_IN = signed_in(OK)
STAFF = ("secretariat", "superuser")
SECRETARIAT_ONLY = only(OK, NO, *STAFF)


@dataclass(frozen=True)
class E:
    """One URL: its arguments, and what each persona meets on GET and on POST."""

    get: dict[str, str]
    post: dict[str, str]
    args: Callable[[SimpleNamespace], list | dict] = lambda w: []


MATRIX: dict[str, E] = {}


# --- the admin: every registered model's views follow its policy ---


# Rows nobody adds, changes, deletes or reverts in the admin, the superuser included: the record is
# written by services only, and a role is given and ended through them.
RECORD = {
    "members.MembershipTransition",
    "governance.MotionTransition",
    "governance.Objection",
    "governance.Ballot",
    "governance.MotionLogEntry",
    "governance.RegisterEntry",
    "governance.ConsensusStance",
    "meetings.Erratum",
    "members.CompanyInvitation",
    "members.SecurityEvent",  # an account's history, written by security_event_record only (issue 19)
    "socialaccount.SocialAccount",  # linked and unlinked by the person, through members.sso (issue 20)
}
NOBODY_ADDS = RECORD | {"governance.Motion"}
NOBODY_CHANGES = RECORD | {"members.RoleAssignment"}
NOBODY_DELETES = NOBODY_CHANGES | {"governance.Motion"}
NOBODY_REVERTS = {
    "governance.Ballot",
    "governance.PlanTask",
    "governance.RoadmapItem",
    "members.Company",
    "members.RoleAssignment",
    "members.Affiliation",
}
# What the Secretariat may submit: these forms go through the services (shown again with errors when
# empty); a role is added through role_assign.
SECRETARIAT_SUBMITS = {"members.User", "members.Company"}


def _admin_outcomes(label: str, view: str, method: str) -> tuple[str, str]:
    """What the Secretariat and the superuser meet at one admin view of a model."""
    writes = (method == "POST" and view in {"change", "simple_history"}) or view in {"add", "delete"}
    nobody = {
        "add": NOBODY_ADDS,
        "delete": NOBODY_DELETES,
        "change": NOBODY_CHANGES,
        "simple_history": NOBODY_REVERTS,
    }.get(view, set())
    superuser = NO if writes and label in nobody else OK
    policy = ADMIN_POLICY[label]
    if policy == HIDDEN:
        secretariat = NO
    elif not writes:
        secretariat = OK
    elif view == "add":
        secretariat = OK if label == "members.RoleAssignment" else NO
    elif view == "change":
        secretariat = OK if label in SECRETARIAT_SUBMITS else NO
    else:
        secretariat = NO
    return secretariat, superuser


def _admin_entries() -> dict[str, E]:
    entries: dict[str, E] = {}
    for model in admin.site._registry:
        label, meta = model._meta.label, model._meta
        if label not in ADMIN_POLICY:
            continue  # test_admin_policy fails for it; here the URL then has no entry
        prefix = f"admin:{meta.app_label}_{meta.model_name}"
        views = {"changelist": False, "add": False, "history": True, "delete": True, "change": True}
        if isinstance(admin.site._registry[model], SimpleHistoryAdmin):
            views["simple_history"] = True
        for view, takes_object in views.items():
            args = (lambda w, model=model: [w.row(model)]) if takes_object else (lambda w: [])
            if view == "simple_history":
                args = lambda w, model=model: [w.row(model), w.version(model)]  # noqa: E731
            entries[f"{prefix}_{view}"] = E(
                args=args,
                get=_admin_row(*_admin_outcomes(label, view, "GET")),
                post=_admin_row(*_admin_outcomes(label, view, "POST")),
            )
        entries[f"admin/{meta.app_label}/{meta.model_name}/<path:object_id>/"] = E(
            args=lambda w, model=model: {"object_id": w.row(model)},
            get=_admin_row(GO, GO),
            post=_admin_row(GO, GO),
        )
    return entries


def _admin_row(secretariat: str, superuser: str) -> dict[str, str]:
    return {**everyone(ADMIN_LOGIN), "secretariat": secretariat, "superuser": superuser}


MATRIX.update(_admin_entries())


def _admin_override(key: str, method: str, secretariat: str, superuser: str) -> None:
    entry = MATRIX[key]
    outcomes = _admin_row(secretariat, superuser)
    get, post = (outcomes, entry.post) if method == "GET" else (entry.get, outcomes)
    MATRIX[key] = E(args=entry.args, get=get, post=post)


# published is final: the world's agenda item belongs to a published agenda, which nobody changes or reverts
_admin_override("admin:meetings_agendaitem_change", "POST", NO, NO)
_admin_override("admin:meetings_agendaitem_simple_history", "POST", NO, NO)
# the world's motion is in voting: nobody, staff included, sees how its ballots' history moves
for _method in ("GET", "POST"):
    _admin_override("admin:governance_ballot_history", _method, NO, NO)
_admin_override("admin:governance_ballot_simple_history", "GET", NO, NO)
# the world holds no erratum or stance: their per-row pages send staff back
for _method in ("GET", "POST"):
    _admin_override("admin:meetings_erratum_history", _method, GO, GO)
    _admin_override("admin:governance_consensusstance_history", _method, GO, GO)
_admin_override("admin:meetings_erratum_change", "GET", GO, GO)
_admin_override("admin:governance_consensusstance_change", "GET", GO, GO)


# --- the world every persona meets ---


@pytest.fixture
def world(persona, company, other_company):
    """Every persona, and a row for every URL's arguments."""
    from allauth.account.models import EmailAddress, EmailConfirmationHMAC
    from allauth.account.utils import user_pk_to_url_str
    from allauth.mfa.models import Authenticator
    from django.contrib.auth.tokens import default_token_generator
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone
    from django_celery_beat.models import ClockedSchedule, CrontabSchedule, PeriodicTask, SolarSchedule

    from governance.models import RoadmapEntry
    from governance.services import plan
    from governance.services.ballots import ballot_cast
    from governance.services.lifecycle import motion_call_vote, motion_open, objection_raise
    from governance.tests.factories import (
        CandidateFactory,
        CharterVersionFactory,
        MotionFactory,
        RoadmapItemFactory,
        RoadmapQuarterFactory,
    )
    from meetings.tests.factories import (
        ActionItemFactory,
        AgendaItemFactory,
        AttendanceFactory,
        DecisionFactory,
        MeetingFactory,
        MinutesFactory,
        PublishedMeetingFactory,
        RotationSlotFactory,
    )
    from members.models import Affiliation, RoleAssignment, SecurityEvent, Team, TeamMembership
    from members.security import security_event_record
    from members.services import access_token_create, company_invitation_create, company_transition, role_assign
    from members.tests.factories import CompanyFactory, UserFactory
    from notifications.models import Announcement, ListAddress, OutboxMessage
    from notifications.services.preferences import (
        meeting_subscription_set,
        preference_set,
        resubscribe_token,
        unsubscribe_token,
    )

    people = {name: persona(name) for name in ALL_PERSONAS}
    invitation = company_invitation_create(
        company=company, email="newcomer@example.org", role="", by=people["secretariat"]
    )
    colleague = UserFactory(email="colleague.att@example.org")
    security_event_record(user=colleague, kind=SecurityEvent.Kind.PASSWORD_CHANGED)
    affiliation = Affiliation.objects.create(user=colleague, company=company)
    colleague_role = role_assign(company=company, user=colleague, role=RoleAssignment.Role.COORDINATOR, by=None)
    upcoming = PublishedMeetingFactory(title="Upcoming forum")
    agenda_item = AgendaItemFactory(meeting=upcoming)
    held = PublishedMeetingFactory(title="Held meeting", status="held", starts_at=upcoming.starts_at.replace(year=2020))
    MinutesFactory(meeting=held, summary="Draft minutes.")
    decision = DecisionFactory(meeting=held)
    action = ActionItemFactory(meeting=held, owner=people["coordinator"], company=company)
    attendance = AttendanceFactory(meeting=held, company=company)
    series = RotationSlotFactory().series
    draft_meeting = MeetingFactory(title="Draft forum")
    chair, board_member = people["chair"], people["board_member"]
    draft = MotionFactory(proposer=chair, title="A draft")
    motion = MotionFactory(proposer=chair, title="Before the board")
    soon = timezone.now() + timedelta(days=7)
    motion_open(motion=motion, by=chair, consensus_deadline=soon)
    objection_raise(motion=motion, company=company, by=board_member, reason="Not yet.")
    motion_call_vote(motion=motion, by=chair, voting_deadline=soon)
    ballot_cast(motion=motion, company=company, by=board_member, choice="yes")
    CandidateFactory(motion__proposer=chair, user=chair, company=chair.roles.get().company)
    orange = CompanyFactory(name="Orange", slug="orange", status="prospect", member_since=None)
    company_transition(company=orange, to_status="participating", by=None, reason="Attends the forums")
    ClockedSchedule.objects.create(clocked_time=timezone.now())
    SolarSchedule.objects.create(event="sunrise", latitude=0, longitude=0)
    charter = CharterVersionFactory()
    roadmap_item = RoadmapItemFactory()
    RoadmapEntry.objects.create(quarter=RoadmapQuarterFactory(), item=roadmap_item, rank=1)
    phase = {"position": 1, "title": "Phase", "kind": "phase", "starts_on": date(2016, 8, 23)}
    plan_task = plan.plan_task_save(task=None, data=phase, by=people["secretariat"])
    team = Team.objects.create(name="Upgrades", slug="upgrades")
    membership = TeamMembership.objects.create(team=team, user=colleague)
    announcement = Announcement.objects.create(event="agenda_published", key="agenda:1", subject="Agenda")
    OutboxMessage.objects.create(
        announcement=announcement, idempotency_key="agenda:1:1", to_email="a@example.org", subject="Agenda"
    )
    mailing_list = ListAddress.objects.create(
        name="Everyone", address="lcoo@lists.example.org", kinds=[], meeting_kinds=[]
    )
    schedule = PeriodicTask.objects.create(
        name="matrix: roadmap reminder",
        task="notifications.tasks.send_roadmap_reminder",
        crontab=CrontabSchedule.objects.create(minute="0", hour="8", timezone="UTC"),
    )
    preference_set(user=people["member_user"], kind="minutes", enabled=False)
    meeting_subscription_set(user=people["member_user"], meeting_kind="general", enabled=True)
    member = people["member_user"]
    address = EmailAddress.objects.create(user=member, email=member.email, verified=False, primary=True)
    # a passkey of someone else: nobody may rename or remove it
    passkey = Authenticator.objects.create(user=colleague, type=Authenticator.Type.WEBAUTHN, data={"name": "Laptop"})
    token, _ = access_token_create(user=member, name="A tool", days=7)
    # a single sign-on identity of someone else: nobody may unlink it
    from allauth.socialaccount.models import SocialAccount

    identity = SocialAccount.objects.create(user=colleague, provider="sso", uid="matrix")

    def first(model) -> str:
        obj = model._default_manager.order_by("pk").first()
        return str(obj.pk) if obj is not None else "0"

    def version(model) -> str:
        obj = model._default_manager.order_by("pk").first()
        history = getattr(obj, "history", None) if obj is not None else None
        latest = history.order_by("history_id").first() if history is not None else None
        return str(latest.history_id) if latest is not None else "0"

    return SimpleNamespace(
        people=people,
        company=company,
        other_company=other_company,
        colleague_role=colleague_role,
        affiliation=affiliation,
        upcoming=upcoming,
        draft_meeting=draft_meeting,
        agenda_item=agenda_item,
        held=held,
        decision=decision,
        action=action,
        attendance=attendance,
        series=series,
        draft=draft,
        motion=motion,
        charter=charter,
        roadmap_item=roadmap_item,
        plan_task=plan_task,
        announcement=announcement,
        invitation=invitation,
        team=team,
        membership=membership,
        mailing_list=mailing_list,
        schedule=schedule,
        identity=identity,
        unsubscribe=unsubscribe_token(user_id=member.pk, kind="announcements"),
        resubscribe=resubscribe_token(user_id=member.pk, kind="announcements"),
        confirm_key=EmailConfirmationHMAC(address).key,
        reset=(user_pk_to_url_str(member), default_token_generator.make_token(member)),
        passkey=passkey,
        token=token,
        content_type=ContentType.objects.get_for_model(company).pk,
        row=first,
        version=version,
    )


# --- walking the URL patterns ---


def url_patterns() -> list[tuple[str, str, URLPattern]]:
    """(key, route, pattern) for every URL: the key is the namespaced name, or the route when unnamed."""
    found = []

    def walk(patterns, prefix: str, namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
                walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
            else:
                route = prefix + str(pattern.pattern)
                found.append(((namespace + pattern.name) if pattern.name else route, route, pattern))

    walk(get_resolver().url_patterns, "", "")
    return found


def outcome(response) -> str:
    code = response.status_code
    if code in (301, 302):
        location = response["Location"]
        if location.startswith(reverse("account_login")):
            return LOGIN
        if location.startswith(reverse("admin:login")):
            return ADMIN_LOGIN
        return GO
    return {200: OK, 403: NO, 404: MISSING, 405: METHOD, 400: BAD}.get(code, str(code))


def url_of(key: str, entry: E, w: SimpleNamespace) -> str:
    args = entry.args(w)
    if key == "admin/(?P<url>.*)$":
        return "/admin/no-such-page/"
    if "/" in key:  # an unnamed route: fill its one parameter in by hand
        route = key
        for name, value in args.items():
            route = route.replace(f"<path:{name}>", str(value))
        return "/" + route
    return reverse(key, kwargs=args) if isinstance(args, dict) else reverse(key, args=args)


SECTIONS = ["admin", "accounts", "members", "meetings", "governance", "notifications", "home"]


def section_of(route: str) -> str:
    first = route.split("/", 1)[0]
    return first if first in SECTIONS else "home"


def test_every_url_pattern_has_an_entry():
    keys = [key for key, _, _ in url_patterns()]
    missing = [key for key in keys if key not in MATRIX]
    assert not missing, "URLs without an entry in the permission matrix: " + ", ".join(missing)
    stale = sorted(set(MATRIX) - set(keys))
    assert not stale, "Entries for URLs that no longer exist: " + ", ".join(stale)


@pytest.mark.parametrize("section", SECTIONS)
def test_every_persona_meets_the_expected_outcome_at_every_door(section, world):
    record = os.environ.get("MATRIX_RECORD")
    clients = {name: Client() for name in ALL_PERSONAS}
    sessions = {}
    for name, user in world.people.items():
        if user is not None:
            clients[name].force_login(user)
            sessions[name] = clients[name].cookies[settings.SESSION_COOKIE_NAME].value
    wrong, seen = [], []
    for key, route, _ in url_patterns():
        if section_of(route) != section or key not in MATRIX:
            continue
        entry = MATRIX[key]
        url = url_of(key, entry, world)
        for method, expected in (("GET", entry.get), ("POST", entry.post)):
            got = {}
            for name in ALL_PERSONAS:
                client = clients[name]
                with transaction.atomic():
                    response = client.get(url) if method == "GET" else client.post(url, {})
                    transaction.set_rollback(True)
                # the request's changes are rolled back, a sign-out or sign-in included: so is the cookie
                client.cookies.clear()
                if name in sessions:
                    client.cookies[settings.SESSION_COOKIE_NAME] = sessions[name]
                got[name] = outcome(response)
            seen.append((key, method, got))
            if got != expected:
                diff = {p: f"{expected.get(p)} → {got[p]}" for p in ALL_PERSONAS if got[p] != expected.get(p)}
                wrong.append(f"{method} {key} ({url}): {diff}")
    if record:
        with open(record, "a") as out:
            for key, method, got in seen:
                out.write(f"{key}\t{method}\t{' '.join(got[p] for p in ALL_PERSONAS)}\n")
        return
    assert not wrong, "\n".join(wrong)


# --- the portal's own URLs and allauth's: one entry each ---

SECRETARIAT_ACTS = only(GO, NO, *STAFF)
CHAIR_AND_SECRETARIAT_ACT = only(GO, NO, "chair", *STAFF)
# irreversible or mail-sending acts: a first POST shows the confirmation page (200), nothing happens yet
SECRETARIAT_CONFIRMS = only(OK, NO, *STAFF)
CHAIR_AND_SECRETARIAT_CONFIRM = only(OK, NO, "chair", *STAFF)
EDITORS = only(OK, NO, "coordinator", *STAFF)
SEATS_AND_OFFICERS = only(OK, NO, "board_member", "chair", *STAFF)
# the world's held meeting has draft minutes: not there for anyone but the Secretariat
DRAFT_MINUTES_READERS = only(OK, MISSING, *STAFF, anonymous=MISSING)
slug = lambda w: [w.company.slug]  # noqa: E731
meeting = lambda w: [w.upcoming.pk]  # noqa: E731
held = lambda w: [w.held.pk]  # noqa: E731
motion = lambda w: [w.motion.pk]  # noqa: E731
MATRIX.update(
    {
        "home": E(PUBLIC, NO_POST),
        "healthz": E(PUBLIC, NO_POST),
        "robots": E(PUBLIC, NO_POST),
        "sitemap": E(PUBLIC, NO_POST),
        "open-data": E(PUBLIC, NO_POST),
        # only for the scraper holding METRICS_TOKEN (unset here: the endpoint does not exist for anyone)
        "metrics": E(everyone(MISSING), NO_POST),
        "profile": E(SIGNED_IN, SIGNED_IN),
        "account_login": E(signed_in(GO, anonymous=OK), signed_in(GO, anonymous=OK)),
        "account_logout": E(row(GO, OK, OK, OK, OK, OK, OK, OK, OK), everyone(GO)),
        "account_inactive": E(PUBLIC, NO_POST),
        "account_signup": E(signed_in(GO, anonymous=OK), signed_in(GO, anonymous=OK)),
        "account_reauthenticate": E(SIGNED_IN, SIGNED_IN),
        "account_email": E(SIGNED_IN, signed_in(GO)),
        "account_email_verification_sent": E(PUBLIC, NO_POST),
        "account_change_password": E(SIGNED_IN, SIGNED_IN),
        "account_set_password": E(signed_in(GO), signed_in(GO)),
        "account_reset_password": E(PUBLIC, PUBLIC),
        "account_confirm_login_code": E(signed_in(GO), signed_in(GO)),
        "account_confirm_email": E(
            PUBLIC, row(LOGIN, GO, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN), lambda w: [w.confirm_key]
        ),
        "account_reset_password_from_key_done": E(PUBLIC, NO_POST),
        "account_reset_password_from_key": E(PUBLIC, PUBLIC, lambda w: {"uidb36": w.reset[0], "key": w.reset[1]}),
        "account_reset_password_done": E(PUBLIC, NO_POST),
        "mfa_index": E(SIGNED_IN, signed_in(METHOD)),
        "mfa_authenticate": E(signed_in(GO), signed_in(GO)),
        "mfa_reauthenticate": E(signed_in(GO), signed_in(GO)),
        "mfa_activate_totp": E(signed_in(GO), signed_in(GO)),
        "mfa_deactivate_totp": E(signed_in(MISSING), signed_in(MISSING)),
        "mfa_view_recovery_codes": E(signed_in(MISSING), signed_in(METHOD)),
        "mfa_generate_recovery_codes": E(signed_in(GO), signed_in(GO)),
        "mfa_download_recovery_codes": E(signed_in(MISSING), signed_in(MISSING)),
        "mfa_list_webauthn": E(SIGNED_IN, signed_in(METHOD)),
        "mfa_add_webauthn": E(signed_in(GO), signed_in(GO)),
        "mfa_reauthenticate_webauthn": E(signed_in(GO), signed_in(GO)),
        "mfa_remove_webauthn": E(signed_in(GO), signed_in(GO), lambda w: [w.passkey.pk]),
        "mfa_edit_webauthn": E(signed_in(GO), signed_in(GO), lambda w: [w.passkey.pk]),
        "mfa_login_webauthn": E(signed_in(GO), signed_in(GO)),
        "members:directory": E(PUBLIC, NO_POST),
        "members:new": E(SECRETARIAT_ONLY, SECRETARIAT_ONLY),
        "members:compliance-csv": E(SIGNED_IN, NO_POST),
        "members:directory-csv": E(PUBLIC, NO_POST),
        "members:import": E(SECRETARIAT_ONLY, SECRETARIAT_ONLY),
        "members:company": E(PUBLIC, NO_POST, slug),
        "members:edit": E(EDITORS, EDITORS, slug),
        "members:roles": E(EDITORS, EDITORS, slug),
        "members:role-end": E(
            NO_POST, row(LOGIN, NO, OK, NO, NO, NO, NO, OK, OK), lambda w: [w.company.slug, w.colleague_role.pk]
        ),
        "members:affiliation-end": E(NO_POST, SECRETARIAT_CONFIRMS, lambda w: [w.company.slug, w.affiliation.pk]),
        "members:status": E(SECRETARIAT_ONLY, SECRETARIAT_ONLY, slug),
        "members:teams": E(SECRETARIAT_ONLY, SECRETARIAT_ONLY),
        "members:team": E(SECRETARIAT_ONLY, SECRETARIAT_ONLY, lambda w: [w.team.slug]),
        "members:team-member-add": E(NO_GET, SECRETARIAT_ACTS, lambda w: [w.team.slug]),
        "members:team-member-lead": E(NO_GET, SECRETARIAT_ACTS, lambda w: [w.team.slug, w.membership.pk]),
        "members:team-member-end": E(NO_GET, SECRETARIAT_CONFIRMS, lambda w: [w.team.slug, w.membership.pk]),
        # cancelling asks first; the world's invitation was just mailed, so a resend is refused at once
        "members:invitation-cancel": E(NO_GET, EDITORS, lambda w: [w.company.slug, w.invitation.pk]),
        "members:invitation-resend": E(
            NO_GET, only(GO, NO, "coordinator", *STAFF), lambda w: [w.company.slug, w.invitation.pk]
        ),
        # the token is the door: whoever holds the link accepts (a visitor gets an account to set up)
        "members:invitation": E(PUBLIC, everyone(GO), lambda w: [w.invitation.token]),
        "members:invitation-sso": E(
            NO_GET, row(MISSING, *[GO] * (len(ALL_PERSONAS) - 1)), lambda w: [w.invitation.token, "sso"]
        ),
        "time-zone": E(NO_GET, signed_in(GO)),
        "time-zone-dismiss": E(NO_GET, signed_in(GO)),
        "account-security": E(SIGNED_IN, NO_GET),
        # single sign-on: no provider is configured here, so its own addresses do not exist; unlinking
        # another's identity is not found for anyone
        "sso-unlink": E(NO_GET, row(LOGIN, *[MISSING] * (len(ALL_PERSONAS) - 1)), lambda w: [w.identity.pk]),
        "sso-callback": E(everyone(MISSING), everyone(MISSING), lambda w: ["sso"]),
        "sso-connections": E(everyone(GO), NO_POST),
        "openid_connect_login": E(everyone(MISSING), everyone(MISSING), lambda w: ["sso"]),
        "openid_connect_callback": E(everyone(MISSING), everyone(MISSING), lambda w: ["sso"]),
        "socialaccount_login_cancelled": E(PUBLIC, NO_POST),
        "socialaccount_login_error": E(everyone("401"), NO_POST),
        "socialaccount_signup": E(everyone(LOGIN), everyone(LOGIN)),
        "socialaccount_connections": E(everyone(GO), NO_POST),
        "accounts/social/login/cancelled/": E(everyone(GO), everyone(GO), lambda w: {}),
        "accounts/social/login/error/": E(everyone(GO), everyone(GO), lambda w: {}),
        "accounts/social/signup/": E(everyone(GO), everyone(GO), lambda w: {}),
        "accounts/social/connections/": E(everyone(GO), everyone(GO), lambda w: {}),
        # a POST without confirm=yes shows the confirmation page
        "account-known-devices-revoke": E(NO_GET, SIGNED_IN),
        "account-sign-out-everywhere": E(NO_GET, SIGNED_IN),
        "meetings:subscribe": E(PUBLIC, NO_POST),
        # an empty erratum is refused with a message on the minutes page
        "meetings:erratum-add": E(NO_GET, SECRETARIAT_ACTS, held),
        "governance:motions": E(PUBLIC, NO_POST),
        "governance:feed": E(PUBLIC, NO_POST),
        # the record is published when the motion closes; the world's motion is still in voting
        "governance:motion-record-json": E(everyone(MISSING), NO_POST, motion),
        # the service refuses (with a message on the motion's page) whoever has no ballot, stance or objection
        "governance:motion-receipt-email": E(NO_GET, signed_in(GO), motion),
        "governance:motion-stance": E(NO_GET, signed_in(GO), motion),
        "governance:motion-withdraw-objection": E(NO_GET, signed_in(GO), motion),
        "meetings:index": E(PUBLIC, NO_POST),
        "meetings:create": E(SECRETARIAT_ONLY, SECRETARIAT_ONLY),
        "meetings:archive-import": E(SECRETARIAT_ONLY, SECRETARIAT_ONLY),
        "meetings:actions": E(PUBLIC, NO_POST),
        "meetings:action-close": E(NO_POST, SECRETARIAT_ACTS, lambda w: [w.action.pk]),
        "search": E(PUBLIC, NO_POST),
        "meetings:feed": E(PUBLIC, NO_POST),
        "meetings:calendar": E(PUBLIC, NO_POST),
        "meetings:calendar-kind": E(PUBLIC, NO_POST, lambda w: ["general"]),
        "meetings:series-list": E(SECRETARIAT_ONLY, NO_POST),
        "meetings:series-create": E(SECRETARIAT_ONLY, SECRETARIAT_ONLY),
        "meetings:series": E(SECRETARIAT_ONLY, NO_POST, lambda w: [w.series.slug]),
        "meetings:series-edit": E(SECRETARIAT_ONLY, SECRETARIAT_ONLY, lambda w: [w.series.slug]),
        "meetings:series-generate": E(NO_POST, SECRETARIAT_ACTS, lambda w: [w.series.slug]),
        "meetings:detail": E(PUBLIC, NO_POST, meeting),
        "meetings:meeting-ics": E(PUBLIC, NO_POST, meeting),
        "meetings:minutes-md": E(DRAFT_MINUTES_READERS, NO_POST, held),
        "meetings:record-csv": E(DRAFT_MINUTES_READERS, NO_POST, held),
        "meetings:edit": E(SECRETARIAT_ONLY, SECRETARIAT_ONLY, meeting),
        "meetings:cancel": E(NO_POST, SECRETARIAT_CONFIRMS, meeting),
        "meetings:delete": E(NO_POST, SECRETARIAT_CONFIRMS, lambda w: [w.draft_meeting.pk]),
        "meetings:agenda": E(SECRETARIAT_ONLY, SECRETARIAT_ONLY, meeting),
        "meetings:agenda-publish": E(NO_POST, SECRETARIAT_CONFIRMS, meeting),
        "meetings:agenda-item": E(SECRETARIAT_ONLY, SECRETARIAT_ONLY, lambda w: [w.upcoming.pk, w.agenda_item.pk]),
        "meetings:agenda-item-delete": E(NO_POST, SECRETARIAT_CONFIRMS, lambda w: [w.upcoming.pk, w.agenda_item.pk]),
        "meetings:agenda-item-move": E(NO_POST, SECRETARIAT_ACTS, lambda w: [w.upcoming.pk, w.agenda_item.pk]),
        "meetings:minutes": E(SECRETARIAT_ONLY, SECRETARIAT_ACTS, held),
        "meetings:minutes-import": E(SECRETARIAT_ONLY, SECRETARIAT_ONLY, held),
        "meetings:minutes-publish": E(NO_POST, SECRETARIAT_CONFIRMS, held),
        "meetings:attendance-add": E(NO_POST, SECRETARIAT_ACTS, held),
        "meetings:decision-add": E(NO_POST, SECRETARIAT_ACTS, held),
        "meetings:action-add": E(NO_POST, SECRETARIAT_ACTS, held),
        "meetings:attendance-remove": E(NO_POST, SECRETARIAT_CONFIRMS, lambda w: [w.held.pk, w.attendance.pk]),
        "meetings:decision-edit": E(SECRETARIAT_ONLY, SECRETARIAT_ONLY, lambda w: [w.held.pk, w.decision.pk]),
        "meetings:decision-move": E(NO_POST, SECRETARIAT_ACTS, lambda w: [w.held.pk, w.decision.pk]),
        "meetings:decision-remove": E(NO_POST, SECRETARIAT_CONFIRMS, lambda w: [w.held.pk, w.decision.pk]),
        "meetings:action-edit": E(SECRETARIAT_ONLY, SECRETARIAT_ONLY, lambda w: [w.held.pk, w.action.pk]),
        "meetings:action-move": E(NO_POST, SECRETARIAT_ACTS, lambda w: [w.held.pk, w.action.pk]),
        "meetings:action-remove": E(NO_POST, SECRETARIAT_CONFIRMS, lambda w: [w.held.pk, w.action.pk]),
        "governance:index": E(PUBLIC, NO_POST),
        "governance:motion-new": E(SEATS_AND_OFFICERS, SEATS_AND_OFFICERS),
        "governance:motion": E(PUBLIC, NO_POST, motion),
        "governance:motion-edit": E(CHAIR_AND_SECRETARIAT_ACT, CHAIR_AND_SECRETARIAT_ACT, motion),
        "governance:motion-verify": E(PUBLIC, NO_POST, motion),
        "governance:motion-object": E(NO_POST, signed_in(GO), motion),
        "governance:motion-vote": E(NO_POST, row(LOGIN, NO, NO, NO, NO, NO, NO, NO, NO), motion),
        "governance:motion-notice": E(NO_POST, CHAIR_AND_SECRETARIAT_CONFIRM, motion),
        "governance:motion-open": E(NO_POST, CHAIR_AND_SECRETARIAT_ACT, motion),
        "governance:motion-call-vote": E(NO_POST, row(LOGIN, NO, NO, NO, NO, NO, GO, NO, NO), motion),
        "governance:motion-close": E(NO_POST, CHAIR_AND_SECRETARIAT_CONFIRM, motion),
        # the world's motion is in voting: then the chair alone withdraws it
        "governance:motion-withdraw": E(NO_POST, only(OK, NO, "chair"), motion),
        "governance:charter": E(PUBLIC, NO_POST),
        "governance:charter-version": E(PUBLIC, NO_POST, lambda w: [w.charter.number]),
        "governance:charter-diff": E(everyone(GO), NO_POST),
        "governance:roadmap": E(PUBLIC, NO_POST),
        "governance:roadmap-edit": E(SECRETARIAT_ONLY, NO_POST),
        "governance:plan-task-new": E(SECRETARIAT_ONLY, SECRETARIAT_ONLY),
        "governance:plan-task-edit": E(SECRETARIAT_ONLY, SECRETARIAT_ONLY, lambda w: [w.plan_task.pk]),
        "governance:plan-task-delete": E(NO_POST, SECRETARIAT_CONFIRMS, lambda w: [w.plan_task.pk]),
        "governance:roadmap-item-new": E(SECRETARIAT_ONLY, SECRETARIAT_ONLY),
        "governance:roadmap-item-edit": E(SECRETARIAT_ONLY, SECRETARIAT_ONLY, lambda w: [w.roadmap_item.pk]),
        "governance:roadmap-item-delete": E(NO_POST, SECRETARIAT_CONFIRMS, lambda w: [w.roadmap_item.pk]),
        "governance:teams": E(PUBLIC, NO_POST),
        "notifications:index": E(SECRETARIAT_ONLY, NO_POST),
        "notifications:detail": E(SECRETARIAT_ONLY, NO_POST, lambda w: [w.announcement.pk]),
        "notifications:retry": E(NO_GET, SECRETARIAT_ACTS, lambda w: [w.announcement.pk]),
        "notifications:preferences": E(SIGNED_IN, SIGNED_IN),
        # a change to who receives mail, or when, asks first: a first (empty) POST is the form again
        "notifications:lists": E(SECRETARIAT_ONLY, SECRETARIAT_ONLY),
        "notifications:list": E(SECRETARIAT_ONLY, SECRETARIAT_ONLY, lambda w: [w.mailing_list.pk]),
        "notifications:schedules": E(SECRETARIAT_ONLY, NO_POST),
        "notifications:schedule": E(SECRETARIAT_ONLY, SECRETARIAT_ONLY, lambda w: [w.schedule.pk]),
        "notifications:unsubscribe": E(PUBLIC, PUBLIC, lambda w: [w.unsubscribe]),
        "notifications:resubscribe": E(PUBLIC, PUBLIC, lambda w: [w.resubscribe]),
        "admin:index": E(_admin_row(OK, OK), _admin_row(OK, OK)),
        "admin:login": E(SECRETARIAT_ACTS, SECRETARIAT_ONLY),
        "admin:logout": E(row(GO, GO, GO, GO, GO, GO, GO, METHOD, METHOD), everyone(GO)),
        # the admin's password pages send people to the portal's (issue 19)
        "admin:password_change": E(_admin_row(GO, GO), _admin_row(METHOD, METHOD)),
        "admin:password_change_done": E(_admin_row(GO, GO), _admin_row(METHOD, METHOD)),
        "admin:autocomplete": E(_admin_row(NO, NO), _admin_row(METHOD, METHOD)),
        "admin:jsi18n": E(_admin_row(OK, OK), _admin_row(METHOD, METHOD)),
        "admin:view_on_site": E(_admin_row(GO, GO), _admin_row(GO, GO), lambda w: [w.content_type, w.company.pk]),
        "admin:auth_user_password_change": E(_admin_row(NO, OK), _admin_row(NO, OK), lambda w: [w.people["chair"].pk]),
        "admin:app_list": E(_admin_row(OK, OK), _admin_row(OK, OK), lambda w: ["members"]),
        "admin/(?P<url>.*)$": E(_admin_row(MISSING, MISSING), _admin_row(MISSING, MISSING), lambda w: {}),
    }
)


# --- the API: read-only for everyone; what each reads is what their pages show them ---

API_LIST = E(PUBLIC, NO_POST)
ONLY_STAFF_READ = only(OK, MISSING, *STAFF, anonymous=MISSING)
# the draft motion: its proposer (the chair), the Secretariat and the seated board read it
DRAFT_MOTION_READERS = row(MISSING, MISSING, MISSING, MISSING, OK, MISSING, OK, OK, OK)
MATRIX.update(
    {
        "access-tokens": E(SIGNED_IN, SIGNED_IN),
        # the token is member_user's: another's token is 404, as if it did not exist
        "access-token-revoke": E(NO_GET, row(LOGIN, OK, *[MISSING] * (len(ALL_PERSONAS) - 2)), lambda w: [w.token.pk]),
        "api:docs": API_LIST,
        "api:schema": API_LIST,
        **{f"api:{basename}-list": API_LIST for _, _, basename in api_router.registry},
        "api:company-detail": E(PUBLIC, NO_POST, lambda w: [w.company.slug]),
        "api:team-detail": E(PUBLIC, NO_POST, lambda w: ["upgrades"]),
        "api:meeting-detail": E(ONLY_STAFF_READ, NO_POST, lambda w: [w.draft_meeting.pk]),
        "api:motion-detail": E(DRAFT_MOTION_READERS, NO_POST, lambda w: [w.draft.pk]),
        "api:charter-version-detail": E(PUBLIC, NO_POST, lambda w: [w.charter.number]),
        # the world's quarter is not published: nobody reads it
        "api:roadmap-quarter-detail": E(everyone(MISSING), NO_POST, lambda w: [w.row(RoadmapQuarter)]),
        "api:roadmap-item-detail": E(PUBLIC, NO_POST, lambda w: [w.roadmap_item.pk]),
        "api:plan-task-detail": E(PUBLIC, NO_POST, lambda w: [w.plan_task.pk]),
    }
)
