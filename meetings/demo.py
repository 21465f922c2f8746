"""Demo data for `meetings`, taken from the source documents (the September 22 minutes above all).

Records are written directly, not through the publishing services, so that loading the demo sends
no announcement. Every record is looked up before it is created: running it again changes nothing.
"""

from datetime import UTC, date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from meetings.models import ActionItem, AgendaItem, Attendance, Decision, Kind, Meeting, Minutes, Series
from meetings.recurrence import local_to_utc
from meetings.services import Slot, series_generate, series_save
from members.models import Company, User

SEPT_22_TOPICS = [
    ("Finalize Member Joining Procedure", "", ""),
    (
        "Procedure for creating a new working group in OpenStack",
        "There is a general procedure: <https://wiki.openstack.org/wiki/Procedure_for_Creating_a_New_Working_Group>",
        "- User Committee workgroup info page: <https://wiki.openstack.org/wiki/Governance/Foundation/UserCommittee>\n"
        "- Join the UC mailing list: <http://lists.openstack.org/cgi-bin/mailman/listinfo/user-committee>\n"
        "- Example of an existing WG: <https://wiki.openstack.org/wiki/TelcoWorkingGroup>",
    ),
    (
        "New proposed member introduction: Comcast",
        "Holly Bazemore and Shilla Saebi introduce Comcast.",
        "Comcast calls its OpenStack-based installation the **Comcast Elastic Cloud**.\n\n"
        "- Started with the Essex release\n- Upwards of 34 regions on Icehouse, migrating to Mitaka\n"
        "- Multi-tenant in its regions\n- 61%–83% growth in CPU, storage and memory in the last year\n\n"
        "Pain points and enhancements suggested: multi-cloud resource management, containers, networking.",
    ),
    (
        "OpenStack Barcelona Summit: who is attending, which sessions we can plan or join",
        "",
        "- The Operators Meetup is planned by the Ops Meetup Planning Team: <https://etherpad.openstack.org/p/BCN-ops-meetup>\n"
        "- Rooms are tight and only for official working groups; as a backup there is a large room in the Design "
        "Summit where anyone can grab a table.\n"
        "- Proposed for Barcelona: sessions on each of our etherpads; a meetup with the Large Deployment, Telco and "
        "Product working groups.\n"
        "- Jamey set up a planning etherpad: <https://etherpad.openstack.org/p/LCOO-Barcelona-Planning>",
    ),
    (
        "Progress against plan: user stories for the Product Working Group",
        "Review the roadmap-planning Gantt chart.",
        "Reviewed progress against the plan, especially bringing user stories to the Product Working Group.",
    ),
    (
        "Review and revise the Charter",
        "",
        "Reviewed and revised the Charter as a team; the last section is left for the next meeting.",
    ),
    (
        "Agree days for subsequent sessions",
        "AT&T ORM and Walmart OneOps demos; AT&T Gluon; Contrail; AT&T's 500-node scaling project.",
        "- Jamey to follow up offline with Sean on the ORM and OneOps demos.\n"
        "- Gluon proposed for Monday Oct 3 and Wednesday Oct 5, 7–8 AM PT: "
        "<https://etherpad.openstack.org/p/LCOO-Working-Gluon>\n"
        "- Contrail discussion still scheduled for 9/23 7 AM PT; Comcast and Jio will join.\n"
        "- Ron Barchi joined to introduce AT&T's 500-node scaling project; we ran out of time and asked him "
        "back next week.",
    ),
    ("Please start interacting in Slack", "", "Jamey to add Shilla as an admin."),
]

SEPT_22_DECISIONS = [
    (
        1,
        "Method of bringing in new members: each new company comes to a general meeting, introduces itself "
        "and requests membership.",
    ),
    (5, "We are not behind schedule, but we need to start communicating with the Product Development Working Group."),
    (5, "We are behind schedule on the Charter and need to finalize it."),
    (
        7,
        "We don't really know what Gluon is: invite Bin Hu of AT&T to the next meeting for a quick "
        "introduction, so we can decide who from our companies to bring.",
    ),
]

SEPT_22_ATTENDEES = [
    ("att", "cecilia.comeaux@example.org", ""),
    ("att", "chair@example.org", ""),
    ("att", "coordinator.att@example.org", ""),
    ("att", "andre.pollard@example.org", ""),
    ("ntt", "coordinator.ntt@example.org", ""),
    ("reliance-jio", "val.lechtumanan@example.org", ""),
    ("reliance-jio", "aditya.mani@example.org", ""),
    ("reliance-jio", "sanjeev.jaiswal@example.org", ""),
    ("walmart", "sean.roberts@example.org", ""),
    ("comcast", "holly.bazemore@example.org", ""),
    ("comcast", "shilla.saebi@example.org", ""),
    ("att", "", "Ron Barchi"),
]


def _meeting(kind: str, title: str, **defaults) -> Meeting:
    defaults.setdefault("duration_minutes", 60)
    meeting, _ = Meeting.objects.get_or_create(kind=kind, title=title, defaults=defaults)
    return meeting


def _agenda(meeting: Meeting, topics: list[tuple]) -> list[AgendaItem]:
    items = []
    for position, (title, description, discussion, *rest) in enumerate(topics, start=1):
        extra = rest[0] if rest else {}
        item, _ = AgendaItem.objects.get_or_create(
            meeting=meeting,
            position=position,
            defaults={"title": title, "description": description, "discussion": discussion, **extra},
        )
        items.append(item)
    return items


def _attend(meeting: Meeting, rows: list[tuple], users: dict, companies: dict) -> None:
    for slug, email, name in rows:
        if email and email in users:
            Attendance.objects.get_or_create(
                meeting=meeting, user=users[email], defaults={"company": companies.get(slug)}
            )
        elif name:
            Attendance.objects.get_or_create(meeting=meeting, name=name, defaults={"company": companies.get(slug)})


def _minutes(meeting: Meeting, *, published_at: datetime | None, recorder: User | None, **fields) -> Minutes:
    minutes, _ = Minutes.objects.get_or_create(
        meeting=meeting, defaults={"published_at": published_at, "published_by": recorder if published_at else None,
                                   "recorded_by": recorder, **fields}
    )  # fmt: skip
    return minutes


def _next_weekday(day: date, weekday: int) -> date:
    return day + timedelta(days=(weekday - day.weekday()) % 7 or 7)


@transaction.atomic
def load() -> None:
    """Create or complete the demo meetings; running it again changes nothing."""
    users = {u.email: u for u in User.objects.all()}
    companies = {c.slug: c for c in Company.objects.all()}
    secretariat = users.get("secretariat@example.org")
    chair = users.get("chair@example.org")

    # The September 22, 2016 general meeting (7:00 PT), from the minutes.
    sept22 = _meeting(
        Kind.GENERAL,
        "General meeting: joining procedure, Comcast, Barcelona, Charter",
        starts_at=datetime(2016, 9, 22, 14, 0, tzinfo=UTC),
        place="Videoconference",
        status=Meeting.Status.HELD,
        agenda_published_at=datetime(2016, 9, 20, 14, 0, tzinfo=UTC),
        agenda_published_by=secretariat,
        sequence=1,
    )
    topics = [
        (t, d, x, {"presenter": users.get("holly.bazemore@example.org"), "presenter_company": companies.get("comcast")})
        if i == 2 else (t, d, x)
        for i, (t, d, x) in enumerate(SEPT_22_TOPICS)
    ]  # fmt: skip
    items = _agenda(sept22, topics)
    _attend(sept22, SEPT_22_ATTENDEES, users, companies)
    for position, (number, text) in enumerate(SEPT_22_DECISIONS, start=1):
        Decision.objects.get_or_create(
            meeting=sept22, position=position, defaults={"text": text, "agenda_item": items[number - 1]}
        )
    actions = [
        (6, "Schedule the next meetings and add the corresponding Slack channels", chair, "", "att", date(2016, 9, 27)),
        (7, "Begin the official process of requesting working group status", users.get("shilla.saebi@example.org"),
         "", "comcast", date(2016, 10, 21)),
        (8, "Finalize the Charter: last section in the next meeting", None, "All", None, date(2016, 9, 27)),
    ]  # fmt: skip
    for position, text, owner, owner_name, slug, due in actions:
        ActionItem.objects.get_or_create(
            meeting=sept22,
            position=position,
            defaults={
                "text": text,
                "owner": owner,
                "owner_name": owner_name if owner or owner_name else "Shilla Saebi",
                "company": companies.get(slug) if slug else None,
                "due_on": due,
                "agenda_item": items[5] if position == 8 else items[7] if position == 6 else items[1],
            },
        )

    # The next general session, Tuesday 9/27 7–9 AM PDT: its minutes are still a draft.
    sept27 = _meeting(
        Kind.GENERAL,
        "General meeting: finalize the Charter",
        starts_at=datetime(2016, 9, 27, 14, 0, tzinfo=UTC),
        duration_minutes=120,
        place="Videoconference",
        status=Meeting.Status.HELD,
        agenda_published_at=datetime(2016, 9, 23, 16, 0, tzinfo=UTC),
        agenda_published_by=secretariat,
        sequence=1,
    )
    _agenda(
        sept27,
        [
            ("Finalize the Charter: the last section", "Prepare by reading item 6 of the September 22 minutes.", ""),
            ("Gluon: a quick introduction by Bin Hu (AT&T)", "", ""),
            ("AT&T's 500-node scaling project", "Ron Barchi introduces the project.", ""),
        ],
    )
    _minutes(
        sept22,
        published_at=datetime(2016, 9, 23, 18, 0, tzinfo=UTC),
        recorder=secretariat,
        summary="Meeting minutes recorded from the etherpad. The Charter was reviewed and revised as a team.",
        next_session="Next general session: Tuesday 27 September 2016, 7–9 AM PDT.",
        next_meeting=sept27,
    )
    _attend(sept27, [*SEPT_22_ATTENDEES[:5], ("reliance-jio", "sanjeev.jaiswal@example.org", "")], users, companies)
    _minutes(
        sept27, published_at=None, recorder=secretariat, summary="Draft: the Charter's membership section was agreed."
    )

    # A past executive board meeting at the Barcelona summit, with published minutes and a confidential item.
    board = _meeting(
        Kind.EXECUTIVE_BOARD,
        "Executive board meeting at the Barcelona summit",
        starts_at=local_to_utc(date(2016, 10, 26), time(9, 0), "Europe/Madrid"),
        duration_minutes=90,
        place="Barcelona, CCIB, room 118",
        status=Meeting.Status.HELD,
        agenda_published_at=datetime(2016, 10, 14, 9, 0, tzinfo=UTC),
        agenda_published_by=secretariat,
        sequence=1,
    )
    _agenda(
        board,
        [
            ("Comcast's membership request", "Comcast introduced itself on September 22.", "Discussed the criteria."),
            ("Quarterly roadmap: Ocata priorities", "", "Multi-cloud resource management first, then upgrades."),
            ("Staffing concerns at a member company", "Confidential.", "Recorded for the board.",
             {"confidential": True}),
        ],
    )  # fmt: skip
    board_items = list(board.agenda_items.all())
    Decision.objects.get_or_create(
        meeting=board, position=1,
        defaults={"text": "Ocata priorities adopted: multi-cloud resource management, then upgradeability.",
                  "agenda_item": board_items[1]},
    )  # fmt: skip
    _attend(
        board,
        [("att", "chair@example.org", ""), ("ntt", "board.ntt@example.org", ""),
         ("reliance-jio", "board.jio@example.org", ""), ("sk-telecom", "board.skt@example.org", "")],
        users, companies,
    )  # fmt: skip
    _minutes(board, published_at=datetime(2016, 10, 28, 12, 0, tzinfo=UTC), recorder=secretariat,
             summary="Four of the six seats were present.")  # fmt: skip

    # An upcoming general meeting with a published agenda: next Thursday at 7:00 Los Angeles time.
    today = timezone.now().date()
    upcoming = _meeting(
        Kind.GENERAL,
        "General meeting: roadmap re-alignment",
        starts_at=local_to_utc(_next_weekday(today + timedelta(days=3), 3), time(7, 0), "America/Los_Angeles"),
        place="Zoom",
        place_url="https://zoom.example.org/j/lcoo-general",
        agenda_published_at=timezone.now(),
        agenda_published_by=secretariat,
        sequence=1,
    )
    _agenda(
        upcoming,
        [
            ("Monthly roadmap re-alignment", "Review the quarterly roadmap against the teams' progress.", ""),
            ("Open action items", "Walk through the open action items below.", ""),
        ],
    )

    # Topical forums, monthly on the last Thursday, rotating 07:00 Los Angeles, 18:00 Tokyo, 09:00 Paris.
    forum = Series.objects.filter(slug="topical-forum").first()
    if forum is None:
        forum = series_save(
            series=None,
            data={
                "title": "Topical forum",
                "slug": "topical-forum",
                "kind": Kind.TOPICAL_FORUM,
                "cadence": Series.Cadence.MONTHLY,
                "weekday": Series.Weekday.THURSDAY,
                "week_of_month": -1,
                "starts_on": today.replace(day=1),
                "duration_minutes": 90,
                "place": "Zoom",
                "place_url": "https://zoom.example.org/j/lcoo-forum",
            },
            rotation=[
                Slot(time(7, 0), "America/Los_Angeles"),
                Slot(time(18, 0), "Asia/Tokyo"),
                Slot(time(9, 0), "Europe/Paris"),
            ],
            by=secretariat,
        )
    series_generate(series=forum, until=today + timedelta(days=200), by=secretariat)
    forum_topics = ["Multi-cloud resource management", "Upgrades without downtime", "Network function onboarding"]
    for meeting in forum.meetings.filter(starts_at__gte=timezone.now()).order_by("starts_at")[:3]:
        topic = forum_topics[meeting.occurrence % len(forum_topics)]
        if not meeting.agenda_items.exists():
            AgendaItem.objects.create(meeting=meeting, position=1, title=topic, description="Open to all.")
            AgendaItem.objects.create(meeting=meeting, position=2, title="User stories for the Product Working Group")
        if meeting.agenda_published_at is None:
            meeting.agenda_published_at = timezone.now()
            meeting.agenda_published_by = secretariat
            meeting.title = f"Topical forum: {topic}"
            meeting.save(update_fields=["agenda_published_at", "agenda_published_by", "title", "updated_at"])
