"""Demo data for `meetings`, taken from the source documents (the September 22 minutes above all).

Records are written directly, not through the publishing services, so that loading the demo sends
no announcement. Every record is looked up before it is created: running it again changes nothing.
"""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from kernel.public_record import public_record_changed
from meetings.models import ActionItem, AgendaItem, Attendance, Decision, Kind, Meeting, Minutes, Series
from meetings.recurrence import local_to_utc
from meetings.services.series import Slot, series_generate, series_save
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


def _meeting(kind: str, title: str, **defaults: object) -> Meeting:
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


def _minutes(meeting: Meeting, *, published_at: datetime | None, recorder: User | None, **fields: object) -> Minutes:
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
        starts_at=local_to_utc(date(2016, 10, 26), time(9, 0), ZoneInfo("Europe/Madrid")),
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
    # The members of October 2016 (AT&T, NTT, Reliance Jio, members since 22 September) each sent their
    # representative; SK Telecom, Orange and Intel joined in 2017 and are not on this roll.
    _attend(
        board,
        [("att", "chair@example.org", ""), ("ntt", "board.ntt@example.org", ""),
         ("reliance-jio", "board.jio@example.org", "")],
        users, companies,
    )  # fmt: skip
    Attendance.objects.filter(meeting=board, user__email="board.skt@example.org").delete()  # an earlier demo's
    _minutes(board, published_at=datetime(2016, 10, 28, 12, 0, tzinfo=UTC), recorder=secretariat,
             summary="The three seats of the member companies (AT&T, NTT, Reliance Jio) were present.")  # fmt: skip
    if Minutes.objects.filter(meeting=board, summary="Four of the six seats were present.").update(
        summary="The three seats of the member companies (AT&T, NTT, Reliance Jio) were present."
    ):
        public_record_changed()  # update() sends no post_save

    # An upcoming general meeting with a published agenda: next Thursday at 7:00 Los Angeles time.
    today = timezone.now().date()
    upcoming = _meeting(
        Kind.GENERAL,
        "General meeting: roadmap re-alignment",
        starts_at=local_to_utc(
            _next_weekday(today + timedelta(days=3), 3), time(7, 0), ZoneInfo("America/Los_Angeles")
        ),
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

    # The cadence of the wiki page: topical forums monthly for 90 minutes at rotating times, general
    # meetings every two weeks for 60 minutes, the executive board 2–4 times a year (here quarterly, as
    # the charter has the board meet to produce the roadmap). Each generated meeting carries its topic.
    forum = _series(
        secretariat,
        today,
        slug="topical-forum",
        title="Topical forum",
        kind=Kind.TOPICAL_FORUM,
        cadence=Series.Cadence.MONTHLY,
        week_of_month=-1,
        duration_minutes=90,
        place_url="https://zoom.example.org/j/lcoo-forum",
        rotation=[
            Slot(time(7, 0), ZoneInfo("America/Los_Angeles")),
            Slot(time(18, 0), "Asia/Tokyo"),
            Slot(time(9, 0), "Europe/Paris"),
        ],
    )
    general = _series(
        secretariat,
        today,
        slug="general-meeting",
        title="General meeting",
        kind=Kind.GENERAL,
        cadence=Series.Cadence.WEEKLY,
        interval_weeks=2,
        duration_minutes=60,
        place_url="https://zoom.example.org/j/lcoo-general",
        rotation=[Slot(time(7, 0), ZoneInfo("America/Los_Angeles")), Slot(time(20, 0), "Asia/Kolkata")],
    )
    board_series = _series(
        secretariat,
        today,
        slug="executive-board",
        title="Executive board meeting",
        kind=Kind.EXECUTIVE_BOARD,
        cadence=Series.Cadence.WEEKLY,
        interval_weeks=13,
        duration_minutes=90,
        place_url="https://zoom.example.org/j/lcoo-board",
        rotation=[Slot(time(8, 0), "America/Los_Angeles")],
    )
    for series, until, topics in (
        (forum, 200, FORUM_TOPICS),
        (general, 90, GENERAL_TOPICS),
        (board_series, 200, BOARD_TOPICS),
    ):
        series_generate(series=series, until=today + timedelta(days=until), by=secretariat)
        _name_and_publish(series, topics, secretariat, publish=3 if series is forum else 1)


# Topics of the generated meetings: the forums take the charter's vectors and the pain points Comcast
# brought on 22 September; the general meetings what the wiki page says they do.
FORUM_TOPICS = [
    "Multi-cloud resource management",
    "Multisite management and operations including upgradeability",
    "Networking, SDN and NFV infrastructure",
    "Resiliency at scale",
    "Security, policy and operational insights",
    "Containers and workload enablement",
]
GENERAL_TOPICS = [
    "Plan the next topical forum",
    "Status of collaborations underway",
    "Community happenings and how we take part",
]
BOARD_TOPICS = ["Quarterly roadmap and strategy for its delivery"]


def _series(by: User | None, today: date, *, slug: str, rotation: list[Slot], **data: object) -> Series:
    series = Series.objects.filter(slug=slug).first()
    if series is None:
        data.setdefault("weekday", Series.Weekday.THURSDAY)
        data.setdefault("place", "Zoom")
        series = series_save(
            series=None, data={"slug": slug, "starts_on": today.replace(day=1), **data}, rotation=rotation, by=by
        )
    return series


def _name_and_publish(series: Series, topics: list[str], by: User | None, *, publish: int) -> None:
    """Give each generated meeting its topic in its title and agenda; publish the next few agendas."""
    now, upcoming = timezone.now(), 0
    for meeting in series.meetings.order_by("starts_at"):
        topic = topics[meeting.occurrence % len(topics)]
        if meeting.title == series.title:
            meeting.title = f"{series.title}: {topic}"
            meeting.save(update_fields=["title", "updated_at"])
        if not meeting.agenda_items.exists():
            AgendaItem.objects.create(meeting=meeting, position=1, title=topic, description="Open to all.")
        if meeting.starts_at < now:
            continue
        upcoming += 1
        if upcoming <= publish and meeting.agenda_published_at is None:
            meeting.agenda_published_at = timezone.now()
            meeting.agenda_published_by = by
            meeting.save(update_fields=["agenda_published_at", "agenda_published_by", "updated_at"])
