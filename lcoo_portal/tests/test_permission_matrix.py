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
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.contrib import admin
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from simple_history.admin import SimpleHistoryAdmin

from conftest import ALL_PERSONAS
from lcoo_portal.tests.test_admin_policy import ADMIN_POLICY, HIDDEN, READ_ONLY, SERVICE

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


def _admin_outcome(policy: str, view: str, method: str, label: str) -> str:
    """What the Secretariat meets at one admin view of a model with this policy."""
    if policy == HIDDEN:
        return NO
    if view in {"changelist", "history", "change", "simple_history"} and method == "GET":
        return OK
    if view == "add":
        return OK if label == "members.RoleAssignment" else NO
    if view == "change" and method == "POST" and label in {"members.User", "members.Company"}:
        return OK  # goes through the services; the empty form is shown again with its errors
    if view == "changelist" and method == "POST":
        return OK if policy in {READ_ONLY, SERVICE} else NO
    return NO


def _admin_entries() -> dict[str, E]:
    entries: dict[str, E] = {}
    for model in admin.site._registry:
        label, meta = model._meta.label, model._meta
        policy = ADMIN_POLICY.get(label)
        if policy is None:
            continue  # test_admin_policy fails for it; here the URL then has no entry
        prefix = f"admin:{meta.app_label}_{meta.model_name}"
        views = {"changelist": False, "add": False, "history": True, "delete": True, "change": True}
        if isinstance(admin.site._registry[model], SimpleHistoryAdmin):
            views["simple_history"] = True
        for view, takes_object in views.items():
            args = (lambda w, model=model: [w.row(model)]) if takes_object else (lambda w: [])
            if view == "simple_history":
                args = lambda w, model=model: [w.row(model), w.version(model)]  # noqa: E731
            secretariat = {m: _admin_outcome(policy, view, m, label) for m in ("GET", "POST")}
            entries[f"{prefix}_{view}"] = E(
                args=args,
                get=_admin_row(secretariat["GET"], OK),
                post=_admin_row(secretariat["POST"], OK),
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


# --- the world every persona meets ---


@pytest.fixture
def world(persona, company, other_company):
    """Every persona, and a row for every URL's arguments."""
    from allauth.account.models import EmailAddress, EmailConfirmationHMAC
    from allauth.account.utils import user_pk_to_url_str
    from allauth.mfa.models import Authenticator
    from django.contrib.auth.tokens import default_token_generator
    from django.contrib.contenttypes.models import ContentType

    from governance.tests.factories import CharterVersionFactory, MotionFactory, RoadmapItemFactory
    from meetings.tests.factories import (
        ActionItemFactory,
        AgendaItemFactory,
        AttendanceFactory,
        DecisionFactory,
        MinutesFactory,
        PublishedMeetingFactory,
        RotationSlotFactory,
    )
    from members.models import Affiliation, RoleAssignment, Team
    from members.services import role_assign
    from members.tests.factories import UserFactory
    from notifications.models import Announcement
    from notifications.services import unsubscribe_token

    people = {name: persona(name) for name in ALL_PERSONAS}
    colleague = UserFactory(email="colleague.att@example.org")
    affiliation = Affiliation.objects.create(user=colleague, company=company)
    colleague_role = role_assign(company=company, user=colleague, role=RoleAssignment.Role.COORDINATOR, by=None)
    upcoming = PublishedMeetingFactory(title="Upcoming forum")
    agenda_item = AgendaItemFactory(meeting=upcoming)
    held = PublishedMeetingFactory(title="Held meeting", status="held", starts_at=upcoming.starts_at.replace(year=2020))
    MinutesFactory(meeting=held, summary="Draft minutes.")
    decision = DecisionFactory(meeting=held)
    action = ActionItemFactory(meeting=held, owner=people["coordinator"], company=company)
    AttendanceFactory(meeting=held, company=company)
    series = RotationSlotFactory().series
    motion = MotionFactory(proposer=people["chair"])
    charter = CharterVersionFactory()
    RoadmapItemFactory()
    Team.objects.create(name="Upgrades", slug="upgrades")
    announcement = Announcement.objects.create(event="agenda_published", key="agenda:1", subject="Agenda")
    member = people["member_user"]
    address = EmailAddress.objects.create(user=member, email=member.email, verified=False, primary=True)
    # a passkey of someone else: nobody may rename or remove it
    passkey = Authenticator.objects.create(user=colleague, type=Authenticator.Type.WEBAUTHN, data={"name": "Laptop"})

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
        agenda_item=agenda_item,
        held=held,
        decision=decision,
        action=action,
        series=series,
        motion=motion,
        charter=charter,
        announcement=announcement,
        unsubscribe=unsubscribe_token(user_id=member.pk, kind="announcements"),
        confirm_key=EmailConfirmationHMAC(address).key,
        reset=(user_pk_to_url_str(member), default_token_generator.make_token(member)),
        passkey=passkey,
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


T = everyone("?")
slug = lambda w: [w.company.slug]  # noqa: E731
meeting = lambda w: [w.upcoming.pk]  # noqa: E731
held = lambda w: [w.held.pk]  # noqa: E731
motion = lambda w: [w.motion.pk]  # noqa: E731
MATRIX.update(
    {
        "home": E(T, T),
        "healthz": E(T, T),
        "profile": E(T, T),
        "account_login": E(T, T),
        "account_logout": E(T, T),
        "account_inactive": E(T, T),
        "account_signup": E(T, T),
        "account_reauthenticate": E(T, T),
        "account_email": E(T, T),
        "account_email_verification_sent": E(T, T),
        "account_change_password": E(T, T),
        "account_set_password": E(T, T),
        "account_reset_password": E(T, T),
        "account_confirm_login_code": E(T, T),
        "account_confirm_email": E(T, T, lambda w: [w.confirm_key]),
        "account_reset_password_from_key_done": E(T, T),
        "account_reset_password_from_key": E(T, T, lambda w: {"uidb36": w.reset[0], "key": w.reset[1]}),
        "account_reset_password_done": E(T, T),
        "mfa_index": E(T, T),
        "mfa_authenticate": E(T, T),
        "mfa_reauthenticate": E(T, T),
        "mfa_activate_totp": E(T, T),
        "mfa_deactivate_totp": E(T, T),
        "mfa_view_recovery_codes": E(T, T),
        "mfa_generate_recovery_codes": E(T, T),
        "mfa_download_recovery_codes": E(T, T),
        "mfa_list_webauthn": E(T, T),
        "mfa_add_webauthn": E(T, T),
        "mfa_reauthenticate_webauthn": E(T, T),
        "mfa_remove_webauthn": E(T, T, lambda w: [w.passkey.pk]),
        "mfa_edit_webauthn": E(T, T, lambda w: [w.passkey.pk]),
        "mfa_login_webauthn": E(T, T),
        "members:directory": E(T, T),
        "members:new": E(T, T),
        "members:compliance-csv": E(T, T),
        "members:company": E(T, T, slug),
        "members:edit": E(T, T, slug),
        "members:roles": E(T, T, slug),
        "members:role-end": E(T, T, lambda w: [w.company.slug, w.colleague_role.pk]),
        "members:affiliation-end": E(T, T, lambda w: [w.company.slug, w.affiliation.pk]),
        "members:status": E(T, T, slug),
        "meetings:index": E(T, T),
        "meetings:create": E(T, T),
        "meetings:actions": E(T, T),
        "meetings:action-close": E(T, T, lambda w: [w.action.pk]),
        "meetings:search": E(T, T),
        "meetings:feed": E(T, T),
        "meetings:calendar": E(T, T),
        "meetings:calendar-kind": E(T, T, lambda w: ["general"]),
        "meetings:series-list": E(T, T),
        "meetings:series-create": E(T, T),
        "meetings:series": E(T, T, lambda w: [w.series.slug]),
        "meetings:series-edit": E(T, T, lambda w: [w.series.slug]),
        "meetings:series-generate": E(T, T, lambda w: [w.series.slug]),
        "meetings:detail": E(T, T, meeting),
        "meetings:meeting-ics": E(T, T, meeting),
        "meetings:edit": E(T, T, meeting),
        "meetings:cancel": E(T, T, meeting),
        "meetings:agenda": E(T, T, meeting),
        "meetings:agenda-publish": E(T, T, meeting),
        "meetings:agenda-item": E(T, T, lambda w: [w.upcoming.pk, w.agenda_item.pk]),
        "meetings:agenda-item-delete": E(T, T, lambda w: [w.upcoming.pk, w.agenda_item.pk]),
        "meetings:agenda-item-move": E(T, T, lambda w: [w.upcoming.pk, w.agenda_item.pk]),
        "meetings:minutes": E(T, T, held),
        "meetings:minutes-import": E(T, T, held),
        "meetings:minutes-publish": E(T, T, held),
        "meetings:attendance-add": E(T, T, held),
        "meetings:decision-add": E(T, T, held),
        "meetings:action-add": E(T, T, held),
        "meetings:minutes-row": E(T, T, lambda w: [w.held.pk, "decision", w.decision.pk]),
        "meetings:minutes-row-move": E(T, T, lambda w: [w.held.pk, "decision", w.decision.pk]),
        "meetings:minutes-remove": E(T, T, lambda w: [w.held.pk, "decision", w.decision.pk]),
        "governance:index": E(T, T),
        "governance:motion-new": E(T, T),
        "governance:motion": E(T, T, motion),
        "governance:motion-edit": E(T, T, motion),
        "governance:motion-verify": E(T, T, motion),
        "governance:motion-object": E(T, T, motion),
        "governance:motion-vote": E(T, T, motion),
        "governance:motion-notice": E(T, T, motion),
        "governance:motion-open": E(T, T, motion),
        "governance:motion-call-vote": E(T, T, motion),
        "governance:motion-close": E(T, T, motion),
        "governance:motion-withdraw": E(T, T, motion),
        "governance:charter": E(T, T),
        "governance:charter-version": E(T, T, lambda w: [w.charter.number]),
        "governance:charter-diff": E(T, T),
        "governance:roadmap": E(T, T),
        "governance:teams": E(T, T),
        "notifications:index": E(T, T),
        "notifications:detail": E(T, T, lambda w: [w.announcement.pk]),
        "notifications:retry": E(T, T, lambda w: [w.announcement.pk]),
        "notifications:preferences": E(T, T),
        "notifications:unsubscribe": E(T, T, lambda w: [w.unsubscribe]),
        "admin:index": E(T, T),
        "admin:login": E(T, T),
        "admin:logout": E(T, T),
        "admin:password_change": E(T, T),
        "admin:password_change_done": E(T, T),
        "admin:autocomplete": E(T, T),
        "admin:jsi18n": E(T, T),
        "admin:view_on_site": E(T, T, lambda w: [w.content_type, w.company.pk]),
        "admin:auth_user_password_change": E(T, T, lambda w: [w.people["chair"].pk]),
        "admin:app_list": E(T, T, lambda w: ["members"]),
        "admin/(?P<url>.*)$": E(T, T, lambda w: {}),
    }
)
