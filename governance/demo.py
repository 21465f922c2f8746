"""Demo data for `governance`, taken from the source documents.

The charter's three versions are its change history (5/1 First Draft by Jamey, 7/1 Heavy reword and
rearchitect by Andy, 9/22 Wording changes and alteration of new membership section by the Group, 2016);
only the third's text is preserved (the charter of the seeds, in Markdown), so the first two are listed
with their date, change and author and marked "text not preserved" rather than given invented text.
The chair and the co-chair are the two people the wiki page names at its head. The board's open motion
admits Comcast, with ballots from some seats only.
"""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from governance.models import (
    Ballot,
    CharterVersion,
    Motion,
    MotionLogEntry,
    OfficerTerm,
    PlanTask,
    RoadmapItem,
    RoadmapQuarter,
    RoadmapVector,
)
from governance.record import motion_verify
from governance.register import charter_version_register, officer_term_register
from governance.services.ballots import ballot_cast
from governance.services.drafting import MotionDraft, motion_create
from governance.services.lifecycle import motion_call_vote, motion_open, objection_raise
from kernel.public_record import public_record_changed
from meetings.models import Kind, Meeting
from members.models import Company, Team, User

MISSION = (
    "The Large Contributing OpenStack Operator (LCOO) is a body of OpenStack Community Contributors who have "
    "organized around their shared interest in accelerating the enterprise maturity and adoption of OpenStack "
    "and to drive Community awareness of platform enhancements necessary to address the unique use cases of "
    "network service providers."
)

VECTORS = [
    ("multisite", "Multisite Management and Operations including Upgradeability"),
    ("resiliency", "Resiliency at Scale"),
    ("networking", "Networking, SDN and NFV Infrastructure"),
    ("security", "Security, Policy and Operational Insights"),
    ("workloads", "Workload Enablement"),
    ("features-bugs", "Feature Requests and Bug fixes across all of the projects"),
]

VECTOR_LIST = "\n".join(f"- {name}" for _, name in VECTORS)

CHARTER_V3 = f"""# Charter: Large Operator and Network Service Provider Coalition

## Mission

{MISSION}

## Key Tenets

### Drive Community Roadmap Awareness

The LCOO exists to drive Community awareness of platform enhancements necessary to meet the needs of
Large "Multi-Clouds" Operators and Network Service Providers. Multi-Clouds is defined as multiple
regions, availability zones and multi-tenant in OpenStack. LCOO does this through the publishing of its
use cases and Roadmap as well as by participating in and contributing thought leadership to OpenStack
community Working Groups, Project Teams and other OpenStack groups. The LCOO also leverages blogs, white
papers, Summit presentations, Summit presence and any other practical means to carry its message to the
broad community.

### Drive Focused OpenStack Enhancements

The LCOO works openly, transparently and collaboratively within the OpenStack community to be engaged in
continuous enhancement of the OpenStack platform. The LCOO coordinates the upstream software development
activities of its member's resources in order to advance the platform while ensuring that efforts align
with the spirit and goals of the OpenStack Foundation.

### Increase Upstream Contributions to OpenStack

The LCOO seeks to advance the OpenStack platform by building and growing a joint LCOO committed
engineering team focused on a shared agenda of development that drives its overall mission forward,
along a number of vectors:

{VECTOR_LIST}

### Accelerate OpenStack Innovation

Through its multi-cultural, globally distributed and technologically diverse member companies, the LCOO
creates an environment for its members that promotes far greater opportunity for innovation, learning,
mentoring and accomplishment than would ever be possible by any member alone. This same large and diverse
member coalition of community contributors is also able to engage much more deeply, broadly and
effectively within the community in order to further its objectives of raising awareness and
accelerating improvement.

## Guiding Principles

### Align with the OpenStack Foundation

The LCOO is dedicated to advancing the goals of the OpenStack community by aligning with the OpenStack
Foundation using a two-pronged approach, both through centralized authorities and through grassroots
engagement.

Working within established centralized channels, the LCOO informs, publishes, and solicits feedback on
its engineering roadmap through the OpenStack Foundation's Working Groups. This approach ensures that the
engineering team works on the right features to advance the OpenStack platform for use by enterprise
customers, as validated by the community. The LCOO engages with the OpenStack Foundation Board, Technical
Committee and User Committee to draw attention to help drive coordination across projects. Finally, the
LCOO also works with certain groups outside of OpenStack such as OPNFV whose work has critical impacts on
the platform.

From a grassroots standpoint, the LCOO member resources are engaged within numerous projects,
organizations and user groups, collaborating, networking and discussing across the OpenStack Community.

### Contribute Work Upstream

In the true spirit of open source, the LCOO is committed to furthering open standards and preventing
vendor lock-in by ensuring that work is contributed upstream, working within the community to advance
the collective state of the platform for the benefit of all.

## Membership

Member companies should meet these criteria:

- Be a Multi-Cloud Operator and/or Network Service Provider
- Participate equally with other members in the meetings and other activities of the coalition
- Be a contributor to the OpenStack platform with at least 4 FTEs contributing regularly
- Contribute 2 FTEs to upstream activities aligned to the LCOO roadmap

If a member should fail to continue to meet these minimum criteria after joining, their membership may
be revoked through an action of the board.

## Governance

The LCOO is governed by a board consisting of equal representation from each of its member companies.
The board will be led by an annually elected Meeting Chair and Co-Chair(s) from among its members. Each
member company will have one vote. The board will operate by consensus. This composition underscores the
LCOO's true community spirit, ensuring a system of governance that relies on respect, equality, trust and
transparency. In the event that consensus cannot be reached, the Chairperson may call for a vote.

The LCOO Governance Board:

- Meets quarterly to produce, prioritize and publish a common OpenStack Roadmap
- Meets quarterly to formulate Strategy for Roadmap delivery
- Collaborates to drive Community awareness and acceptance of its Roadmap objectives
- Directs member resources to upstream activities in alignment with its Roadmap and Strategy
- Coordinates member participation in Working Groups
- Coordinates engagement with the OpenStack Foundation Board, Technical Committee and User Committee
- Meets monthly to re-align on Strategy execution, review progress and (re)direct activities as needed
- Meeting agendas published ahead of time for board meetings and meeting results published and open for all
  (members and non-members) to view.
"""

# (number, date, text or None when no source preserves it, change, author as the history names them, account)
CHARTER_VERSIONS = [
    (1, date(2016, 5, 1), None, "First Draft", "Jamey", "chair@example.org"),
    (2, date(2016, 7, 1), None, "Heavy reword and rearchitect", "Andy", "coordinator.att@example.org"),
    (3, date(2016, 9, 22), CHARTER_V3, "Wording changes and alteration of new membership section", "Group", None),
]

ITEMS = [
    (
        "multisite",
        "Rolling upgrades without tenant downtime",
        "Upgrade control planes region by region while workloads keep running.",
        "https://etherpad.openstack.org/p/LCOO-Barcelona-Planning",
    ),
    ("multisite", "Multi-cloud resource management", "Quotas and images managed across regions.", ""),
    ("resiliency", "Resiliency testing at scale", "Destructive testing of control planes under load.", ""),
    ("networking", "NFV service function chaining", "Carrier-grade networking for VNFs.", ""),
    ("security", "Centralised policy and audit", "Operational insight from one place across clouds.", ""),
]

# The plan reviewed on 22 September 2016 (the Gantt table of the minutes): ID, task name, kind, its phase's
# ID, duration in working days ("2 wks" = 10), start.
PLAN = [
    (1, "Milestones", "phase", None, 37, date(2016, 9, 1)),
    (2, "Hotel and Tickets for Summit", "milestone", 1, 0, date(2016, 9, 1)),
    (3, "Companies commit resources to Ocata", "milestone", 1, 0, date(2016, 9, 27)),
    (4, "Barcelona Summit", "milestone", 1, 0, date(2016, 10, 24)),
    (5, "Finalize Governance", "phase", None, 15, date(2016, 8, 31)),
    (6, "Each company comment", "task", 5, 5, date(2016, 8, 31)),
    (7, "Review with Foundation", "task", 5, 5, date(2016, 9, 7)),
    (8, "Review with User Committee/get approval", "task", 5, 5, date(2016, 9, 14)),
    (9, "Barcelona Scope Process", "phase", None, 44, date(2016, 8, 23)),
    (10, "Combine Objectives", "task", 9, 5, date(2016, 8, 23)),
    (11, "Detail main alternatives", "task", 9, 5, date(2016, 8, 30)),
    (12, "Rank and Choose", "task", 9, 5, date(2016, 9, 6)),
    (13, "Write User Stories and Use Cases", "task", 9, 10, date(2016, 9, 13)),
    (14, "Review with Product Development WG", "task", 9, 10, date(2016, 9, 27)),
    (15, "Refine use cases with other leaders", "task", 9, 9, date(2016, 10, 11)),
]

COMCAST_MOTION = "Admit Comcast as a member company"
# The 2017 Q1 roadmap is a draft for the board: the chair has put it to consensus, so the seats' home
# pages show their stance awaited (the Comcast motion shows their vote awaited).
ROADMAP_MOTION = "Approve the 2017 Q1 roadmap"
VOTERS = {"att": "yes", "sk-telecom": "yes", "orange": "abstain", "intel": "no"}


@transaction.atomic
def load() -> None:
    """Create or complete the demo data; running it again changes nothing."""
    people = {u.email: u for u in User.objects.filter(email__endswith="@example.org")}
    chair = people.get("chair@example.org")
    att = Company.objects.filter(slug="att").first()
    if chair and att and not OfficerTerm.objects.current().filter(office=OfficerTerm.Office.CHAIR).exists():
        term = OfficerTerm.objects.create(
            office=OfficerTerm.Office.CHAIR,
            user=chair,
            company=att,
            starts_on=date(timezone.localdate().year, 1, 1),
            ends_on=date(timezone.localdate().year, 12, 31),
        )
        officer_term_register(term=term)
    sundar = people.get("sundar.krishnamoorthy@example.org")
    intel = Company.objects.filter(slug="intel").first()
    if sundar and intel and not OfficerTerm.objects.current().filter(office=OfficerTerm.Office.CO_CHAIR).exists():
        term = OfficerTerm.objects.create(
            office=OfficerTerm.Office.CO_CHAIR,
            user=sundar,
            company=intel,
            starts_on=date(timezone.localdate().year, 1, 1),
            ends_on=date(timezone.localdate().year, 12, 31),
        )
        officer_term_register(term=term)
    for number, effective_on, text, summary, author_name, email in CHARTER_VERSIONS:
        version, created = CharterVersion.objects.get_or_create(
            number=number,
            defaults={
                "effective_on": effective_on,
                "text": text or "",
                "text_preserved": text is not None,
                "change_summary": summary,
                "author_name": author_name,
                "author": people.get(email) if email else None,
            },
        )
        if text is None and version.text_preserved:  # an earlier demo gave it invented text
            CharterVersion.objects.filter(pk=version.pk).update(text="", text_preserved=False)
            public_record_changed()  # update() sends no post_save
            version.text, created = "", True
        if created:
            charter_version_register(version=version)
    vectors = {}
    for position, (slug, name) in enumerate(VECTORS, start=1):
        vectors[slug], _ = RoadmapVector.objects.get_or_create(slug=slug, defaults={"name": name, "position": position})
    team = Team.objects.filter(slug="multisite-upgradeability").first()
    items = []
    for slug, title, description, links in ITEMS:
        item, _ = RoadmapItem.objects.get_or_create(
            title=title,
            defaults={
                "vector": vectors[slug],
                "description": description,
                "upstream_links": links,
                "team": team if slug == "multisite" else None,
            },
        )
        items.append(item)
    quarter, created = RoadmapQuarter.objects.get_or_create(
        year=2016,
        quarter=4,
        defaults={"summary": "Agreed for the Barcelona summit.", "published_at": timezone.now()},
    )
    if created:
        for rank, item in enumerate(items, start=1):
            quarter.entries.create(item=item, rank=rank)
    RoadmapQuarter.objects.get_or_create(year=2017, quarter=1, defaults={"summary": "Draft for the board."})
    _plan()
    _comcast_motion(people, chair)
    _roadmap_motion(chair)


def _demo_motion_delete(motion: Motion) -> None:
    """Remove a demo motion with its record; only the demo loader does this."""
    MotionLogEntry.objects.filter(motion=motion).delete()
    Ballot.history.filter(motion_id=motion.pk).delete()
    Ballot.objects.filter(motion=motion).delete()
    motion.delete()


def _plan() -> None:
    """The Gantt table of the 22 September 2016 minutes, row by row."""
    rows: dict[int, PlanTask] = {}
    for position, title, kind, phase, days, starts_on in PLAN:
        rows[position], _ = PlanTask.objects.get_or_create(
            position=position,
            defaults={
                "title": title,
                "kind": kind,
                "phase": rows.get(phase),
                "duration_days": days,
                "starts_on": starts_on,
            },
        )


def _comcast_motion(people: dict[str, User], chair: User | None) -> None:
    comcast = Company.objects.filter(slug="comcast").first()
    # Comcast introduced itself at the September 22, 2016 general meeting (meetings' demo data).
    meeting = Meeting.objects.filter(kind=Kind.GENERAL, starts_at__date=date(2016, 9, 22)).first()
    for motion in Motion.objects.filter(title=COMCAST_MOTION):
        if not motion_verify(motion).ok:
            # Written in an earlier format of the record (or tampered with): demo data is re-created, never re-hashed.
            _demo_motion_delete(motion)
    existing = Motion.objects.filter(title=COMCAST_MOTION)
    if existing.exists():
        if meeting is not None and existing.filter(meeting__isnull=True).update(meeting=meeting):
            public_record_changed()  # update() sends no post_save
        return
    if chair is None or comcast is None:
        return
    draft = MotionDraft(
        title=COMCAST_MOTION,
        text=(
            "Comcast introduced itself at the general meeting and has requested membership. It is a multi-cloud "
            "operator contributing to OpenStack upstream.\n\n**Resolved:** that Comcast be admitted as a member "
            "company of the LCOO, with one seat and one vote on the board."
        ),
        subject_company=comcast,
        meeting=meeting,
    )
    motion = motion_create(by=chair, kind=Motion.Kind.ADMIT, draft=draft)
    now = timezone.now()
    motion_open(motion=motion, by=chair, consensus_deadline=now + timedelta(days=3))
    intel = Company.objects.get(slug="intel")
    objection_raise(
        motion=motion,
        company=intel,
        by=people["board.intel@example.org"],
        reason="We would like Comcast's declared FTEs confirmed before admission.",
    )
    motion_call_vote(motion=motion, by=chair, voting_deadline=now + timedelta(days=7))
    holders = {"att": "chair@example.org", "sk-telecom": "board.skt@example.org", "orange": "board.orange@example.org"}
    holders["intel"] = "board.intel@example.org"
    for slug, choice in VOTERS.items():
        ballot_cast(motion=motion, company=Company.objects.get(slug=slug), by=people[holders[slug]], choice=choice)


def _roadmap_motion(chair: User | None) -> None:
    """The draft 2017 Q1 roadmap, open for consensus: no seat has answered yet."""
    for motion in Motion.objects.filter(title=ROADMAP_MOTION):
        if not motion_verify(motion).ok:
            _demo_motion_delete(motion)
    quarter = RoadmapQuarter.objects.filter(year=2017, quarter=1).first()
    if Motion.objects.filter(title=ROADMAP_MOTION).exists() or chair is None or quarter is None:
        return
    draft = MotionDraft(
        title=ROADMAP_MOTION,
        text="**Resolved:** that the board approves the roadmap drafted for the first quarter of 2017.",
        roadmap_quarter=quarter,
    )
    motion = motion_create(by=chair, kind=Motion.Kind.ROADMAP_APPROVAL, draft=draft)
    motion_open(motion=motion, by=chair, consensus_deadline=timezone.now() + timedelta(days=10))
