"""Two people saving the same unique thing at the same moment: both pass the form's check before either
commits, and the second insert hits the unique constraint. The loser sees the form's own message (its view
runs once more, lcoo_portal.middleware.UniqueRaceMiddleware), never a 500, and only the winner's row exists.
Where the second save is meant to change the first (a vote changed, a preference set again), both succeed
and one row holds the last word.

Every unique constraint of the project's models is either raced here (RACES, through the door a person
uses: a page, or the admin where the admin is the door) or named in OUT_OF_REACH with the reason no form
can reach it; `test_every_unique_constraint_is_raced_or_out_of_reach` finds them all, so a new constraint
cannot be forgotten.

PostgreSQL, two threads with a connection each, made to meet right before the save. Where a service
serialises the two (a row lock taken before its check), the first waits at the meeting point in vain, goes
on after a short while, and the second's check then sees the first's row: the test shows that outcome.
On SQLite, writes are serialised (`transaction_mode=IMMEDIATE`) and the test database is in memory, so
the races skip there; the middleware's recognition of SQLite's messages is tested without a second
connection (`test_sqlite_s_unique_violations_are_recognised_and_nothing_else_is`).
"""

import contextlib
import itertools
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.messages import get_messages
from django.db import IntegrityError, connection, connections
from django.db.models import UniqueConstraint
from django.db.utils import ConnectionHandler
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from governance.models import (
    Ballot,
    Candidate,
    CharterVersion,
    ConsensusStance,
    Motion,
    Objection,
    OfficerTerm,
    PlanTask,
    RoadmapEntry,
    RoadmapQuarter,
    RoadmapVector,
)
from governance.services.lifecycle import motion_call_vote, motion_open, objection_raise
from governance.tests.factories import MotionFactory, RoadmapItemFactory, RoadmapQuarterFactory
from lcoo_portal.middleware import UniqueRaceMiddleware, unique_violation
from meetings.models import Attendance, Meeting, Minutes, RotationSlot, Series
from meetings.tests.factories import MeetingFactory, RotationSlotFactory
from members.models import Affiliation, Company, RoleAssignment, Team, TeamMembership, User
from members.tests.factories import AffiliationFactory, UserFactory
from notifications.models import ListAddress, MeetingSubscription, Preference

pytestmark = pytest.mark.django_db(transaction=True)

Context = dict  # the racers ("people"), a fixture getter ("get") and what a race's setup adds


@dataclass
class Race:
    constraints: tuple[str, ...]  # the unique constraints (see `unique_constraints`) this race drives into
    model: type  # the racers meet right before this model's save
    url: Callable[[Context], str]
    data: Callable[[Context, int], dict]  # the data posted by racer 0 and racer 1
    count: Callable[[Context], int]  # rows that hold the contested value: 1 after the race
    message: str = ""  # what the loser is told; empty when the second save rightly changes the first
    people: tuple[str, str] = ("secretariat", "secretariat")  # the racers (fixtures; one person, two tabs)
    setup: Callable[[Context], None] = lambda ctx: None
    # What holds the second racer back until the first commits (a row lock taken before the check), or
    # settles the collision itself; empty when both inserts meet the constraint and the middleware reruns
    # the loser's view (the test then checks that it did)
    serialised_by: str = ""


def admin_add(model: type) -> Callable[[Context], str]:
    return lambda ctx: reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")


def inline(prefix: str, rows: list[dict] = ()) -> dict:
    """An admin inline formset's management form with the given new rows."""
    data = {f"{prefix}-TOTAL_FORMS": len(rows), f"{prefix}-INITIAL_FORMS": 0}
    for n, row in enumerate(rows):
        data.update({f"{prefix}-{n}-{name}": value for name, value in row.items()})
    return data


def _electorate(ctx: Context) -> None:
    """A motion open for consensus among Jio (the chair's), AT&T and NTT; NTT's representative races."""
    chair = ctx["get"]("chair")
    ctx["get"]("board_member"), ctx["get"]("other_board_member")
    in_a_week = timezone.now() + timedelta(days=7)
    ctx["motion"] = motion_open(motion=MotionFactory(proposer=chair), by=chair, consensus_deadline=in_a_week)


def _voting(ctx: Context) -> None:
    _electorate(ctx)
    motion, chair = ctx["motion"], ctx["get"]("chair")
    objection_raise(motion=motion, company=Company.objects.get(slug="att"), by=ctx["get"]("board_member"), reason="No")
    ctx["motion"] = motion_call_vote(motion=motion, by=chair, voting_deadline=timezone.now() + timedelta(days=7))


def _two_colleagues(ctx: Context) -> None:
    ctx["company"] = ctx["get"]("company")
    ctx["colleagues"] = [AffiliationFactory(company=ctx["company"]).user for _ in range(2)]


def _series(ctx: Context) -> None:
    ctx["series"] = RotationSlotFactory(position=0).series


def _series_form(n: int, **changes: object) -> dict:
    data = {
        "title": "Racing forum",
        "slug": "racing-forum",
        "kind": "topical_forum",
        "cadence": "weekly",
        "interval_weeks": 1,
        "weekday": "3",
        "week_of_month": 1,
        "starts_on": timezone.localdate().isoformat(),
        "duration_minutes": 60,
        "place": "Zoom",
        "is_active": "on",
        "rotation": f"0{7 + n}:00 UTC",
    }
    return {**data, **changes}


def _team(ctx: Context) -> None:
    ctx["team"] = Team.objects.create(name="Racing team", slug="racing-team")
    ctx["member"] = UserFactory()


def _team_change(ctx: Context, n: int) -> dict:
    joined = {"joined_at_0": timezone.localdate().isoformat(), "joined_at_1": "10:00:00"}
    row = {"user": ctx["member"].pk, "company": "", "team": ctx["team"].pk, "id": "", **joined}
    return {"name": "Racing team", "slug": "racing-team", **_now_fields("created_at"), **inline("memberships", [row])}


def _election(ctx: Context) -> None:
    chair = ctx["get"]("chair")
    ctx["motion"] = MotionFactory(proposer=chair, kind=Motion.Kind.ELECTION, title="Chair election")
    ctx["candidate"] = chair


def _roadmap(ctx: Context) -> None:
    ctx["quarter"] = RoadmapQuarterFactory(year=2031, quarter=2)
    ctx["items"] = [RoadmapItemFactory(), RoadmapItemFactory()]


def _now_fields(name: str) -> dict:
    return {f"{name}_0": timezone.localdate().isoformat(), f"{name}_1": "10:00:00"}


RACES = {
    "plan row number": Race(
        constraints=("governance.PlanTask:plan_task_position_unique",),
        model=PlanTask,
        url=lambda ctx: reverse("governance:plan-task-new"),
        data=lambda ctx, n: {
            "position": 7,
            "title": f"Row of racer {n}",
            "kind": "task",
            "duration_days": 3,
            "starts_on": "2026-03-02",
        },
        count=lambda ctx: PlanTask.objects.filter(position=7).count(),
        message="Plan task with this Position already exists.",
    ),
    "company name": Race(
        constraints=("members.Company.name",),
        model=Company,
        url=lambda ctx: reverse("members:new"),
        data=lambda ctx, n: {
            "name": "Racing Telecom",
            "slug": f"racing-{n}",
            "operator_kind": "neither",
            "hq_time_zone": "UTC",
        },
        count=lambda ctx: Company.objects.filter(name="Racing Telecom").count(),
        message="A company named Racing Telecom already exists.",
    ),
    "company address": Race(
        constraints=("members.Company.slug",),
        model=Company,
        url=lambda ctx: reverse("members:new"),
        data=lambda ctx, n: {"name": f"Racer {n}", "slug": "racing", "operator_kind": "neither", "hq_time_zone": "UTC"},
        count=lambda ctx: Company.objects.filter(slug="racing").count(),
        message="already taken by another company",
    ),
    "meeting-bot nick": Race(
        constraints=("members.User:user_irc_nick_ci_unique",),
        model=User,
        url=lambda ctx: reverse("profile"),
        data=lambda ctx, n: {"display_name": f"Racer {n}", "time_zone": "UTC", "irc_nick": "racer"},
        count=lambda ctx: User.objects.filter(irc_nick__iexact="racer").count(),
        message="racer",
        people=("member_user", "coordinator"),
    ),
    "person's e-mail address (the admin's add form)": Race(
        constraints=("members.User.email",),
        model=User,
        url=admin_add(User),
        data=lambda ctx, n: {
            "email": "racer@example.org",
            "display_name": f"Racer {n}",
            "password1": "a-long-secret-4711",
            "password2": "a-long-secret-4711",
            "usable_password": "true",
        },
        count=lambda ctx: User.objects.filter(email__iexact="racer@example.org").count(),
        message="User with this E-mail address already exists.",
        people=("superuser", "superuser"),
    ),
    "person's e-mail address in another case (the admin's add form)": Race(
        constraints=("members.User:user_email_ci_unique",),
        model=User,
        url=admin_add(User),
        data=lambda ctx, n: {
            "email": ("racer@example.org", "Racer@example.org")[n],
            "display_name": f"Racer {n}",
            "password1": "a-long-secret-4711",
            "password2": "a-long-secret-4711",
            "usable_password": "true",
        },
        count=lambda ctx: User.objects.filter(email__iexact="racer@example.org").count(),
        message="user_email_ci_unique",
        people=("superuser", "superuser"),
    ),
    "open affiliation (the admin's add form)": Race(
        constraints=("members.Affiliation:affiliation_one_open_per_company",),
        model=Affiliation,
        url=admin_add(Affiliation),
        setup=lambda ctx: ctx.update(company=ctx["get"]("company"), person=UserFactory()),
        data=lambda ctx, n: {
            "user": ctx["person"].pk,
            "company": ctx["company"].pk,
            "title": f"Title {n}",
            **_now_fields("started_at"),
        },
        count=lambda ctx: Affiliation.objects.current().filter(user=ctx["person"]).count(),
        message="Already affiliated with this company: end the open affiliation first.",
        people=("superuser", "superuser"),
    ),
    "board seat holder": Race(
        constraints=("members.RoleAssignment:role_one_current_board_seat_holder",),
        model=RoleAssignment,
        url=lambda ctx: reverse("members:roles", args=[ctx["company"].slug]),
        setup=_two_colleagues,
        data=lambda ctx, n: {"email": ctx["colleagues"][n].email, "role": "board_representative"},
        count=lambda ctx: (
            RoleAssignment.objects.current().filter(company=ctx["company"], role="board_representative").count()
        ),
        serialised_by="the company's row lock (members.services._role_assign)",
    ),
    "one person's role named twice": Race(
        constraints=("members.RoleAssignment:role_no_duplicate_current",),
        model=RoleAssignment,
        url=lambda ctx: reverse("members:roles", args=[ctx["company"].slug]),
        setup=_two_colleagues,
        data=lambda ctx, n: {"email": ctx["colleagues"][0].email, "role": "coordinator"},
        count=lambda ctx: RoleAssignment.objects.current().filter(user=ctx["colleagues"][0]).count(),
        message="is already coordinator",
        serialised_by="the company's row lock (members.services._role_assign)",
    ),
    "team name (the admin)": Race(
        constraints=("members.Team.name",),
        model=Team,
        url=admin_add(Team),
        data=lambda ctx, n: {
            "name": "Racing team",
            "slug": f"racing-{n}",
            **_now_fields("created_at"),
            **inline("memberships"),
        },
        count=lambda ctx: Team.objects.filter(name="Racing team").count(),
        message="Team with this Name already exists.",
        people=("superuser", "superuser"),
    ),
    "team address (the admin)": Race(
        constraints=("members.Team.slug",),
        model=Team,
        url=admin_add(Team),
        data=lambda ctx, n: {
            "name": f"Team {n}",
            "slug": "racing",
            **_now_fields("created_at"),
            **inline("memberships"),
        },
        count=lambda ctx: Team.objects.filter(slug="racing").count(),
        message="Team with this Slug already exists.",
        people=("superuser", "superuser"),
    ),
    "team member (the admin's team page)": Race(
        constraints=("members.TeamMembership:team_one_open_membership",),
        model=TeamMembership,
        url=lambda ctx: reverse("admin:members_team_change", args=[ctx["team"].pk]),
        setup=_team,
        data=_team_change,
        count=lambda ctx: TeamMembership.objects.filter(team=ctx["team"], user=ctx["member"]).count(),
        message="Already a member of this team.",
        people=("superuser", "superuser"),
        serialised_by="the team's row, which the admin updates before its members",
    ),
    "series address": Race(
        constraints=("meetings.Series.slug",),
        model=Series,
        url=lambda ctx: reverse("meetings:series-create"),
        data=lambda ctx, n: _series_form(n, title=f"Forum {n}"),
        count=lambda ctx: Series.objects.filter(slug="racing-forum").count(),
        message="Series with this Slug already exists.",
    ),
    "series rotation": Race(
        constraints=("meetings.RotationSlot:rotation_slot_position_unique",),
        model=Series,
        url=lambda ctx: reverse("meetings:series-edit", args=[ctx["series"].slug]),
        setup=_series,
        data=lambda ctx, n: _series_form(n, slug=ctx["series"].slug),
        count=lambda ctx: RotationSlot.objects.filter(series=ctx["series"], position=0).count(),
        serialised_by="the series' row, which series_save updates before it replaces the rotation",
    ),
    "series occurrence": Race(
        constraints=("meetings.Meeting:meeting_occurrence_unique",),
        model=Meeting,
        url=lambda ctx: reverse("meetings:series-generate", args=[ctx["series"].slug]),
        setup=_series,
        data=lambda ctx, n: {"until": (timezone.localdate() + timedelta(days=30)).isoformat()},
        count=lambda ctx: Meeting.objects.filter(series=ctx["series"], occurrence=0).count(),
        serialised_by="the series' row lock (series_generate)",
    ),
    "a meeting's minutes": Race(
        constraints=("meetings.Minutes.meeting",),
        model=Minutes,
        url=lambda ctx: reverse("meetings:minutes", args=[ctx["meeting"].pk]),
        setup=lambda ctx: ctx.update(meeting=MeetingFactory()),
        data=lambda ctx, n: {"summary": f"Summary {n}", "next_session": ""},
        count=lambda ctx: Minutes.objects.filter(meeting=ctx["meeting"]).count(),
        serialised_by="the meeting's row lock (ensure_draft)",
    ),
    "attendee": Race(
        constraints=("meetings.Attendance:attendance_user_once",),
        model=Attendance,
        url=lambda ctx: reverse("meetings:attendance-add", args=[ctx["meeting"].pk]),
        setup=lambda ctx: ctx.update(meeting=MeetingFactory(), person=ctx["get"]("coordinator")),
        data=lambda ctx, n: {"attendance-user": ctx["person"].pk, "attendance-name": "", "attendance-company": ""},
        count=lambda ctx: Attendance.objects.filter(meeting=ctx["meeting"]).count(),
        message="is already recorded as present",
        serialised_by="the meeting's row lock (ensure_draft)",
    ),
    "guest attendee": Race(
        constraints=("meetings.Attendance:attendance_guest_name_once",),
        model=Attendance,
        url=lambda ctx: reverse("meetings:attendance-add", args=[ctx["meeting"].pk]),
        setup=lambda ctx: ctx.update(meeting=MeetingFactory()),
        data=lambda ctx, n: {"attendance-user": "", "attendance-name": ("Ada", "ADA")[n], "attendance-company": ""},
        count=lambda ctx: Attendance.objects.filter(meeting=ctx["meeting"]).count(),
        message="is already recorded as present",
        serialised_by="the meeting's row lock (ensure_draft)",
    ),
    "candidate (the admin)": Race(
        constraints=("governance.Candidate:candidate_once_per_office",),
        model=Candidate,
        url=admin_add(Candidate),
        setup=_election,
        data=lambda ctx, n: {
            "motion": ctx["motion"].pk,
            "office": OfficerTerm.Office.CHAIR,
            "user": ctx["candidate"].pk,
            "company": ctx["candidate"].affiliations.get().company_id,
        },
        count=lambda ctx: Candidate.objects.filter(motion=ctx["motion"]).count(),
        message="Candidate with this Motion, Office and User already exists.",
        people=("superuser", "superuser"),
        serialised_by="the motion's row lock (candidate_save)",
    ),
    "objection": Race(
        constraints=("governance.Objection:objection_one_per_seat",),
        model=Objection,
        url=lambda ctx: reverse("governance:motion-object", args=[ctx["motion"].pk]),
        setup=_electorate,
        data=lambda ctx, n: {"company": "ntt", "reason": f"Reason {n}"},
        count=lambda ctx: Objection.objects.filter(motion=ctx["motion"]).count(),
        message="NTT has already objected.",
        people=("other_board_member", "other_board_member"),
        serialised_by="the motion's row lock (objection_raise)",
    ),
    "consensus stance": Race(
        constraints=("governance.ConsensusStance:stance_one_per_seat",),
        model=ConsensusStance,
        url=lambda ctx: reverse("governance:motion-stance", args=[ctx["motion"].pk]),
        setup=_electorate,
        data=lambda ctx, n: {"company": "ntt", "stance": ("agree", "stand_aside")[n], "comment": ""},
        count=lambda ctx: ConsensusStance.objects.filter(motion=ctx["motion"]).count(),
        people=("other_board_member", "other_board_member"),
        serialised_by="the motion's row lock (stance_record)",
    ),
    "ballot": Race(
        constraints=("governance.Ballot:ballot_one_per_seat",),
        model=Ballot,
        url=lambda ctx: reverse("governance:motion-vote", args=[ctx["motion"].pk]),
        setup=_voting,
        data=lambda ctx, n: {"company": "ntt", "choice": ("yes", "no")[n]},
        count=lambda ctx: Ballot.objects.filter(motion=ctx["motion"]).count(),
        people=("other_board_member", "other_board_member"),
        serialised_by="the motion's row lock (ballot_cast)",
    ),
    "charter version number (the admin)": Race(
        constraints=("governance.CharterVersion.number",),
        model=CharterVersion,
        url=admin_add(CharterVersion),
        data=lambda ctx, n: {
            "number": 7,
            "effective_on": "2016-05-01",
            "text": f"# Charter {n}",
            "change_summary": f"Typed in by racer {n}",
            "author_name": "Jamey",
        },
        count=lambda ctx: CharterVersion.objects.filter(number=7).count(),
        message="Charter version with this Number already exists.",
        people=("superuser", "superuser"),
    ),
    "roadmap vector name (the admin)": Race(
        constraints=("governance.RoadmapVector.name",),
        model=RoadmapVector,
        url=admin_add(RoadmapVector),
        data=lambda ctx, n: {"name": "Racing", "slug": f"racing-{n}", "position": 0},
        count=lambda ctx: RoadmapVector.objects.filter(name="Racing").count(),
        message="Roadmap vector with this Name already exists.",
        people=("superuser", "superuser"),
    ),
    "roadmap vector address (the admin)": Race(
        constraints=("governance.RoadmapVector.slug",),
        model=RoadmapVector,
        url=admin_add(RoadmapVector),
        data=lambda ctx, n: {"name": f"Vector {n}", "slug": "racing", "position": 0},
        count=lambda ctx: RoadmapVector.objects.filter(slug="racing").count(),
        message="Roadmap vector with this Slug already exists.",
        people=("superuser", "superuser"),
    ),
    "roadmap quarter (the admin)": Race(
        constraints=("governance.RoadmapQuarter:roadmap_quarter_unique",),
        model=RoadmapQuarter,
        url=admin_add(RoadmapQuarter),
        data=lambda ctx, n: {"year": 2032, "quarter": 1, "summary": f"Plan {n}", **inline("entries")},
        count=lambda ctx: RoadmapQuarter.objects.filter(year=2032, quarter=1).count(),
        message="Roadmap quarter with this Year and Quarter already exists.",
        people=("superuser", "superuser"),
    ),
    "roadmap item once a quarter (the admin)": Race(
        constraints=("governance.RoadmapEntry:roadmap_entry_item_once",),
        model=RoadmapEntry,
        url=admin_add(RoadmapEntry),
        setup=_roadmap,
        data=lambda ctx, n: {"quarter": ctx["quarter"].pk, "item": ctx["items"][0].pk, "rank": n + 1},
        count=lambda ctx: RoadmapEntry.objects.filter(quarter=ctx["quarter"]).count(),
        message="Roadmap entry with this Quarter and Item already exists.",
        people=("superuser", "superuser"),
    ),
    "roadmap rank (the admin)": Race(
        constraints=("governance.RoadmapEntry:roadmap_entry_rank_unique",),
        model=RoadmapEntry,
        url=admin_add(RoadmapEntry),
        setup=_roadmap,
        data=lambda ctx, n: {"quarter": ctx["quarter"].pk, "item": ctx["items"][n].pk, "rank": 1},
        count=lambda ctx: RoadmapEntry.objects.filter(quarter=ctx["quarter"]).count(),
        message="Roadmap entry with this Quarter and Rank already exists.",
        people=("superuser", "superuser"),
    ),
    "mail preferences": Race(
        constraints=("notifications.Preference:preference_one_per_kind",),
        model=Preference,
        url=lambda ctx: reverse("notifications:preferences"),
        data=lambda ctx, n: {"board": ("", "on")[n]},
        count=lambda ctx: Preference.objects.filter(kind="board").count(),
        people=("member_user", "member_user"),
        serialised_by="update_or_create, which takes the other's row when its insert collides",
    ),
    "meeting subscription": Race(
        constraints=("notifications.MeetingSubscription:meeting_subscription_one_per_kind",),
        model=MeetingSubscription,
        url=lambda ctx: reverse("notifications:preferences"),
        data=lambda ctx, n: {"meeting_general": "on"},
        count=lambda ctx: MeetingSubscription.objects.filter(meeting_kind="general").count(),
        people=("member_user", "member_user"),
        serialised_by="update_or_create, which takes the other's row when its insert collides",
    ),
    "mailing list address (the admin)": Race(
        constraints=("notifications.ListAddress.address",),
        model=ListAddress,
        url=admin_add(ListAddress),
        data=lambda ctx, n: {"name": f"List {n}", "address": "racers@lists.example.org", "is_active": "on"},
        count=lambda ctx: ListAddress.objects.filter(address="racers@lists.example.org").count(),
        message="List address with this Address already exists.",
        people=("superuser", "superuser"),
    ),
}

# Constraints no form reaches, each with the reason; everything else is in RACES.
OUT_OF_REACH = {
    "members.CompanyInvitation.token": "a fresh secrets.token_urlsafe(32) per invitation; the admin shows it read-only",
    "members.PersonalAccessToken.digest": "the digest of a fresh random secret per token; no admin form writes it",
    "meetings.Meeting.uid": "uuid4 by default, read-only in the admin",
    "governance.Ballot.receipt_hash": "the hash of a fresh random receipt per ballot; ballots are "
    "read-only in the admin",
    "governance.MotionLogEntry:motion_log_seq_unique": "appended only by governance.record.log_append, from services "
    "that hold the motion's row lock; read-only in the admin",
    "governance.RegisterEntry.seq": "appended only by governance.register under an advisory lock (PostgreSQL) or "
    "SQLite's serialised writes; read-only in the admin",
    "notifications.Announcement.key": "written by the mail handlers with get_or_create (which takes the row on a "
    "collision); read-only in the admin",
    "notifications.OutboxMessage.idempotency_key": "written only by the outbox's services; read-only in the admin",
    "members.CompanyUserObjectPermission:user+permission+content_object": "written by guardian's assign_perm "
    "(get_or_create) under the company's row lock (coordinator_permission_derive); not in the admin",
    "members.CompanyGroupObjectPermission:group+permission+content_object": "no code grants a group an object "
    "permission; not in the admin",
    "members.User_groups:user+group": "Django's related manager adds links with ON CONFLICT DO NOTHING",
    "members.User_user_permissions:user+permission": "Django's related manager adds links with ON CONFLICT DO NOTHING",
    "governance.Motion_electorate:motion+company": "set once by motion_open under the motion's row lock; Django's "
    "related manager adds links with ON CONFLICT DO NOTHING",
}


def project_app_labels() -> set[str]:
    """The apps whose code is in this repository (not an installed package)."""
    base = Path(settings.BASE_DIR).resolve()
    return {
        config.label
        for config in apps.get_app_configs()
        if Path(config.path).resolve().is_relative_to(base) and "site-packages" not in config.path
    }


def unique_constraints() -> set[str]:
    """Every unique constraint of the project's models, link tables included: `app.Model:name` for a
    UniqueConstraint, `app.Model:a+b` for unique_together, `app.Model.field` for a unique field."""
    found = set()
    labels = project_app_labels()
    for model in apps.get_models(include_auto_created=True):
        if model._meta.app_label not in labels:
            continue
        name = model._meta.label
        found |= {f"{name}:{c.name}" for c in model._meta.constraints if isinstance(c, UniqueConstraint)}
        found |= {f"{name}:{'+'.join(fields)}" for fields in model._meta.unique_together}
        found |= {f"{name}.{f.name}" for f in model._meta.local_fields if f.unique and not f.primary_key}
    return found


@pytest.mark.django_db(transaction=False)
def test_every_unique_constraint_is_raced_or_out_of_reach():
    raced = {c for race in RACES.values() for c in race.constraints}
    assert not raced & set(OUT_OF_REACH), "a constraint is both raced and said to be out of reach"
    known = unique_constraints()
    assert known - raced - set(OUT_OF_REACH) == set(), "race these constraints here, or say why no form reaches them"
    assert (raced | set(OUT_OF_REACH)) - known == set(), "these constraints no longer exist"


def race(clients: list[Client], target: Race, ctx: Context, monkeypatch) -> tuple[list, list]:
    """Both racers post at once; their saves meet at a barrier so both checks ran before either inserts.
    A racer that a service's lock holds back never reaches it: the other goes on after a while.
    Returns the responses and the unique violations the middleware caught."""
    wait = 2 if target.serialised_by else 20
    barrier, calls, original = threading.Barrier(2, timeout=wait), itertools.count(), target.model.save
    caught: list = []
    catch = UniqueRaceMiddleware.process_exception

    def counting_catch(self, request, exception):
        if isinstance(exception, IntegrityError) and unique_violation(exception):
            caught.append(exception)
        return catch(self, request, exception)

    monkeypatch.setattr(UniqueRaceMiddleware, "process_exception", counting_catch)

    def meet() -> None:
        if next(calls) < 2:
            with contextlib.suppress(threading.BrokenBarrierError):  # serialised by a lock: see above
                barrier.wait()

    def meeting_save(self, *args, **kwargs):
        meet()
        return original(self, *args, **kwargs)

    monkeypatch.setattr(target.model, "save", meeting_save)
    if target.model is Meeting:  # a series' occurrences are inserted in bulk
        bulk = type(Meeting.objects).bulk_create

        def meeting_bulk(self, objs, *args, **kwargs):
            meet()
            return bulk(self, objs, *args, **kwargs)

        monkeypatch.setattr(type(Meeting.objects), "bulk_create", meeting_bulk)
    responses: list = [None, None]
    data = [target.data(ctx, n) for n in (0, 1)]

    def run(n: int) -> None:
        try:
            responses[n] = clients[n].post(target.url(ctx), data[n])
        except Exception as error:  # a 500 raised through the test client
            responses[n] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n,)) for n in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return responses, caught


def said(response) -> str:
    """What the racer read: the page (a refusal shown on the form) and the messages queued for the next."""
    page = response.content.decode() if response.status_code != 302 else ""
    queued = " ".join(str(m) for m in get_messages(response.wsgi_request))
    return (page + " " + queued).replace("&#x27;", "'").replace("&quot;", '"').replace("&ldquo;", "“")


@pytest.mark.parametrize("name", list(RACES))
def test_two_saves_of_one_unique_value_at_once_give_the_loser_the_forms_message(name, request, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers: the two checks cannot both pass (see the module's docstring)")
    target = RACES[name]
    ctx: Context = {"get": request.getfixturevalue}
    ctx["people"] = [request.getfixturevalue(person) for person in target.people]
    target.setup(ctx)
    clients = []
    for person in ctx["people"]:
        client = Client()
        client.force_login(person)
        clients.append(client)
    responses, caught = race(clients, target, ctx, monkeypatch)
    assert not any(isinstance(r, Exception) or r is None for r in responses), responses
    assert all(r.status_code in (200, 302) for r in responses), [r.status_code for r in responses]
    assert target.count(ctx) == 1
    if not target.serialised_by:  # both checks passed and both inserted: the middleware ran the loser again
        assert caught, "the racers did not meet at the constraint"
    pages = [said(r) for r in responses]
    assert not any("Saved by someone else at the same moment" in page for page in pages), pages
    if target.message:
        refused = [page for page in pages if target.message in page]
        assert len(refused) == 1, [page[page.find("<main") :][:2500] for page in pages]
    else:  # the second save changed the first: both were told it was saved
        assert all(r.status_code == 302 for r in responses), pages


def test_a_unique_violation_outside_a_race_is_not_retried_for_ever(client_for, secretariat, monkeypatch):
    """A view whose every run hits the constraint gets one more run, then a 409 that says what happened."""

    def always(*args, **kwargs):
        raise IntegrityError("UNIQUE constraint failed: governance_plantask.position")

    monkeypatch.setattr(PlanTask, "save", always)
    response = client_for(secretariat).post(
        reverse("governance:plan-task-new"),
        {"position": 7, "title": "Row", "kind": "task", "duration_days": 3, "starts_on": "2026-03-02"},
    )
    assert response.status_code == 409
    assert "Saved by someone else at the same moment" in response.content.decode()


def sqlite_error(*statements: str) -> IntegrityError:
    """The IntegrityError Django's SQLite backend raises for the last statement (an in-memory database)."""
    handler = ConnectionHandler({"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}})
    try:
        with handler["default"].cursor() as cursor:
            for statement in statements[:-1]:
                cursor.execute(statement)
            with pytest.raises(IntegrityError) as caught:
                cursor.execute(statements[-1])
        return caught.value
    finally:
        handler.close_all()


@pytest.mark.django_db(transaction=False)
def test_sqlite_s_unique_violations_are_recognised_and_nothing_else_is():
    """`make run` uses SQLite: a unique field, a unique constraint over fields and one over an expression
    (SQLite names the index instead of the columns) are unique violations; a NOT NULL, CHECK or foreign
    key violation is not, and goes on to be the error it is."""
    table = "CREATE TABLE t (id integer PRIMARY KEY, a text UNIQUE, b text, c text NOT NULL, d int CHECK (d > 0))"
    row = "INSERT INTO t (id, a, b, c, d) VALUES (1, 'x', 'y', 'z', 1)"
    together = "CREATE UNIQUE INDEX t_b_c ON t (b, c)"
    folded = "CREATE UNIQUE INDEX t_b_ci ON t (lower(b))"
    unique = [
        sqlite_error(table, row, "INSERT INTO t (id, a, b, c, d) VALUES (2, 'x', 'q', 'z', 1)"),
        sqlite_error(table, together, row, "INSERT INTO t (id, a, b, c, d) VALUES (2, 'p', 'y', 'z', 1)"),
        sqlite_error(table, folded, row, "INSERT INTO t (id, a, b, c, d) VALUES (2, 'p', 'Y', 'q', 1)"),
    ]
    assert [str(e) for e in unique] == [
        "UNIQUE constraint failed: t.a",
        "UNIQUE constraint failed: t.b, t.c",
        "UNIQUE constraint failed: index 't_b_ci'",
    ]
    assert all(unique_violation(error) for error in unique)
    others = [
        sqlite_error(table, "INSERT INTO t (id, a, b, c, d) VALUES (2, 'p', 'q', NULL, 1)"),
        sqlite_error(table, "INSERT INTO t (id, a, b, c, d) VALUES (2, 'p', 'q', 'r', 0)"),
    ]
    assert not any(unique_violation(error) for error in others), [str(e) for e in others]


def test_postgresql_s_unique_violations_are_recognised_by_their_code():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's error codes")
    UserFactory(email="once@example.org")
    with pytest.raises(IntegrityError) as caught:
        User.objects.create(email="ONCE@example.org", display_name="Twice")
    assert unique_violation(caught.value)
    with pytest.raises(IntegrityError) as caught:
        User.objects.create(email=None)
    assert not unique_violation(caught.value)


def wrapped(cause: Exception) -> IntegrityError:
    error = IntegrityError(str(cause))
    error.__cause__ = cause
    return error


@pytest.mark.django_db(transaction=False)
def test_postgresql_s_code_is_read_from_either_driver_and_its_message_is_not_relied_on():
    psycopg2_style, psycopg3_style, not_null = Exception("doppelt"), Exception("doppelt"), Exception("leer")
    psycopg2_style.pgcode = "23505"
    psycopg3_style.sqlstate = "23505"
    not_null.pgcode = "23502"
    assert unique_violation(wrapped(psycopg2_style)) and unique_violation(wrapped(psycopg3_style))
    assert not unique_violation(wrapped(not_null))
