"""What each signed-in person should do now, at the top of the home page.

The project package may use every app (the apps never import it), so the per-role summaries are
gathered here: a coordinator's company, a seat holder's votes, everyone's own open action items, and
the Secretariat's overdue and failing things. A bounded number of queries whoever the person is.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q
from django.utils import timezone

from governance.models import Ballot, Motion
from kernel.fragments import cached_data
from meetings.kinds import longest_agenda_notice
from meetings.models import ActionItem, Meeting
from members.compliance import NOT_MET, Compliance, compliance_evaluate_many
from members.models import Company, RoleAssignment, User
from members.permissions import is_secretariat, seat_companies
from notifications.models import Announcement, OutboxMessage

LIMIT = 20


@dataclass
class CompanyStep:
    """A coordinator's company: how it meets the criteria and how old its FTE declaration is."""

    company: Company
    compliance: Compliance


@dataclass
class VoteStep:
    """An open vote for one of the person's seats: needed, or what the seat voted."""

    motion: Motion
    company: Company
    ballot: Ballot | None


@dataclass
class NextSteps:
    companies: list[CompanyStep] = field(default_factory=list)
    votes_needed: list[VoteStep] = field(default_factory=list)
    votes_cast: list[VoteStep] = field(default_factory=list)
    action_items: list[ActionItem] = field(default_factory=list)
    late_agendas: list[Meeting] = field(default_factory=list)
    failed_mail: list[Announcement] = field(default_factory=list)
    failing_companies: list[Compliance] = field(default_factory=list)
    overdue_motions: list[Motion] = field(default_factory=list)
    secretariat: bool = False

    @property
    def anything(self) -> bool:
        return any(
            [
                self.companies,
                self.votes_needed,
                self.votes_cast,
                self.action_items,
                self.late_agendas,
                self.failed_mail,
                self.failing_companies,
                self.overdue_motions,
            ]
        )


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
    return [CompanyStep(company=c, compliance=compliance[c.pk]) for c in companies]


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


def _late_agendas(now: datetime) -> list[Meeting]:
    """Scheduled meetings whose agenda is still a draft after the kind's notice period began."""
    longest = longest_agenda_notice()
    drafts = (
        Meeting.objects.agenda_drafts()
        .filter(
            status=Meeting.Status.SCHEDULED,
            starts_at__gte=now,
            starts_at__lte=now + timedelta(days=longest),
        )
        .order_by("starts_at")[: LIMIT * 5]
    )
    return [m for m in drafts if m.agenda_deadline < now][:LIMIT]


def _overdue_motions(now: datetime) -> list[Motion]:
    """Open motions whose deadline has passed: a vote or a consensus period waiting to be closed."""
    return list(
        Motion.objects.filter(
            Q(status=Motion.Status.VOTING, voting_deadline__lt=now)
            | Q(status=Motion.Status.CONSENSUS, consensus_deadline__lt=now)
        ).order_by("voting_deadline", "consensus_deadline")[:LIMIT]
    )


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
    steps.votes_needed, steps.votes_cast = _votes(user)
    steps.action_items = list(
        ActionItem.objects.open()
        .visible_to(user)  # an owner without a seat does not see a confidential board item, even their own
        .of_published_minutes()
        .filter(owner=user)
        .select_related("meeting", "company")
        .order_by("due_on", "pk")[:LIMIT]
    )
    if is_secretariat(user):
        steps.secretariat = True
        steps.late_agendas = _late_agendas(now)
        steps.failed_mail = _failed_mail()
        # the same for every Secretariat reader: evaluated once per version of the public record
        steps.failing_companies = cached_data(None, user, "failing-companies", (), _failing_companies)
        steps.overdue_motions = _overdue_motions(now)
    return steps
