"""Demo data for `members`, taken from the source documents: the companies of the wiki page and the
September 22 minutes, their coordinators, board representatives, and the demo accounts.

FTE figures are not in the sources: they are illustrative, plausible and meet the charter for every real
company; the one company shown below the minimum is fictional and says so in its name."""

from datetime import UTC, date, datetime

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.db import transaction

from kernel.public_record import public_record_changed
from members.models import (
    Affiliation,
    Company,
    MembershipTransition,
    RoleAssignment,
    RoleGroup,
    SecurityEvent,
    Team,
    User,
)
from members.services import role_assign

DEMO_PASSWORD = "lcoo-demo-2026"  # noqa: S105 (the documented demo password)

COMPANIES = [
    {
        "name": "AT&T",
        "slug": "att",
        "website": "https://www.att.com/",
        "hq_country": "United States",
        "hq_time_zone": "America/Chicago",
        "operator_kind": Company.OperatorKind.BOTH,
        "status": Company.Status.MEMBER,
        "member_since": date(2016, 9, 22),
        "contributing_ftes": 40,
        "roadmap_ftes": 12,
        "estate_description": "Network cloud across many regions; 500-node scaling project; ORM and Gluon.",
    },
    {
        "name": "NTT",
        "slug": "ntt",
        "website": "https://www.ntt.com/",
        "hq_country": "Japan",
        "hq_time_zone": "Asia/Tokyo",
        "operator_kind": Company.OperatorKind.BOTH,
        "status": Company.Status.MEMBER,
        "member_since": date(2016, 9, 22),
        "contributing_ftes": 12,
        "roadmap_ftes": 4,
        "estate_description": "Multi-region OpenStack clouds for communication services.",
    },
    {
        "name": "Reliance Jio",
        "slug": "reliance-jio",
        "website": "https://www.jio.com/",
        "hq_country": "India",
        "hq_time_zone": "Asia/Kolkata",
        "operator_kind": Company.OperatorKind.NETWORK_SERVICE_PROVIDER,
        "status": Company.Status.MEMBER,
        "member_since": date(2016, 9, 22),
        "contributing_ftes": 8,
        "roadmap_ftes": 2,
        "estate_description": "Telco cloud for a nationwide 4G network; Contrail networking.",
    },
    {
        "name": "SK Telecom",
        "slug": "sk-telecom",
        "website": "https://www.sktelecom.com/",
        "hq_country": "South Korea",
        "hq_time_zone": "Asia/Seoul",
        "operator_kind": Company.OperatorKind.BOTH,
        "status": Company.Status.MEMBER,
        "member_since": date(2017, 3, 15),
        "contributing_ftes": 10,
        "roadmap_ftes": 3,
        "estate_description": "Containerised OpenStack on Kubernetes for telco workloads.",
    },
    {
        "name": "Orange",
        "slug": "orange",
        "website": "https://www.orange.com/",
        "hq_country": "France",
        "hq_time_zone": "Europe/Paris",
        "operator_kind": Company.OperatorKind.NETWORK_SERVICE_PROVIDER,
        "status": Company.Status.MEMBER,
        "member_since": date(2017, 5, 4),
        "contributing_ftes": 6,
        "roadmap_ftes": 2,
        "estate_description": "NFV infrastructure across European affiliates.",
    },
    {
        "name": "Intel",
        "slug": "intel",
        "website": "https://www.intel.com/",
        "hq_country": "United States",
        "hq_time_zone": "America/Los_Angeles",
        "operator_kind": Company.OperatorKind.MULTI_CLOUD,
        "status": Company.Status.MEMBER,
        "member_since": date(2017, 6, 1),
        "contributing_ftes": 25,
        "roadmap_ftes": 6,
        "estate_description": "Internal multi-region clouds; upstream work on acceleration and scale.",
    },
    {
        # Fictional (no source names it): the demo's example of a member below the charter's minimum of 4
        # contributing FTEs, so that no real company is shown failing the criteria.
        "name": "Example Cloud Co. (fictional)",
        "slug": "example-cloud",
        "website": "https://example.org/",
        "hq_country": "United States",
        "hq_time_zone": "America/Chicago",
        "operator_kind": Company.OperatorKind.MULTI_CLOUD,
        "status": Company.Status.MEMBER,
        "member_since": date(2017, 9, 1),
        "contributing_ftes": 3,
        "roadmap_ftes": 1,
        "estate_description": "A fictional company of the demo data: a member below the charter's FTE minimum.",
    },
    {
        "name": "Walmart",
        "slug": "walmart",
        "website": "https://www.walmart.com/",
        "hq_country": "United States",
        "hq_time_zone": "America/Chicago",
        "operator_kind": Company.OperatorKind.MULTI_CLOUD,
        "status": Company.Status.PARTICIPATING,
        "member_since": None,
        "contributing_ftes": 6,
        "roadmap_ftes": 2,
        "estate_description": "Walmart One Ops: multi-region private cloud.",
    },
    {
        "name": "Comcast",
        "slug": "comcast",
        "website": "https://www.comcast.com/",
        "hq_country": "United States",
        "hq_time_zone": "America/New_York",
        "operator_kind": Company.OperatorKind.MULTI_CLOUD,
        "status": Company.Status.REQUESTED,
        "member_since": None,
        "contributing_ftes": 5,
        "roadmap_ftes": 2,
        "estate_description": (
            "Comcast calls its OpenStack-based installation the **Comcast Elastic Cloud**.\n\n"
            "- Started with the Essex release\n"
            "- Upwards of 34 regions on Icehouse, in the process of migrating to Mitaka\n"
            "- Multi-tenant in its regions\n"
            "- 61%–83% growth in CPU, storage and memory in the last year\n"
            "- Finalizing upgrade strategies now\n\n"
            "Contributed in the past to user documentation, OpenStack Ansible (core), some Neutron and Nova, "
            "OpenStack Northern Virginia and Women of OpenStack.\n\n"
            "Pain points: multi-cloud resource management, containers, networking."
        ),
    },
]

# The steps of the joining procedure the minutes record, for the companies on their way in.
LIFECYCLES = {
    "comcast": [
        (
            Company.Status.PROSPECT,
            Company.Status.PARTICIPATING,
            "Its people attend the general meetings.",
            "General meetings, summer",
            datetime(2016, 8, 1, 14, tzinfo=UTC),
        ),
        (
            Company.Status.PARTICIPATING,
            Company.Status.REQUESTED,
            "Comcast introduced its OpenStack estate and expressed its desire to join.",
            "General meeting of September 22",
            datetime(2016, 9, 22, 15, tzinfo=UTC),
        ),
    ],
}

# (e-mail, display name, company slug, roles, portal group)
PEOPLE = [
    ("secretariat@example.org", "Secretariat", None, [], RoleGroup.SECRETARIAT),
    ("chair@example.org", "Jamey McCabe", "att", [RoleAssignment.Role.BOARD_REPRESENTATIVE], None),
    ("coordinator.att@example.org", "Andy Ukasick", "att", [RoleAssignment.Role.COORDINATOR], None),
    ("coordinator.ntt@example.org", "Shintaro Mizuno", "ntt", [RoleAssignment.Role.COORDINATOR], None),
    ("board.ntt@example.org", "NTT Executive Representative", "ntt", [RoleAssignment.Role.BOARD_REPRESENTATIVE], None),
    (
        "board.jio@example.org",
        "Jio Executive Representative",
        "reliance-jio",
        [RoleAssignment.Role.BOARD_REPRESENTATIVE],
        None,
    ),
    ("member@example.org", "Member Without Role", None, [], None),
    ("cecilia.comeaux@example.org", "Cecilia Comeaux", "att", [], None),
    ("andre.pollard@example.org", "Andre Pollard", "att", [], None),
    ("sanjeev.jaiswal@example.org", "Sanjeev Jaiswal", "reliance-jio", [RoleAssignment.Role.COORDINATOR], None),
    ("val.lechtumanan@example.org", "Val Lechtumanan", "reliance-jio", [], None),
    ("aditya.mani@example.org", "Aditya Mani", "reliance-jio", [], None),
    ("jaesuk.ahn@example.org", "Jaesuk Ahn", "sk-telecom", [RoleAssignment.Role.COORDINATOR], None),
    (
        "board.skt@example.org",
        "SK Telecom Executive Representative",
        "sk-telecom",
        [RoleAssignment.Role.BOARD_REPRESENTATIVE],
        None,
    ),
    ("marc.bailly@example.org", "Marc Bailly", "orange", [RoleAssignment.Role.COORDINATOR], None),
    (
        "board.orange@example.org",
        "Orange Executive Representative",
        "orange",
        [RoleAssignment.Role.BOARD_REPRESENTATIVE],
        None,
    ),
    ("sundar.krishnamoorthy@example.org", "Sundar Krishnamoorthy", "intel", [RoleAssignment.Role.COORDINATOR], None),
    (
        "board.intel@example.org",
        "Intel Executive Representative",
        "intel",
        [RoleAssignment.Role.BOARD_REPRESENTATIVE],
        None,
    ),
    ("sean.roberts@example.org", "Sean Roberts", "walmart", [], None),
    ("holly.bazemore@example.org", "Holly Bazemore", "comcast", [], None),
    ("shilla.saebi@example.org", "Shilla Saebi", "comcast", [], None),
]

TEAMS = [
    {
        "name": "Multisite Management and Upgradeability",
        "slug": "multisite-upgradeability",
        "purpose": "A Roadmap Functional Specialty Team carrying multi-cloud resource management user stories "
        "to the Product Working Group.",
        "members": [("coordinator.att@example.org", "att", True), ("shilla.saebi@example.org", "comcast", False)],
    }
]


def _since(company: Company) -> datetime:
    """When the demo's records of a company start: the day it became a member, or the summer of 2016."""
    day = company.member_since or date(2016, 8, 1)
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


def _user(email: str, name: str) -> User:
    user, created = User.objects.get_or_create(email=email, defaults={"display_name": name})
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        # the Security page's history starts with the account (recorded, not mailed: demo addresses)
        SecurityEvent.objects.create(
            user=user, kind=SecurityEvent.Kind.PASSWORD_SET, ip_address="127.0.0.1", detail="demo account created"
        )
    EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user


@transaction.atomic
def load() -> None:
    """Create or complete the demo companies, people and roles; running it again changes nothing."""
    companies = {}
    for data in COMPANIES:
        data = dict(data)
        company, created = Company.objects.get_or_create(slug=data.pop("slug"), defaults=data)
        if created:
            company._change_reason = "Loaded from the source documents"
            for from_status, to_status, reason, reference, at in LIFECYCLES.get(
                company.slug,
                [
                    (
                        Company.Status.PROSPECT,
                        company.status,
                        "Recorded from the group's wiki page and minutes when the portal was set up.",
                        "Demo data",
                        _since(company),
                    )
                ],
            ):
                MembershipTransition.objects.create(
                    company=company,
                    from_status=from_status,
                    to_status=to_status,
                    reason=reason,
                    reference=reference,
                    at=at,
                )
        companies[company.slug] = company
    for email, name, slug, roles, group in PEOPLE:
        user = _user(email, name)
        if group:
            user.groups.add(Group.objects.get_or_create(name=group)[0])
            if group == RoleGroup.SECRETARIAT and not user.is_staff:
                user.is_staff = True
                user.save(update_fields=["is_staff"])
        if slug:
            company = companies[slug]
            Affiliation.objects.get_or_create(
                user=user, company=company, ended_at=None, defaults={"started_at": _since(company)}
            )
            for role in roles:
                if not RoleAssignment.objects.current().filter(company=company, user=user, role=role).exists():
                    assignment = role_assign(company=company, user=user, role=role, by=None)
                    # the people of the source documents held their roles from when their company joined
                    RoleAssignment.objects.filter(pk=assignment.pk).update(started_at=_since(company))
                    public_record_changed()  # update() sends no post_save
    for data in TEAMS:
        team, _ = Team.objects.get_or_create(
            slug=data["slug"], defaults={"name": data["name"], "purpose": data["purpose"]}
        )
        for email, slug, lead in data["members"]:
            team.memberships.get_or_create(
                user=User.objects.get(email=email), left_at=None, defaults={"company": companies[slug], "is_lead": lead}
            )
