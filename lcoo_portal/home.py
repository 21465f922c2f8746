"""What each signed-in person should do now: the work queue at the top of the home page, and its count
in the header of every page.

The project package may use every app (the apps never import it), so the per-role queues are gathered
here: a coordinator's companies and invitations, a seat holder's stances and votes, the chair's motions
to move on, everyone's own open action items, and the Secretariat's requests, minutes, agendas and mail.
Each rule is asked of its one home (the models' predicates, `governance.permissions`,
`members.permissions`, `meetings.kinds`); this module only gathers. A bounded number of queries whoever
the person is and however large the archive.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Exists, OuterRef, Q
from django.http import HttpRequest
from django.utils import timezone

from governance.models import Ballot, ConsensusStance, Motion, Objection
from governance.permissions import can_call_vote, can_run_motions
from kernel.fragments import cached_data
from meetings.kinds import longest_agenda_notice
from meetings.models import ActionItem, Meeting, published_minutes_q
from members.compliance import NOT_MET, Compliance, compliance_evaluate_many
from members.models import Company, CompanyInvitation, RoleAssignment, User
from members.permissions import is_secretariat, seat_companies
from notifications.models import Announcement, OutboxMessage

LIMIT = 20
# An agenda is "due" in the queue this long before its kind's deadline (after it, it is late).
AGENDA_DUE_WARNING = timedelta(days=3)
# Meetings held longer ago than this without minutes are the archive's gaps, not this month's work.
MINUTES_LOOKBACK = timedelta(days=90)


@dataclass
class CompanyStep:
    """A coordinator's company: how it meets the criteria and how old its FTE declaration is."""

    company: Company
    compliance: Compliance
    ftes_need_confirming: bool = False


@dataclass
class VoteStep:
    """An open vote for one of the person's seats: needed, or what the seat voted."""

    motion: Motion
    company: Company
    ballot: Ballot | None


@dataclass
class StanceStep:
    """A motion open for consensus that one of the person's seats has not answered yet."""

    motion: Motion
    company: Company


@dataclass
class NextSteps:
    companies: list[CompanyStep] = field(default_factory=list)
    invitations: list[CompanyInvitation] = field(default_factory=list)
    stances_needed: list[StanceStep] = field(default_factory=list)
    votes_needed: list[VoteStep] = field(default_factory=list)
    votes_cast: list[VoteStep] = field(default_factory=list)
    action_items: list[ActionItem] = field(default_factory=list)
    votes_to_call: list[Motion] = field(default_factory=list)
    cures_ended: list[Motion] = field(default_factory=list)
    overdue_motions: list[Motion] = field(default_factory=list)
    requested_companies: list[Company] = field(default_factory=list)
    unminuted_meetings: list[Meeting] = field(default_factory=list)
    due_agendas: list[Meeting] = field(default_factory=list)
    late_agendas: list[Meeting] = field(default_factory=list)
    failed_mail: list[Announcement] = field(default_factory=list)
    failing_companies: list[Compliance] = field(default_factory=list)
    runs_motions: bool = False
    secretariat: bool = False

    @property
    def waiting(self) -> int:
        """How many things wait for this person to act: the header's count (what they already did, a
        ballot they may still change, and the criteria summary are shown but not counted)."""
        return (
            sum(1 for step in self.companies if step.ftes_need_confirming)
            + len(self.invitations)
            + len(self.stances_needed)
            + len(self.votes_needed)
            + len(self.action_items)
            + len(self.votes_to_call)
            + len(self.cures_ended)
            + len(self.overdue_motions)
            + len(self.requested_companies)
            + len(self.unminuted_meetings)
            + len(self.due_agendas)
            + len(self.late_agendas)
            + len(self.failed_mail)
        )

    @property
    def anything(self) -> bool:
        return bool(self.waiting or self.companies or self.votes_cast or self.failing_companies)

    @property
    def motions_to_move_on(self) -> bool:
        return bool(self.votes_to_call or self.cures_ended or self.overdue_motions)


def _coordinated_companies(user: User) -> list[CompanyStep]:
    companies = list(
        Company.objects.filter(
            roles__user=user, roles__role=RoleAssignment.Role.COORDINATOR, roles__ended_at__isnull=True
        )
        .distinct()
        .select_related("ftes_declared_by")
    )
    if not companies:
        return []
    compliance = compliance_evaluate_many(companies)
    return [
        CompanyStep(company=c, compliance=compliance[c.pk], ftes_need_confirming=c.fte_declaration.needs_confirmation)
        for c in companies
    ]


def _votes(user: User) -> tuple[list[VoteStep], list[VoteStep]]:
    seats = seat_companies(user)
    if not seats:
        return [], []
    seat_ids = [c.pk for c in seats]
    motions = list(
        Motion.objects.filter(status=Motion.Status.VOTING, electorate__in=seat_ids)
        .distinct()
        .order_by("voting_deadline", "pk")[:LIMIT]
    )
    # only this person's seats in each electorate (the link table), not every member company of each
    seated = set(
        Motion.electorate.through.objects.filter(motion__in=motions, company_id__in=seat_ids).values_list(
            "motion_id", "company_id"
        )
    )
    ballots = {
        (b.motion_id, b.company_id): b
        for b in Ballot.objects.filter(motion__in=motions, company_id__in=seat_ids).select_related("candidate__user")
    }
    needed, cast = [], []
    for motion in motions:
        for company in seats:
            if (motion.pk, company.pk) not in seated:
                continue
            ballot = ballots.get((motion.pk, company.pk))
            (cast if ballot else needed).append(VoteStep(motion=motion, company=company, ballot=ballot))
    return needed, cast


def _invitations(companies: list[Company]) -> list[CompanyInvitation]:
    """Invitations to the person's companies that nobody has answered yet (and that have not expired)."""
    if not companies:
        return []
    return list(
        CompanyInvitation.objects.pending()
        .filter(company__in=companies)
        .select_related("company")
        .order_by("expires_at", "pk")[:LIMIT]
    )


def _stances(user: User) -> list[StanceStep]:
    """Motions open for consensus where one of the person's seats has neither answered nor objected."""
    seats = seat_companies(user)
    if not seats:
        return []
    seat_ids = [c.pk for c in seats]
    seated = Motion.electorate.through.objects.filter(
        company_id__in=seat_ids, motion__status__in=[Motion.Status.CONSENSUS, Motion.Status.OBJECTED]
    )
    answered = ConsensusStance.objects.filter(motion_id=OuterRef("motion_id"), company_id=OuterRef("company_id"))
    objected = Objection.objects.filter(
        motion_id=OuterRef("motion_id"), company_id=OuterRef("company_id"), withdrawn_at__isnull=True
    )
    rows = (
        seated.filter(~Exists(answered), ~Exists(objected))
        .select_related("motion")
        .order_by("motion__consensus_deadline", "motion_id", "company_id")[: LIMIT * 2]
    )
    by_pk = {c.pk: c for c in seats}
    return [StanceStep(motion=row.motion, company=by_pk[row.company_id]) for row in rows if row.motion.takes_stances][
        :LIMIT
    ]


def _motions_to_move_on(user: User, now: datetime) -> tuple[list[Motion], list[Motion], list[Motion]]:
    """The chair's and the Secretariat's: votes to call, revocations whose cure period ended, motions to close."""
    candidates = list(
        Motion.objects.filter(
            Q(status__in=[Motion.Status.CONSENSUS, Motion.Status.OBJECTED, Motion.Status.VOTING])
            | Q(status=Motion.Status.DRAFT, kind=Motion.Kind.REVOKE, notice_given_at__isnull=False)
        )
        .annotate(
            n_seats=Count("electorate", distinct=True),
            n_ballots=Count("ballots", distinct=True),
        )
        .order_by("created_at", "pk")[: LIMIT * 5]
    )
    to_call = [m for m in candidates if can_call_vote(user) and m.may_call_vote][:LIMIT]
    cures = [m for m in candidates if m.cure_period_over][:LIMIT]
    to_close = [m for m in candidates if m.may_close and _ready_to_close(m, now)][:LIMIT]
    return to_call, cures, to_close


def _ready_to_close(motion: Motion, now: datetime) -> bool:
    """Its deadline passed, or every seat of the electorate has voted."""
    if motion.status == Motion.Status.VOTING:
        everyone_voted = motion.n_seats > 0 and motion.n_ballots >= motion.n_seats
        return everyone_voted or (motion.voting_deadline is not None and motion.voting_deadline < now)
    return motion.consensus_deadline is not None and motion.consensus_deadline < now


def _agendas(now: datetime) -> tuple[list[Meeting], list[Meeting]]:
    """Scheduled meetings whose agenda is still a draft: due within days by the kind's notice, or late."""
    longest = longest_agenda_notice()
    drafts = (
        Meeting.objects.agenda_drafts()
        .filter(
            status=Meeting.Status.SCHEDULED,
            starts_at__gte=now,
            starts_at__lte=now + timedelta(days=longest) + AGENDA_DUE_WARNING,
        )
        .order_by("starts_at")[: LIMIT * 5]
    )
    late = [m for m in drafts if m.agenda_deadline < now][:LIMIT]
    due = [m for m in drafts if now <= m.agenda_deadline < now + AGENDA_DUE_WARNING][:LIMIT]
    return due, late


def _unminuted_meetings(now: datetime) -> list[Meeting]:
    """Recent meetings that may have minutes (`Meeting.may_have_minutes`) and have none published."""
    recent = (
        Meeting.objects.filter(starts_at__lte=now, starts_at__gte=now - MINUTES_LOOKBACK)
        .exclude(status=Meeting.Status.CANCELLED)
        .exclude(published_minutes_q("minutes__"))
        .order_by("-starts_at")[: LIMIT * 2]
    )
    return [m for m in recent if m.may_have_minutes][:LIMIT]


def _failed_mail() -> list[Announcement]:
    return list(
        Announcement.objects.annotate(
            n_failed_now=Count("messages", filter=Q(messages__status=OutboxMessage.Status.FAILED))
        )
        .filter(n_failed_now__gt=0)
        .order_by("-created_at")[:LIMIT]
    )


def _failing_companies() -> list[Compliance]:
    members = list(Company.objects.members())
    compliance = compliance_evaluate_many(members)
    return [compliance[c.pk] for c in members if compliance[c.pk].state == NOT_MET]


def next_steps(user: User | AnonymousUser) -> NextSteps:
    """Everything the home page asks this person to do now."""
    steps = NextSteps()
    if not user.is_authenticated:
        return steps
    now = timezone.now()
    steps.companies = _coordinated_companies(user)
    steps.invitations = _invitations([step.company for step in steps.companies])
    steps.stances_needed = _stances(user)
    steps.votes_needed, steps.votes_cast = _votes(user)
    steps.action_items = list(
        ActionItem.objects.open()
        .visible_to(user)  # an owner without a seat does not see a confidential board item, even their own
        .of_published_minutes()
        .filter(owner=user)
        .select_related("meeting", "company")
        .order_by("due_on", "pk")[:LIMIT]
    )
    if can_run_motions(user):
        steps.runs_motions = True
        steps.votes_to_call, steps.cures_ended, steps.overdue_motions = _motions_to_move_on(user, now)
    if is_secretariat(user):
        steps.secretariat = True
        steps.requested_companies = list(
            Company.objects.filter(status=Company.Status.REQUESTED).order_by("name")[:LIMIT]
        )
        steps.unminuted_meetings = _unminuted_meetings(now)
        steps.due_agendas, steps.late_agendas = _agendas(now)
        steps.failed_mail = _failed_mail()
        # the same for every Secretariat reader: evaluated once per version of the public record
        steps.failing_companies = cached_data(None, user, "failing-companies", (), _failing_companies)
    return steps


def next_steps_for(request: HttpRequest) -> NextSteps:
    """The request's person's queue, built once per request (the header's count and the home page share it)."""
    steps = getattr(request, "_next_steps", None)
    if steps is None:
        steps = next_steps(request.user)
        request._next_steps = steps
    return steps
