"""Hostile values posted to every form of every view, as the persona allowed to use it: never a 500, and
an invalid submission changes no record.

Every URL pattern of the portal's apps is listed in ADDRESSES (a new pattern fails the test until it is
added); each address is fetched as each persona, and every form a page shows is collected with the
first persona who sees it. Hypothesis then fills each form's fields with hostile values.
"""

import io
import zipfile
from datetime import date, timedelta
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from allauth.socialaccount.models import SocialAccount
from django.contrib import messages
from django.contrib.messages import get_messages
from django.db import connection
from django.forms import BaseForm
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django_celery_beat.models import CrontabSchedule, PeriodicTask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from governance.models import Candidate, Motion, OfficerTerm
from governance.services import plan
from governance.services.lifecycle import motion_call_vote, motion_open, objection_raise
from governance.tests.factories import CharterVersionFactory, MotionFactory, OfficerTermFactory, RoadmapItemFactory
from meetings.models import ActionItem, AgendaItem, Attendance, Decision, Minutes
from meetings.tests.factories import MeetingFactory, PublishedMeetingFactory, SeriesFactory
from members.models import Affiliation, RoleAssignment, Team, TeamMembership
from members.services import access_token_create, company_invitation_create
from members.tests.factories import UserFactory
from notifications.models import Announcement, Kind, ListAddress, OutboxMessage
from notifications.services.preferences import resubscribe_token, unsubscribe_token

pytestmark = pytest.mark.django_db

APPS = ("members", "meetings", "governance", "notifications")
PERSONAS = ("secretariat", "board_member", "coordinator", "other_board_member", "member_user")

HOSTILE = [
    "",
    " ",
    "a\x00b",
    "- " * 500 + "x",
    "1. " * 500 + "x",
    "[" * 20000,
    "x" * 300_000,
    "9" * 30,
    "-1",
    "0",
    "2147483648",
    "9223372036854775808",
    "1e309",
    "1e400",
    "-1e400",
    "1E+2",
    "2.5e0",
    "1e-400",
    "NaN",
    "9999-12-31T23:59",
    "9999-12-31",
    "0001-01-01T00:00",
    "2024-02-30",
    "25:61",
    "javascript:alert(1)",
    "ftp://files.example.org/x",
    '=HYPERLINK("https://evil.example.org")',
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "\u202egnp.exe",
    "Ｓｅｃｒｅｔａｒｉａｔ",
    "../../etc/passwd",
    "\r\n\r\n",
    "00:00 Mars/Olympus",
    "yes",
    "voting",
    "member",
]


class FormCollector(HTMLParser):
    """Every <form> of a page: method, action and its fields with a value the page offered."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attrs = dict(attrs)
        if tag == "form":
            self._form = {"method": (attrs.get("method") or "get").lower(), "action": attrs.get("action"), "fields": {}}
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag in ("input", "textarea", "button") and attrs.get("name"):
            if attrs.get("type") in ("checkbox", "radio") and attrs["name"] in self._form["fields"]:
                return
            self._form["fields"].setdefault(attrs["name"], attrs.get("value") or "")
            if attrs.get("type") == "number":
                self._form.setdefault("numeric", []).append(attrs["name"])
        elif tag == "select" and attrs.get("name"):
            self._select = attrs["name"]
            self._form["fields"].setdefault(self._select, "")
        elif tag == "option" and self._select and attrs.get("value") and not self._form["fields"][self._select]:
            self._form["fields"][self._select] = attrs["value"]

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def patterns(resolvers=None, prefix: str = "") -> list[str]:
    """The names of every URL pattern of the portal's apps (namespace:name), the account page and the
    project's own pages (home, search, health)."""
    names = []
    for entry in resolvers if resolvers is not None else get_resolver().url_patterns:
        if isinstance(entry, URLPattern) and resolvers is None and entry.name:
            names.append(entry.name)
        elif isinstance(entry, URLResolver) and entry.namespace in APPS:
            names += patterns(entry.url_patterns, f"{entry.namespace}:")
        elif isinstance(entry, URLResolver) and getattr(entry.urlconf_name, "__name__", "") == "members.account_urls":
            names += patterns(entry.url_patterns, "")
        elif isinstance(entry, URLPattern) and prefix is not None and resolvers is not None and entry.name:
            names.append(prefix + entry.name)
    return names


@pytest.fixture
def world(company, other_company, coordinator, board_member, other_board_member, secretariat, member_user):
    """One of everything a form works on: a draft agenda, draft minutes with rows, open motions…"""
    OfficerTermFactory(user=board_member, company=company, office=OfficerTerm.Office.CHAIR)
    draft_meeting = MeetingFactory(starts_at=timezone.now() + timedelta(days=10))
    AgendaItem.objects.create(meeting=draft_meeting, position=1, title="Welcome")
    AgendaItem.objects.create(meeting=draft_meeting, position=2, title="Roadmap")
    held = PublishedMeetingFactory(starts_at=timezone.now() - timedelta(days=2))
    topic = AgendaItem.objects.create(meeting=held, position=1, title="Charter")
    Minutes.objects.create(meeting=held, summary="Draft summary")
    Attendance.objects.create(meeting=held, user=board_member, company=company)
    Decision.objects.create(meeting=held, agenda_item=topic, text="Agreed")
    ActionItem.objects.create(meeting=held, agenda_item=topic, text="Write it", owner=coordinator, company=company)
    published = PublishedMeetingFactory(starts_at=timezone.now() - timedelta(days=9))
    Minutes.objects.create(meeting=published, summary="Done", published_at=timezone.now())
    open_action = ActionItem.objects.create(meeting=published, text="Follow up", owner=coordinator, company=company)
    series = SeriesFactory()
    draft = MotionFactory(proposer=board_member)
    consensus = MotionFactory(proposer=board_member)
    motion_open(motion=consensus, by=board_member, consensus_deadline=timezone.now() + timedelta(days=7))
    voting = MotionFactory(proposer=board_member)
    motion_open(motion=voting, by=board_member, consensus_deadline=timezone.now() + timedelta(days=7))
    objection_raise(motion=voting, company=other_company, by=other_board_member, reason="No.")
    motion_call_vote(motion=voting, by=board_member, voting_deadline=timezone.now() + timedelta(days=7))
    election = MotionFactory(proposer=board_member, kind=Motion.Kind.ELECTION)
    Candidate.objects.create(motion=election, office=OfficerTerm.Office.CHAIR, user=board_member, company=company)
    CharterVersionFactory()
    CharterVersionFactory()
    phase = plan.plan_task_save(
        task=None,
        data={"position": 1, "title": "Scope", "kind": "phase", "starts_on": date(2016, 8, 23)},
        by=secretariat,
    )
    milestone = plan.plan_task_save(
        task=None,
        data={"position": 2, "title": "Summit", "kind": "milestone", "phase": phase, "starts_on": date(2016, 10, 24)},
        by=secretariat,
    )
    roadmap_item = RoadmapItemFactory()
    announcement = Announcement.objects.create(event="test", key="test:fuzz", subject="Hello")
    OutboxMessage.objects.create(
        announcement=announcement, idempotency_key="fuzz:1", to_email="a@example.org", subject="Hello",
        body_text="Hi", status=OutboxMessage.Status.FAILED,
    )  # fmt: skip
    role = RoleAssignment.objects.get(user=coordinator, company=company)
    affiliation = Affiliation.objects.get(user=coordinator, company=company)
    extra = UserFactory(display_name="Extra")
    Affiliation.objects.create(user=extra, company=company)
    invitation = company_invitation_create(company=company, email="newcomer@example.org", role="", by=coordinator)
    token, _ = access_token_create(user=member_user, name="A tool", days=7)
    identity = SocialAccount.objects.create(user=member_user, provider="sso", uid="fuzz")
    team = Team.objects.create(name="Upgrades", slug="upgrades")
    membership = TeamMembership.objects.create(team=team, user=coordinator)
    mailing_list = ListAddress.objects.create(name="Everyone", address="lcoo@lists.example.org", kinds=["minutes"])
    schedule = PeriodicTask.objects.create(
        name="fuzz: roadmap reminder",
        task="notifications.tasks.send_roadmap_reminder",
        crontab=CrontabSchedule.objects.create(minute="0", hour="8", timezone="UTC"),
    )
    return {
        "members:directory": [{}],
        "members:new": [{}],
        "members:compliance-csv": [{}],
        "members:directory-csv": [{}],
        "members:import": [{}],
        "members:company": [{"slug": company.slug}],
        "members:edit": [{"slug": company.slug}],
        "members:roles": [{"slug": company.slug}],
        "members:role-end": [{"slug": company.slug, "pk": role.pk}],
        "members:affiliation-end": [{"slug": company.slug, "pk": affiliation.pk}],
        "members:status": [{"slug": company.slug}],
        "members:invitation": [{"token": invitation.token}],
        "members:invitation-sso": [{"token": invitation.token, "provider_id": "sso"}],
        "members:invitation-cancel": [{"slug": company.slug, "pk": invitation.pk}],
        "members:invitation-resend": [{"slug": company.slug, "pk": invitation.pk}],
        "members:teams": [{}],
        "members:team": [{"slug": team.slug}],
        "members:team-member-add": [{"slug": team.slug}],
        "members:team-member-lead": [{"slug": team.slug, "pk": membership.pk}],
        "members:team-member-end": [{"slug": team.slug, "pk": membership.pk}],
        "sso-callback": [{"provider_id": "sso"}],
        "sso-connections": [{}],
        "sso-unlink": [{"pk": identity.pk}],
        "home": [{}],
        "healthz": [{}],
        "robots": [{}],
        "sitemap": [{}],
        "open-data": [{}],
        "metrics": [{}],
        "meetings:index": [{}],
        "meetings:create": [{}],
        "meetings:archive-import": [{}],
        "meetings:actions": [{}],
        "meetings:action-close": [{"pk": open_action.pk}],
        "search": [{}],
        "meetings:subscribe": [{}],
        "meetings:erratum-add": [{"pk": published.pk}],
        "meetings:feed": [{}],
        "meetings:calendar": [{}],
        "meetings:calendar-kind": [{"kind": "general"}],
        "meetings:series-list": [{}],
        "meetings:series-create": [{}],
        "meetings:series": [{"slug": series.slug}],
        "meetings:series-edit": [{"slug": series.slug}],
        "meetings:series-generate": [{"slug": series.slug}],
        "meetings:detail": [{"pk": m.pk} for m in (draft_meeting, held, published)],
        "meetings:meeting-ics": [{"pk": held.pk}],
        "meetings:minutes-md": [{"pk": held.pk}],
        "meetings:record-csv": [{"pk": held.pk}],
        "meetings:edit": [{"pk": draft_meeting.pk}],
        "meetings:cancel": [{"pk": draft_meeting.pk}],
        "meetings:delete": [{"pk": draft_meeting.pk}],
        "meetings:agenda": [{"pk": draft_meeting.pk}, {"pk": held.pk}],
        "meetings:agenda-publish": [{"pk": draft_meeting.pk}],
        "meetings:agenda-item": [{"pk": draft_meeting.pk, "item_pk": draft_meeting.agenda_items.first().pk}],
        "meetings:agenda-item-delete": [{"pk": draft_meeting.pk, "item_pk": draft_meeting.agenda_items.last().pk}],
        "meetings:agenda-item-move": [{"pk": draft_meeting.pk, "item_pk": draft_meeting.agenda_items.last().pk}],
        "meetings:minutes": [{"pk": held.pk}],
        "meetings:minutes-import": [{"pk": held.pk}],
        "meetings:minutes-publish": [{"pk": held.pk}],
        "meetings:attendance-add": [{"pk": held.pk}],
        "meetings:decision-add": [{"pk": held.pk}],
        "meetings:action-add": [{"pk": held.pk}],
        "meetings:attendance-remove": [{"pk": held.pk, "row_pk": held.attendances.get().pk}],
        "meetings:decision-edit": [{"pk": held.pk, "row_pk": held.decisions.get().pk}],
        "meetings:decision-move": [{"pk": held.pk, "row_pk": held.decisions.get().pk}],
        "meetings:decision-remove": [{"pk": held.pk, "row_pk": held.decisions.get().pk}],
        "meetings:action-edit": [{"pk": held.pk, "row_pk": held.action_items.get().pk}],
        "meetings:action-move": [{"pk": held.pk, "row_pk": held.action_items.get().pk}],
        "meetings:action-remove": [{"pk": held.pk, "row_pk": held.action_items.get().pk}],
        "governance:index": [{}],
        "governance:motions": [{}],
        "governance:motion-record-json": [{"pk": voting.pk}],
        "governance:motion-receipt-email": [{"pk": voting.pk}],
        "governance:motion-stance": [{"pk": consensus.pk}],
        "governance:motion-withdraw-objection": [{"pk": consensus.pk}],
        "governance:motion-new": [{}],
        "governance:motion": [{"pk": m.pk} for m in (draft, consensus, voting, election)],
        "governance:motion-edit": [{"pk": draft.pk}, {"pk": election.pk}],
        "governance:motion-verify": [{"pk": voting.pk}],
        "governance:motion-object": [{"pk": consensus.pk}],
        "governance:motion-vote": [{"pk": voting.pk}],
        "governance:motion-notice": [{"pk": draft.pk}],
        "governance:motion-open": [{"pk": draft.pk}],
        "governance:motion-call-vote": [{"pk": consensus.pk}],
        "governance:motion-close": [{"pk": voting.pk}],
        "governance:motion-withdraw": [{"pk": consensus.pk}],
        "governance:charter": [{}],
        "governance:charter-version": [{"number": 1}],
        "governance:charter-diff": [{}],
        "governance:roadmap": [{}],
        "governance:roadmap-edit": [{}],
        "governance:plan-task-new": [{}],
        "governance:plan-task-edit": [{"pk": phase.pk}, {"pk": milestone.pk}],
        "governance:plan-task-delete": [{"pk": milestone.pk}],
        "governance:roadmap-item-new": [{}],
        "governance:roadmap-item-edit": [{"pk": roadmap_item.pk}],
        "governance:roadmap-item-delete": [{"pk": roadmap_item.pk}],
        "governance:teams": [{}],
        "governance:feed": [{}],
        "notifications:index": [{}],
        "notifications:detail": [{"pk": announcement.pk}],
        "notifications:retry": [{"pk": announcement.pk}],
        "notifications:preferences": [{}],
        "notifications:lists": [{}],
        "notifications:list": [{"pk": mailing_list.pk}],
        "notifications:schedules": [{}],
        "notifications:schedule": [{"pk": schedule.pk}],
        "notifications:unsubscribe": [{"token": unsubscribe_token(user_id=member_user.pk, kind=Kind.MINUTES)}],
        "notifications:resubscribe": [{"token": resubscribe_token(user_id=member_user.pk, kind=Kind.MINUTES)}],
        "profile": [{}],
        "time-zone": [{}],
        "time-zone-dismiss": [{}],
        "access-tokens": [{}],
        "access-token-revoke": [{"pk": token.pk}],
        "account-security": [{}],
        "account-known-devices-revoke": [{}],
        "account-sign-out-everywhere": [{}],
    }


def snapshot() -> str:
    """Every row of every table of the portal's apps (and accounts), as one checksum per table."""
    tables = [
        t
        for t in connection.introspection.table_names()
        if t.split("_")[0] in (*APPS, "account", "guardian", "auth", "mfa")
    ]
    parts = " UNION ALL ".join(
        f"SELECT '{t}:' || count(*) || ':' || coalesce(md5(string_agg(md5(x::text), '' ORDER BY md5(x::text))), '') "  # noqa: S608
        f"FROM {connection.ops.quote_name(t)} AS x"
        for t in tables
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT string_agg(s, ',' ORDER BY s) FROM ({parts}) AS parts(s)")  # noqa: S608
        return cursor.fetchone()[0]


def local_path(action: str | None, page: str) -> str:
    if not action:
        return page
    parts = urlsplit(action)
    return parts.path + (f"?{parts.query}" if parts.query else "") if not parts.netloc else ""


def collect_forms(world, clients) -> tuple[list[str], list[dict]]:
    """Fetch every address as every persona; returns the addresses and the forms found (with who saw them)."""
    addresses, forms, seen = [], [], set()
    for name, kwargs_list in world.items():
        for kwargs in kwargs_list:
            url = reverse(name, kwargs=kwargs)
            addresses.append(url)
            for persona in PERSONAS:
                response = clients[persona].get(url)
                assert response.status_code < 500, (url, persona)
                if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                    continue
                collector = FormCollector()
                collector.feed(response.content.decode())
                for form in collector.forms:
                    path = local_path(form["action"], url)
                    if not path or path.startswith(("/accounts/logout", "/admin")):
                        continue
                    key = (form["method"], path.split("?")[0], tuple(sorted(form["fields"])))
                    if key not in seen:
                        seen.add(key)
                        forms.append({**form, "path": path, "persona": persona})
    return addresses, forms


def invalid(response) -> bool:
    """Refused: a client error, an error message, or a form shown again with its errors."""
    if response.status_code >= 400:
        return True
    # only this request's messages: earlier ones wait in the cookie, as nobody follows the redirects
    added = get_messages(response.wsgi_request)._queued_messages
    if any(m.level == messages.ERROR for m in added):
        return True
    contexts = response.context if isinstance(response.context, list) else [response.context]
    return any(
        isinstance(value, BaseForm) and value.is_bound and value.errors
        for context in contexts
        if context is not None
        for value in context.flatten().values()
    )


FUZZ = {"requests": 0, "invalid": 0, "snapshot": None}

# numbers that overflow a float or a column, and numbers in exponent form: each in every numeric field
OVERFLOWING = ["1e309", "1e400", "-1e400", "9" * 400, "1E+2", "2.5e0", "5E-1", "1e-400", "Infinity", "-0"]


def overflow(client: Client, form: dict) -> int:
    """Post each overflowing or exponent-form number in each numeric field of a form (the others as the page
    offered them): never a 500, and a refused one changes nothing. Returns how many were posted."""
    fields = {name: value for name, value in form["fields"].items() if name != "csrfmiddlewaretoken"}
    posted = 0
    for name in form.get("numeric", []):
        for value in OVERFLOWING:
            before = snapshot()
            send = client.post if form["method"] == "post" else client.get
            response = send(
                form["path"] if form["method"] == "post" else form["path"].split("?")[0], {**fields, name: value}
            )
            posted += 1
            assert response.status_code < 500, (form["path"], name, value)
            if form["method"] == "post" and invalid(response):
                assert snapshot() == before, f"{form['path']} changed a record refusing {name}={value!r}"
    return posted


def fuzz(client: Client, form: dict) -> None:
    fields = {name: value for name, value in form["fields"].items() if name != "csrfmiddlewaretoken"}
    values = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=40))
    strategy = st.fixed_dictionaries(
        {name: st.one_of(st.just(valid), values) for name, valid in fields.items()},
    )

    @settings(max_examples=6, deadline=None, database=None, suppress_health_check=list(HealthCheck), derandomize=True)
    @given(data=strategy)
    def submit(data: dict) -> None:
        # after a refused submission the records are as they were: the last snapshot still holds
        before = FUZZ["snapshot"] or snapshot()
        if form["method"] == "post":
            response = client.post(form["path"], data)
        else:
            response = client.get(form["path"].split("?")[0], data)
        FUZZ["requests"] += 1
        assert response.status_code < 500, (form["path"], data)
        FUZZ["snapshot"] = before
        if form["method"] == "post":
            if invalid(response):
                FUZZ["invalid"] += 1
                assert snapshot() == before, f"{form['path']} changed a record on an invalid submission: {data!r}"
            else:
                FUZZ["snapshot"] = None  # accepted: it may have changed records

    submit()


def test_hostile_values_in_every_form_never_break_a_page_nor_change_a_record_when_refused(
    world, request, client_for, capsys
):
    names = set(patterns())
    assert names == set(world), f"addresses without fuzz data: {names - set(world)}; stale: {set(world) - names}"
    FUZZ.update(requests=0, invalid=0, snapshot=None)
    clients = {persona: client_for(request.getfixturevalue(persona)) for persona in PERSONAS}
    addresses, forms = collect_forms(world, clients)
    posted = {form["path"].split("?")[0] for form in forms if form["method"] == "post"}
    assert len(forms) >= 30, [f["path"] for f in forms]
    for form in forms:
        fuzz(clients[form["persona"]], form)
    numeric = [form for form in forms if form.get("numeric")]
    overflowing = sum(overflow(clients[form["persona"]], form) for form in numeric)
    # the FTE declaration, the meeting's duration, the plan's rows, the agenda's minutes…
    assert len(numeric) >= 3, [(f["path"], f.get("numeric")) for f in forms]
    with capsys.disabled():
        print(
            f"\nfuzz: {len(names)} URL patterns, {len(addresses)} addresses × {len(PERSONAS)} personas fetched, "
            f"{len(forms)} forms ({len(posted)} POST targets), {FUZZ['requests']} hostile submissions, "
            f"{FUZZ['invalid']} refused and checked unchanged; {overflowing} overflowing or exponent-form numbers "
            f"in the {sum(len(f['numeric']) for f in numeric)} numeric fields of {len(numeric)} forms"
        )


def _text_of(response) -> str:
    """A response's text; an archive's (the open data) is the text of every file in it."""
    if response["Content-Type"].startswith("application/zip"):
        with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
            return "".join(archive.read(name).decode() for name in archive.namelist())
    return response.content.decode()


def test_no_page_a_visitor_can_open_shows_an_e_mail_address(world, client, request):
    from members.models import User

    # the footer names the organisation's contact address on purpose; by default it is the same as the
    # Secretariat persona's own address, which must not appear anywhere
    request.getfixturevalue("settings").PORTAL_CONTACT_EMAIL = "office@lcoo.example"

    User.objects.filter(email="coordinator.att@example.org").update(display_name="")  # a neutral label instead
    addresses = {user.email for user in User.objects.all()}
    opened = 0
    for name, kwargs_list in world.items():
        if name in ("notifications:unsubscribe", "notifications:resubscribe"):
            continue  # the person's own address, reached from the link in their mail
        for kwargs in kwargs_list:
            response = client.get(reverse(name, kwargs=kwargs))
            if response.status_code != 200:
                continue
            opened += 1
            body = _text_of(response)
            assert not [address for address in addresses if address in body], reverse(name, kwargs=kwargs)
    assert opened >= 15
