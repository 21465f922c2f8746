from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from meetings.times import headquarters_line, is_inconvenient, rotation_burden, zone_city
from members.tests.factories import CompanyFactory

ZONES = [
    ZoneInfo(name)
    for name in ["Asia/Tokyo", "America/Los_Angeles", "Asia/Kolkata", "Europe/Paris", "America/New_York", "Asia/Tokyo"]
]


def test_headquarters_line_in_summer_sorted_by_offset_with_half_hours():
    line = headquarters_line(datetime(2026, 9, 24, 14, 0, tzinfo=UTC), ZONES)
    assert line == "07:00 Los Angeles · 10:00 New York · 16:00 Paris · 19:30 Kolkata · 23:00 Tokyo"


def test_headquarters_line_in_winter_follows_each_zones_own_offset():
    line = headquarters_line(datetime(2026, 1, 15, 15, 0, tzinfo=UTC), ZONES)
    assert line == "07:00 Los Angeles · 10:00 New York · 16:00 Paris · 20:30 Kolkata · 00:00 Tokyo (+1 day)"


def test_a_headquarters_on_the_day_before_the_readers_date_is_marked():
    from datetime import date

    line = headquarters_line(
        datetime(2026, 1, 15, 2, 0, tzinfo=UTC), [ZoneInfo("America/Los_Angeles")], date(2026, 1, 15)
    )
    assert line == "18:00 Los Angeles (−1 day)"


def test_between_the_american_and_european_changes_new_york_is_four_hours_from_paris():
    # March 15, 2026: the US is on daylight time since the 8th, Europe changes on the 29th
    line = headquarters_line(
        datetime(2026, 3, 16, 14, 0, tzinfo=UTC), [ZoneInfo("America/New_York"), ZoneInfo("Europe/Paris")]
    )
    assert line == "10:00 New York · 15:00 Paris"


def test_zone_city_reads_like_a_city():
    assert zone_city(ZoneInfo("America/Los_Angeles")) == "Los Angeles"


def test_inconvenient_means_starting_before_seven_or_ending_after_ten():
    start = datetime(2026, 6, 4, 14, 0, tzinfo=UTC)  # 07:00 Los Angeles, 23:00 Tokyo, 19:30 Kolkata
    assert not is_inconvenient(start, 90, ZoneInfo("America/Los_Angeles"))
    assert is_inconvenient(start, 90, ZoneInfo("Asia/Tokyo"))
    assert not is_inconvenient(start, 90, ZoneInfo("Asia/Kolkata"))
    assert is_inconvenient(start, 180, ZoneInfo("Asia/Kolkata"))  # ends 22:30
    assert is_inconvenient(datetime(2026, 6, 4, 13, 0, tzinfo=UTC), 60, ZoneInfo("America/Los_Angeles"))  # 06:00


def test_rotation_burden_counts_per_headquarters_zone_heaviest_first(db):
    tokyo = CompanyFactory(name="NTT", hq_time_zone="Asia/Tokyo")
    la = CompanyFactory(name="Walmart", hq_time_zone="America/Los_Angeles")
    starts = [datetime(2026, 6, 4, 14, 0, tzinfo=UTC), datetime(2026, 6, 11, 9, 0, tzinfo=UTC)]  # 07:00 PDT, 18:00 JST
    rows = rotation_burden(starts, 90, [la, tokyo])
    assert [(r.zone.key, r.inconvenient, r.total) for r in rows] == [
        ("America/Los_Angeles", 1, 2),
        ("Asia/Tokyo", 1, 2),
    ]
    assert rows[1].companies == ["NTT"] and rows[1].share == 50
    assert rotation_burden(starts[:1], 90, [la, tokyo])[0].zone.key == "Asia/Tokyo"
