"""Every door checks: each public service that takes an actor (`by`) refuses one who may not act.

The services are discovered, not listed: every public function of every app's services modules whose
signature has `by`. Each has a case below that calls it with people who may not (someone with no
role; a coordinator or seat holder of another company where the rule is per company), asserting
PermissionDenied and that not one row of the database changed, and calls it once with someone who
may, so that the refusal is the rule's and not a broken set-up's. A new service without a case fails
`test_every_service_taking_an_actor_has_a_refusal_case`.

`by=None` is the system acting from trusted code (`members.permissions.authorise`): the last tests
hold every module that a person's door reaches to never passing it, nor `decided_by_motion=True`.
"""

import ast
import importlib
import inspect
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from governance.models import Ballot, Motion, PlanTask
from governance.services import ballots, drafting, effects, lifecycle, plan
from governance.services.drafting import MotionDraft
from governance.tests.factories import CandidateFactory, MotionFactory, RoadmapItemFactory, RoadmapVectorFactory
from meetings import botlog
from meetings.models import ActionItem, Erratum, Kind
from meetings.services import actions, agenda, archive, log_import, meeting, minutes, record, series
from meetings.tests.factories import (
    ActionItemFactory,
    AgendaItemFactory,
    AttendanceFactory,
    DecisionFactory,
    MeetingFactory,
    MinutesFactory,
    SeriesFactory,
)
from members import imports
from members import services as members
from members.models import Affiliation, Company, RoleAssignment, User

SERVICE_APPS = ("members", "meetings", "governance", "notifications")
# Services that live beside their page rather than in a services package: the directory's import.
EXTRA_SERVICE_MODULES = ("members.imports",)
ROOT = Path(__file__).resolve().parents[2]


def _service_modules() -> list[ModuleType]:
    found = []
    for app in SERVICE_APPS:
        package = importlib.import_module(f"{app}.services")
        found.append(package)
        if hasattr(package, "__path__"):
            found += [
                importlib.import_module(f"{app}.services.{m.name}") for m in pkgutil.iter_modules(package.__path__)
            ]
    return found + [importlib.import_module(name) for name in EXTRA_SERVICE_MODULES]


def discovered_services() -> set[str]:
    """`module.function` of every public service function whose signature takes an actor, `by`."""
    return {
        f"{module.__name__}.{name}"
        for module in _service_modules()
        for name, function in vars(module).items()
        if inspect.isfunction(function)
        and function.__module__ == module.__name__
        and not name.startswith("_")
        and "by" in inspect.signature(function).parameters
    }


# Take an actor but change nothing: a question asked before an action, answered the same for everyone.
READS_ONLY = {
    "members.services.invitation_needed": "a question: does naming this address need consent",
    "meetings.services.archive.archive_preview": "a preview: what importing the logs would do (it refuses too)",
}


@dataclass
class Case:
    """`build(get)` sets the scene (get: a conftest persona by name) and returns the call, given the actor."""

    build: Callable[[Callable[[str], User]], Callable[[User], Any]]
    refused: tuple[str, ...] = ("member_user",)
    allowed: str = "secretariat"


CASES: dict[str, Case] = {}


def case(name: str, refused: tuple[str, ...] = ("member_user",), allowed: str = "secretariat") -> Callable:
    def register(build: Callable) -> Callable:
        CASES[name] = Case(build, refused, allowed)
        return build

    return register


# members ---------------------------------------------------------------------------------------------


@case("members.imports.directory_import", refused=("member_user", "coordinator", "board_member"))
def _(get):
    rows = imports.directory_rows_read(b"company,website\nOrange,https://orange.example.org/\n")
    return lambda by: imports.directory_import(rows=rows, by=by, dry_run=False)


@case("members.services.access_token_revoke", refused=("member_user", "secretariat"), allowed="coordinator")
def _(get):
    token, _ = members.access_token_create(user=get("coordinator"), name="dashboard", days=30)
    return lambda by: members.access_token_revoke(token=token, by=by)


PER_COMPANY = ("member_user", "other_coordinator")


@case("members.services.user_set_irc_nick", allowed="coordinator")
def _(get):
    person = get("coordinator")
    return lambda by: members.user_set_irc_nick(user=person, nick="attcoord", by=by)


@case("members.services.role_assign", refused=PER_COMPANY, allowed="coordinator")
def _(get):
    colleague = _colleague(get)
    company = Company.objects.get(slug="att")
    return lambda by: members.role_assign(company=company, user=colleague, role=RoleAssignment.Role.COORDINATOR, by=by)


@case("members.services.role_end", refused=(*PER_COMPANY, "board_member"), allowed="coordinator")
def _(get):
    colleague = _colleague(get)
    company = Company.objects.get(slug="att")
    assignment = members.role_assign(company=company, user=colleague, role=RoleAssignment.Role.COORDINATOR, by=None)
    return lambda by: members.role_end(assignment=assignment, by=by, reason="Moved on")


@case("members.services.company_transition", refused=("member_user", "coordinator"))
def _(get):
    company = get("coordinator").roles.get().company
    return lambda by: members.company_transition(
        company=company, to_status=Company.Status.WITHDRAWN, by=by, reason="Asked to leave"
    )


@case("members.services.company_create", refused=("member_user", "coordinator"))
def _(get):
    return lambda by: members.company_create(name="Deutsche Telekom", by=by)


@case("members.services.company_update_profile", refused=PER_COMPANY, allowed="coordinator")
def _(get):
    get("coordinator")
    company = Company.objects.get(slug="att")
    return lambda by: members.company_update_profile(company=company, by=by, website="https://att.example.net/")


@case("members.services.affiliation_end", refused=("member_user", "coordinator", "other_coordinator"))
def _(get):
    colleague = _colleague(get)
    affiliation = Affiliation.objects.get(user=colleague)
    return lambda by: members.affiliation_end(affiliation=affiliation, by=by, reason="Left")


@case("members.services.person_invite", refused=PER_COMPANY, allowed="coordinator")
def _(get):
    colleague = _colleague(get)
    company = Company.objects.get(slug="att")
    return lambda by: members.person_invite(
        company=company, email=colleague.email, role=RoleAssignment.Role.COORDINATOR, by=by
    )


@case("members.services.company_invitation_create", refused=PER_COMPANY, allowed="coordinator")
def _(get):
    get("coordinator")
    company = Company.objects.get(slug="att")
    return lambda by: members.company_invitation_create(company=company, email="new.person@example.org", role="", by=by)


@case("members.services.invitation_cancel", refused=(*PER_COMPANY, "board_member"), allowed="coordinator")
def _(get):
    get("coordinator")
    company = Company.objects.get(slug="att")
    invitation = members.company_invitation_create(company=company, email="new.person@example.org", role="", by=None)
    return lambda by: members.invitation_cancel(invitation=invitation, by=by)


@case("members.services.invitation_resend", refused=(*PER_COMPANY, "board_member"), allowed="coordinator")
def _(get):
    get("coordinator")
    company = Company.objects.get(slug="att")
    invitation = members.company_invitation_create(company=company, email="new.person@example.org", role="", by=None)
    invitation.created_at -= timedelta(hours=2)
    invitation.save(update_fields=["created_at"])
    return lambda by: members.invitation_resend(invitation=invitation, by=by)


NOT_SECRETARIAT = ("member_user", "coordinator", "board_member", "chair")


def _team():
    from members.models import Team

    return Team.objects.create(name="Upgrades", slug="upgrades")


@case("members.services.team_create", refused=NOT_SECRETARIAT)
def _(get):
    return lambda by: members.team_create(name="Upgrades", links="https://etherpad.example.org/p/upgrades", by=by)


@case("members.services.team_update", refused=NOT_SECRETARIAT)
def _(get):
    team = _team()
    return lambda by: members.team_update(team=team, purpose="Rolling upgrades.", by=by)


@case("members.services.team_member_add", refused=NOT_SECRETARIAT)
def _(get):
    team, person = _team(), get("coordinator")
    return lambda by: members.team_member_add(team=team, user=person, is_lead=True, by=by)


@case("members.services.team_member_set_lead", refused=NOT_SECRETARIAT)
def _(get):
    membership = members.team_member_add(team=_team(), user=get("coordinator"), by=None)
    return lambda by: members.team_member_set_lead(membership=membership, is_lead=True, by=by)


@case("members.services.team_member_end", refused=NOT_SECRETARIAT)
def _(get):
    membership = members.team_member_add(team=_team(), user=get("coordinator"), by=None)
    return lambda by: members.team_member_end(membership=membership, by=by)


@case("notifications.services.settings.list_address_create", refused=NOT_SECRETARIAT)
def _(get):
    from notifications.services import settings as mail

    return lambda by: mail.list_address_create(
        name="Community", address="community@lists.example.org", kinds=["minutes"], meeting_kinds=["general"], by=by
    )


@case("notifications.services.settings.list_address_update", refused=NOT_SECRETARIAT)
def _(get):
    from notifications.models import ListAddress
    from notifications.services import settings as mail

    row = ListAddress.objects.create(name="Community", address="community@lists.example.org", kinds=["minutes"])
    return lambda by: mail.list_address_update(list_address=row, is_active=False, by=by)


@case("notifications.services.settings.mail_schedule_update", refused=NOT_SECRETARIAT)
def _(get):
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    from notifications.services import settings as mail

    task = PeriodicTask.objects.create(
        name="test: roadmap reminder",
        task="notifications.tasks.send_roadmap_reminder",
        crontab=CrontabSchedule.objects.create(minute="0", hour="8", timezone="UTC"),
    )
    when = {"minute": "30", "hour": "9", "day_of_month": "1-3", "month_of_year": "1,4,7,10", "day_of_week": "*"}
    return lambda by: mail.mail_schedule_update(task=task, enabled=True, by=by, **when)


def _colleague(get: Callable[[str], User]) -> User:
    """Someone affiliated with AT&T (whose coordinator is `coordinator`) holding no role."""
    company = get("coordinator").roles.get().company
    colleague = User.objects.create_user("colleague.att@example.org", display_name="Colleague")
    Affiliation.objects.create(user=colleague, company=company)
    return colleague


# meetings --------------------------------------------------------------------------------------------

MANAGERS_ONLY = ("member_user", "coordinator", "board_member", "chair")


def _draft_meeting() -> Any:
    return MeetingFactory(starts_at=timezone.now() - timedelta(hours=2))


@case("meetings.services.actions.action_item_close", refused=("member_user", "coordinator"))
def _(get):
    item = ActionItemFactory(meeting=_draft_meeting(), owner=get("board_member"))
    return lambda by: actions.action_item_close(action_item=item, status=ActionItem.Status.DROPPED, by=by)


@case("meetings.services.agenda.agenda_item_add", refused=MANAGERS_ONLY)
def _(get):
    draft = _draft_meeting()
    return lambda by: agenda.agenda_item_add(meeting=draft, data={"title": "Welcome"}, by=by)


@case("meetings.services.agenda.agenda_item_update", refused=MANAGERS_ONLY)
def _(get):
    item = AgendaItemFactory(meeting=_draft_meeting())
    return lambda by: agenda.agenda_item_update(item=item, data={"title": "Welcome again"}, by=by)


@case("meetings.services.agenda.agenda_item_delete", refused=MANAGERS_ONLY)
def _(get):
    item = AgendaItemFactory(meeting=_draft_meeting())
    return lambda by: agenda.agenda_item_delete(item=item, by=by)


@case("meetings.services.agenda.agenda_item_move", refused=MANAGERS_ONLY)
def _(get):
    draft = _draft_meeting()
    first, _second = AgendaItemFactory(meeting=draft), AgendaItemFactory(meeting=draft)
    return lambda by: agenda.agenda_item_move(item=first, offset=1, by=by)


@case("meetings.services.agenda.agenda_publish", refused=MANAGERS_ONLY)
def _(get):
    draft = _draft_meeting()
    AgendaItemFactory(meeting=draft)
    return lambda by: agenda.agenda_publish(meeting=draft, by=by)


@case("meetings.services.log_import.minutes_import", refused=MANAGERS_ONLY)
def _(get):
    draft = _draft_meeting()
    log = (
        "12:00:00 <jamey> #startmeeting lcoo\n"
        "12:01:00 <jamey> #topic Welcome\n"
        "12:02:00 <jamey> #agreed We meet again\n"
        "12:03:00 <jamey> #endmeeting\n"
    )
    parsed = botlog.parse_log(log)
    return lambda by: log_import.minutes_import(meeting=draft, parsed=parsed, source=log, by=by)


ARCHIVE_LOG = (
    "lcoo.2016-09-22-14.00.log.txt",
    "14:00:00 <jamey> #startmeeting lcoo\n14:01:00 <jamey> #topic Welcome\n14:03:00 <jamey> #endmeeting\n",
)


@case("meetings.services.archive.archive_import", refused=MANAGERS_ONLY)
def _(get):
    return lambda by: archive.archive_import(files=[ARCHIVE_LOG], kind=Kind.GENERAL, by=by)


@case("meetings.services.meeting.meeting_create", refused=MANAGERS_ONLY)
def _(get):
    data = {"kind": Kind.GENERAL, "title": "Extra session", "starts_at": datetime(2031, 1, 9, 15, tzinfo=UTC)}
    return lambda by: meeting.meeting_create(data=data, by=by)


@case("meetings.services.meeting.meeting_update", refused=MANAGERS_ONLY)
def _(get):
    draft = _draft_meeting()
    return lambda by: meeting.meeting_update(meeting=draft, data={"title": "Renamed"}, by=by)


@case("meetings.services.meeting.meeting_cancel", refused=MANAGERS_ONLY)
def _(get):
    draft = _draft_meeting()
    return lambda by: meeting.meeting_cancel(meeting=draft, by=by, reason="No quorum")


@case("meetings.services.meeting.meeting_delete", refused=MANAGERS_ONLY)
def _(get):
    draft = _draft_meeting()
    return lambda by: meeting.meeting_delete(meeting=draft, by=by)


@case("meetings.services.minutes.minutes_save", refused=MANAGERS_ONLY)
def _(get):
    draft = _draft_meeting()
    return lambda by: minutes.minutes_save(meeting=draft, summary="We met.", next_session="", by=by)


@case("meetings.services.minutes.attendance_add", refused=MANAGERS_ONLY)
def _(get):
    draft = _draft_meeting()
    return lambda by: minutes.attendance_add(meeting=draft, name="A guest", by=by)


@case("meetings.services.minutes.decision_add", refused=MANAGERS_ONLY)
def _(get):
    draft = _draft_meeting()
    return lambda by: minutes.decision_add(meeting=draft, text="We agree", by=by)


@case("meetings.services.minutes.decision_update", refused=MANAGERS_ONLY)
def _(get):
    decision = DecisionFactory(meeting=_draft_meeting())
    return lambda by: minutes.decision_update(decision=decision, text="We agree, again", by=by)


@case("meetings.services.minutes.action_item_add", refused=MANAGERS_ONLY)
def _(get):
    draft = _draft_meeting()
    return lambda by: minutes.action_item_add(meeting=draft, text="Write it up", owner_name="All", by=by)


@case("meetings.services.minutes.action_item_update", refused=MANAGERS_ONLY)
def _(get):
    item = ActionItemFactory(meeting=_draft_meeting())
    return lambda by: minutes.action_item_update(action_item=item, text="Write it down", owner_name="All", by=by)


@case("meetings.services.minutes.minutes_row_move", refused=MANAGERS_ONLY)
def _(get):
    draft = _draft_meeting()
    first, _second = DecisionFactory(meeting=draft), DecisionFactory(meeting=draft)
    return lambda by: minutes.minutes_row_move(row=first, offset=1, by=by)


@case("meetings.services.minutes.minutes_row_remove", refused=MANAGERS_ONLY)
def _(get):
    row = AttendanceFactory(meeting=_draft_meeting())
    return lambda by: minutes.minutes_row_remove(row=row, by=by)


@case("meetings.services.minutes.minutes_publish", refused=MANAGERS_ONLY)
def _(get):
    draft = _draft_meeting()
    MinutesFactory(meeting=draft)
    return lambda by: minutes.minutes_publish(meeting=draft, by=by)


@case("meetings.services.record.erratum_add", refused=MANAGERS_ONLY)
def _(get):
    published = _draft_meeting()
    AgendaItemFactory(meeting=published)
    agenda.agenda_publish(meeting=published, by=None)
    return lambda by: record.erratum_add(
        meeting=published, part=Erratum.Part.AGENDA, correction="A typo", reason="Spelling", by=by
    )


@case("meetings.services.series.series_save", refused=MANAGERS_ONLY)
def _(get):
    data = {
        "title": "Topical forum",
        "slug": "topical",
        "kind": Kind.TOPICAL_FORUM,
        "cadence": "weekly",
        "interval_weeks": 2,
        "weekday": 3,
        "starts_on": date(2031, 1, 2),
        "duration_minutes": 60,
    }
    rotation = [series.Slot(local_time=time(7), time_zone="UTC")]
    return lambda by: series.series_save(series=None, data=data, rotation=rotation, by=by)


@case("meetings.services.series.series_generate", refused=MANAGERS_ONLY)
def _(get):
    forum = SeriesFactory()
    forum.rotation.create(position=0, local_time=time(7), time_zone="UTC")
    return lambda by: series.series_generate(series=forum, until=forum.starts_on + timedelta(days=30), by=by)


# governance ------------------------------------------------------------------------------------------

SEATLESS = ("member_user", "coordinator", "unseated_board_member")
ANOTHER_SEAT = (*SEATLESS, "other_board_member")
NOT_RUNNING = ("member_user", "coordinator", "board_member")


def _open_motion(get: Callable[[str], User], **fields: Any) -> Motion:
    """A resolution open for consensus, proposed and opened by the chair, AT&T and the chair's Jio seated."""
    chair, _seat = get("chair"), get("board_member")
    motion = MotionFactory(proposer=chair, **fields)
    return lifecycle.motion_open(motion=motion, by=chair, consensus_deadline=timezone.now() + timedelta(days=3))


def _voting_motion(get: Callable[[str], User]) -> Motion:
    motion = _open_motion(get)
    chair = get("chair")
    lifecycle.objection_raise(motion=motion, company=chair.roles.get().company, by=chair, reason="Not yet")
    return lifecycle.motion_call_vote(motion=motion, by=chair, voting_deadline=timezone.now() + timedelta(days=7))


def _att() -> Company:
    return Company.objects.get(slug="att")


@case("governance.services.ballots.ballot_cast", refused=(*SEATLESS, "chair"), allowed="board_member")
def _(get):
    motion = _voting_motion(get)
    return lambda by: ballots.ballot_cast(motion=motion, company=_att(), by=by, choice=Ballot.Choice.YES)


@case("governance.services.ballots.ballot_receipt_email", refused=(*SEATLESS, "chair"), allowed="board_member")
def _(get):
    motion = _voting_motion(get)
    _, receipt = ballots.ballot_cast(motion=motion, company=_att(), by=get("board_member"), choice=Ballot.Choice.YES)
    return lambda by: ballots.ballot_receipt_email(motion=motion, receipt=receipt, by=by)


def _draft() -> MotionDraft:
    return MotionDraft(title="Meet twice a month", text="The board resolves to meet twice a month.")


@case("governance.services.drafting.motion_create", refused=SEATLESS, allowed="board_member")
def _(get):
    return lambda by: drafting.motion_create(by=by, draft=_draft())


@case("governance.services.drafting.motion_update", refused=SEATLESS, allowed="chair")
def _(get):
    motion = drafting.motion_create(by=get("other_board_member"), draft=_draft())
    get("board_member")
    changed = MotionDraft(title="Meet every week", text="The board resolves to meet every week.")
    return lambda by: drafting.motion_update(motion=motion, by=by, draft=changed)


@case("governance.services.drafting.candidate_save", refused=NOT_RUNNING, allowed="chair")
def _(get):
    motion = MotionFactory(kind=Motion.Kind.ELECTION)
    candidate = CandidateFactory.build(motion=motion, user=get("board_member"), company=_att())
    return lambda by: drafting.candidate_save(candidate=candidate, by=by)


@case("governance.services.drafting.candidate_remove", refused=NOT_RUNNING, allowed="chair")
def _(get):
    candidate = CandidateFactory(motion=MotionFactory(kind=Motion.Kind.ELECTION), user=get("board_member"))
    return lambda by: drafting.candidate_remove(candidate=candidate, by=by)


def _closing(get: Callable[[str], User], kind: str = Motion.Kind.RESOLUTION) -> Motion:
    """A motion whose consensus deadline has passed, locked as the close's steps expect."""
    motion = _open_motion(get)
    Motion.objects.filter(pk=motion.pk).update(consensus_deadline=timezone.now() - timedelta(minutes=1))
    return lifecycle.locked(motion)


@case("governance.services.effects.effects_apply", refused=NOT_RUNNING, allowed="chair")
def _(get):
    get("chair")
    motion = MotionFactory(kind=Motion.Kind.ADMIT, subject_company=get("unseated_board_member").roles.get().company)
    Company.objects.filter(pk=motion.subject_company_id).update(status=Company.Status.REQUESTED)
    return lambda by: effects.effects_apply(motion=motion, by=by, winner_id=None)


@case("governance.services.effects.notice_undo", refused=NOT_RUNNING, allowed="chair")
def _(get):
    get("chair"), get("board_member")
    motion = MotionFactory(kind=Motion.Kind.REVOKE, subject_company=_att(), notice_given_at=timezone.now())
    Company.objects.filter(pk=motion.subject_company_id).update(status=Company.Status.UNDER_REVIEW)
    return lambda by: effects.notice_undo(motion=motion, by=by)


@case("governance.services.lifecycle.motion_decide", refused=NOT_RUNNING, allowed="chair")
def _(get):
    motion = _closing(get)
    return lambda by: lifecycle.motion_decide(motion, by=by)


@case("governance.services.lifecycle.motion_close", refused=NOT_RUNNING, allowed="chair")
def _(get):
    motion = _closing(get)
    return lambda by: lifecycle.motion_close(motion=motion, by=by)


@case("governance.services.lifecycle.motion_give_notice", refused=NOT_RUNNING, allowed="chair")
def _(get):
    get("board_member")
    motion = MotionFactory(kind=Motion.Kind.REVOKE, subject_company=get("other_board_member").roles.get().company)
    return lambda by: lifecycle.motion_give_notice(motion=motion, by=by)


@case("governance.services.lifecycle.motion_open", refused=NOT_RUNNING, allowed="chair")
def _(get):
    get("board_member")
    motion = MotionFactory()
    return lambda by: lifecycle.motion_open(motion=motion, by=by, consensus_deadline=timezone.now() + timedelta(days=3))


@case("governance.services.lifecycle.objection_raise", refused=ANOTHER_SEAT, allowed="board_member")
def _(get):
    motion = _open_motion(get)
    get("other_board_member")
    return lambda by: lifecycle.objection_raise(motion=motion, company=_att(), by=by, reason="Not yet")


@case(
    "governance.services.lifecycle.objection_withdraw",
    refused=(*SEATLESS, "other_board_member"),
    allowed="board_member",
)
def _(get):
    motion = _open_motion(get)
    get("other_board_member")
    lifecycle.objection_raise(motion=motion, company=_att(), by=get("board_member"), reason="Not yet")
    return lambda by: lifecycle.objection_withdraw(motion=motion, company=_att(), by=by)


@case("governance.services.lifecycle.stance_record", refused=ANOTHER_SEAT, allowed="board_member")
def _(get):
    motion = _open_motion(get)
    get("other_board_member")
    return lambda by: lifecycle.stance_record(motion=motion, company=_att(), by=by, stance="agree")


@case("governance.services.lifecycle.motion_call_vote", refused=(*NOT_RUNNING, "secretariat"), allowed="chair")
def _(get):
    motion = _open_motion(get)
    lifecycle.objection_raise(motion=motion, company=_att(), by=get("board_member"), reason="Not yet")
    return lambda by: lifecycle.motion_call_vote(
        motion=motion, by=by, voting_deadline=timezone.now() + timedelta(days=7)
    )


@case("governance.services.lifecycle.motion_withdraw", refused=NOT_RUNNING, allowed="chair")
def _(get):
    motion = _open_motion(get)
    return lambda by: lifecycle.motion_withdraw(motion=motion, by=by, reason="Overtaken by events")


@case("governance.services.plan.plan_task_save", refused=(*NOT_RUNNING, "chair"))
def _(get):
    data = {"position": 1, "title": "Kick-off", "kind": PlanTask.Kind.MILESTONE, "starts_on": date(2027, 1, 4)}
    return lambda by: plan.plan_task_save(task=None, data=data, by=by)


@case("governance.services.plan.plan_task_delete", refused=(*NOT_RUNNING, "chair"))
def _(get):
    task = PlanTask.objects.create(
        position=1, title="Kick-off", kind=PlanTask.Kind.MILESTONE, starts_on=date(2027, 1, 4)
    )
    return lambda by: plan.plan_task_delete(task=task, by=by)


@case("governance.services.plan.roadmap_item_save", refused=(*NOT_RUNNING, "chair"))
def _(get):
    vector = RoadmapVectorFactory()
    return lambda by: plan.roadmap_item_save(item=None, data={"title": "Edge sites", "vector": vector}, by=by)


@case("governance.services.plan.roadmap_item_delete", refused=(*NOT_RUNNING, "chair"))
def _(get):
    item = RoadmapItemFactory()
    return lambda by: plan.roadmap_item_delete(item=item, by=by)


# the tests -------------------------------------------------------------------------------------------


def test_every_service_taking_an_actor_has_a_refusal_case() -> None:
    discovered = discovered_services() - set(READS_ONLY)
    assert discovered - set(CASES) == set(), "services taking `by` without a refusal case below"
    assert set(CASES) - discovered == set(), "cases for services that no longer exist or take no actor"


def _database() -> dict[str, list[tuple]]:
    """Every row of the portal's apps (history and guardian's object permissions included), as values."""
    labels = {*SERVICE_APPS, "guardian", "auth"}
    return {
        model._meta.label: list(model.objects.order_by("pk").values_list())
        for model in apps.get_models()
        if model._meta.app_label in labels
    }


@pytest.mark.parametrize("service", sorted(CASES))
def test_service_refuses_who_may_not_and_changes_nothing(service, persona, db, django_capture_on_commit_callbacks):
    call = CASES[service].build(persona)
    actors = [persona(person) for person in CASES[service].refused]
    before = _database()
    for actor in actors:
        with django_capture_on_commit_callbacks() as callbacks, pytest.raises(PermissionDenied):
            call(actor)
        assert _database() == before, f"{actor} was refused but something changed"
        assert callbacks == []


@pytest.mark.parametrize("service", sorted(CASES))
def test_service_lets_who_may(service, persona, db):
    """The same scene with someone allowed goes through: the refusals above are the rule's."""
    call = CASES[service].build(persona)
    actor = persona(CASES[service].allowed)
    before = _database()
    call(actor)
    assert _database() != before


# by=None and decided_by_motion=True: from trusted code only ------------------------------------------

# Where the system acts: demo loading, the deadline sweeper (a task), the close's steps, fixtures and
# benchmarks. Not one page, admin, command or task a person reaches.
TRUSTED_BY_NONE = {
    "conftest.py",
    "bench/voting.py",
    "members/demo.py",
    "governance/services/sweeper.py",
}
DECIDED_BY_MOTION = {"governance/services/effects.py", "governance/services/lifecycle.py"}


def _calls_with(keyword: str, value: object) -> set[str]:
    """Non-test modules with a call passing `keyword=value` literally."""
    found = set()
    for path in ROOT.rglob("*.py"):
        relative = path.relative_to(ROOT).as_posix()
        if relative.startswith((".venv/", "var/", "e2e/")) or "/tests/" in relative or "/migrations/" in relative:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and any(
                k.arg == keyword and isinstance(k.value, ast.Constant) and k.value.value is value for k in node.keywords
            ):
                found.add(relative)
    return found


def test_only_trusted_code_acts_as_the_system():
    assert _calls_with("by", None) <= TRUSTED_BY_NONE


def test_only_a_decided_motion_passes_decided_by_motion():
    assert _calls_with("decided_by_motion", True) == DECIDED_BY_MOTION


def test_the_system_is_not_refused(db):
    """`by=None` passes the checks (a person's door never passes it: see above)."""
    company = members.company_create(name="Deutsche Telekom", by=None)
    step = members.company_transition(
        company=company, to_status=Company.Status.PARTICIPATING, by=None, reason="Attends the forums"
    )
    assert step.to_status == Company.Status.PARTICIPATING
