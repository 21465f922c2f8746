"""The demo data is true to the source documents (/work/shared/seeds): what they say is shown, what they
do not preserve is marked as such, and invented figures never show a real company failing the charter."""

from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse

from governance.models import CharterVersion, OfficerTerm, PlanTask
from meetings.models import Kind, Meeting, Series
from meetings.rollcall import roll_call
from members.compliance import NOT_MET, compliance_evaluate_many
from members.models import Company, User


@pytest.fixture
def demo(db):
    call_command("load_demo", "--force")


def test_the_charter_history_is_the_seeds_table_with_lost_texts_marked(demo, client):
    history = [
        (v.effective_on, v.change_summary, v.author_name, v.text_preserved)
        for v in CharterVersion.objects.order_by("number")
    ]
    assert history == [
        (date(2016, 5, 1), "First Draft", "Jamey", False),
        (date(2016, 7, 1), "Heavy reword and rearchitect", "Andy", False),
        (date(2016, 9, 22), "Wording changes and alteration of new membership section", "Group", True),
    ]
    assert CharterVersion.objects.filter(text_preserved=False, text="").count() == 2
    current = CharterVersion.objects.get(number=3).text
    assert "meeting results published and open for all (members and non-members) to view" in " ".join(current.split())
    html = client.get(reverse("governance:charter-version", args=[1])).content.decode()
    assert "Text not preserved" in html
    assert "text not preserved" in client.get(reverse("governance:charter")).content.decode()


def test_the_chair_and_the_co_chair_named_by_the_sources_appear(demo, client):
    offices = {t.get_office_display(): str(t.user) for t in OfficerTerm.objects.current()}
    assert offices == {"Chair": "Jamey McCabe", "Co-chair": "Sundar Krishnamoorthy"}
    assert "Sundar Krishnamoorthy" in client.get(reverse("governance:index")).content.decode()


def test_the_cadence_is_the_wiki_pages_and_generated_meetings_carry_their_topic(demo, client):
    series = {s.kind: s for s in Series.objects.all()}
    assert (series[Kind.GENERAL].interval_weeks, series[Kind.GENERAL].duration_minutes) == (2, 60)
    forum = series[Kind.TOPICAL_FORUM]
    assert (forum.cadence, forum.duration_minutes, forum.rotation.count()) == ("monthly", 90, 3)
    board = series[Kind.EXECUTIVE_BOARD]
    assert 52 / board.interval_weeks >= 2 and 52 / board.interval_weeks <= 4 and board.duration_minutes == 90
    generated = Meeting.objects.filter(series__isnull=False)
    assert generated.exists()
    assert all(": " in m.title and m.title != m.series.title for m in generated.select_related("series"))
    client.force_login(User.objects.get(email="secretariat@example.org"))
    html = client.get(reverse("meetings:series-list")).content.decode()
    assert "Monthly on the last Thursday" in html and "-1" not in html


def test_no_real_company_is_shown_failing_the_charter(demo):
    companies = list(Company.objects.all())
    failing = [c.name for c in companies if compliance_evaluate_many(companies)[c.pk].state == NOT_MET]
    assert failing == ["Example Cloud Co. (fictional)"]


def test_the_barcelona_board_minutes_agree_with_their_roll_call(demo):
    board = Meeting.objects.get(kind=Kind.EXECUTIVE_BOARD, starts_at__date=date(2016, 10, 26))
    roll = roll_call(board, list(board.attendances.all()))
    assert (roll.seats_present, roll.seats) == (3, 3)
    assert "three seats" in board.minutes.summary


def test_membership_dates_agree_with_attendance_at_board_meetings(demo):
    for meeting in Meeting.objects.with_published_minutes().filter(kind=Kind.EXECUTIVE_BOARD):
        members = set(Company.objects.seated_at(meeting.starts_at).values_list("pk", flat=True))
        for attendance in meeting.attendances.exclude(company=None):
            assert attendance.company_id in members, (meeting, attendance.company)


def test_the_plan_of_the_22_september_minutes_is_the_gantt_table(demo):
    rows = {t.position: (t.title, t.kind, t.duration_days, t.starts_on) for t in PlanTask.objects.all()}
    assert len(rows) == 15
    assert rows[5] == ("Finalize Governance", "phase", 15, date(2016, 8, 31))
    assert rows[4] == ("Barcelona Summit", "milestone", 0, date(2016, 10, 24))
    assert rows[14] == ("Review with Product Development WG", "task", 10, date(2016, 9, 27))
