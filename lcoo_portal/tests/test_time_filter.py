"""One way of writing time: the viewer's zone with its abbreviation (and the offset where that is
ambiguous), a day marker where the local date is not the meeting's, relative time for history."""

import zoneinfo
from datetime import UTC, date, datetime, timedelta

import pytest
from django.template import Context, Template
from django.utils import timezone

from kernel.templatetags.portal_time import ago, format_when, when

THURSDAY_3PM_UTC = datetime(2026, 12, 3, 15, 0, tzinfo=UTC)


def render(source: str, **context) -> str:
    return Template("{% load portal_time %}" + source).render(Context(context))


def test_a_time_is_written_in_the_viewers_zone_with_its_abbreviation():
    with timezone.override(zoneinfo.ZoneInfo("Europe/Paris")):
        assert format_when(THURSDAY_3PM_UTC) == "Thu 3 Dec 2026, 16:00 CET"


def test_an_ambiguous_abbreviation_is_followed_by_its_offset():
    with timezone.override(zoneinfo.ZoneInfo("Asia/Kolkata")):
        assert format_when(THURSDAY_3PM_UTC) == "Thu 3 Dec 2026, 20:30 IST (UTC+05:30)"


def test_a_zone_without_an_abbreviation_is_written_as_an_offset():
    with timezone.override(zoneinfo.ZoneInfo("Asia/Dubai")):
        assert format_when(THURSDAY_3PM_UTC) == "Thu 3 Dec 2026, 19:00 UTC+4"


def test_the_time_element_carries_the_instant_and_the_words():
    with timezone.override(zoneinfo.ZoneInfo("Asia/Tokyo")):
        html = str(when(THURSDAY_3PM_UTC))
    assert html == '<time datetime="2026-12-04T00:00:00+09:00" data-local="datetime">Fri 4 Dec 2026, 00:00 JST</time>'


def test_a_calendar_date_has_no_zone():
    assert format_when(date(2026, 12, 3)) == "Thu 3 Dec 2026"
    assert render("{{ d|when }}", d=None) == ""


def test_history_reads_as_relative_time_with_the_absolute_time_on_hover():
    three_days_ago = timezone.now() - timedelta(days=3, minutes=5)
    with timezone.override(zoneinfo.ZoneInfo("Europe/Paris")):
        html = str(ago(three_days_ago))
        absolute = format_when(three_days_ago)
    assert ">3\xa0days ago</time>" in html
    assert f'title="{absolute}"' in html
    assert absolute.endswith(("CET", "CEST"))


def test_mail_text_has_no_markup():
    with timezone.override(zoneinfo.ZoneInfo("Asia/Tokyo")):
        assert render("{{ t|when_text }}", t=THURSDAY_3PM_UTC) == "Fri 4 Dec 2026, 00:00 JST"
        assert render('{{ t|when_text:"short" }}', t=THURSDAY_3PM_UTC) == "Fri 4 Dec, 00:00 JST"


@pytest.mark.django_db
def test_the_atom_feed_names_the_zone_of_the_times_it_shows(client_for, member_user):
    """Today the feed labelled local times "UTC" for people in other zones."""
    from meetings.tests.factories import MinutesFactory, PublishedMeetingFactory

    meeting = PublishedMeetingFactory(starts_at=THURSDAY_3PM_UTC)
    MinutesFactory(meeting=meeting, published_at=THURSDAY_3PM_UTC + timedelta(days=1))
    member_user.time_zone, member_user.time_zone_chosen = "Asia/Tokyo", True
    member_user.save()
    body = client_for(member_user).get("/meetings/feed/").content.decode()
    assert "Fri 4 Dec 2026, 00:00 JST" in body
    assert "00:00 UTC" not in body
    assert "Thu 3 Dec 2026, 15:00 UTC" in client_for(None).get("/meetings/feed/").content.decode()


@pytest.mark.django_db
def test_the_headquarters_strip_marks_the_next_day(client_for, member_user):
    """Today the strip showed "00:00 Tokyo" under a Thursday."""
    from meetings.tests.factories import PublishedMeetingFactory
    from members.tests.factories import CompanyFactory

    CompanyFactory(name="NTT", slug="ntt", hq_time_zone="Asia/Tokyo")
    CompanyFactory(name="AT&T", slug="att", hq_time_zone="America/Chicago")
    meeting = PublishedMeetingFactory(starts_at=THURSDAY_3PM_UTC)
    html = client_for(None).get(meeting.get_absolute_url()).content.decode()
    assert "Thu 3 Dec 2026, 15:00 UTC" in html
    assert '00:00 Tokyo <span class="muted">(+1 day)</span>' in html
    assert "09:00 Chicago ·" in html


@pytest.mark.django_db
def test_company_history_names_the_zone(client_for, secretariat, company):
    """Today the history used Django's default format without a zone."""
    from members.services import company_transition

    company_transition(company=company, to_status="withdrawn", by=secretariat, reason="The company asked to withdraw.")
    secretariat.time_zone, secretariat.time_zone_chosen = "Europe/Paris", True
    secretariat.save()
    html = client_for(secretariat).get(company.get_absolute_url()).content.decode()
    assert "just now</time>" in html
    assert " CET" in html or " CEST" in html
