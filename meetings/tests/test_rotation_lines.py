"""A series' rotation is typed as lines "HH:MM Area/City"; a line that is no time or no zone is refused
with the line's number, never a server error."""

import pytest

from meetings.forms import SeriesForm


def rotation_errors(text: str) -> list[str]:
    form = SeriesForm(data={"rotation": text})
    form.is_valid()
    return form.errors.get("rotation", [])


def test_a_rotation_of_known_zones_is_read_line_by_line():
    form = SeriesForm(data={"rotation": "07:00 America/Los_Angeles\n\n18:30 Asia/Kolkata"})
    form.is_valid()
    assert [(f"{s.local_time:%H:%M}", s.time_zone) for s in form.cleaned_data["rotation"]] == [
        ("07:00", "America/Los_Angeles"),
        ("18:30", "Asia/Kolkata"),
    ]


@pytest.mark.parametrize("line", ["07:99 UTC", "24:00 UTC", "07:00 Mars/Olympus", "07:00 ../etc/passwd", "7am LA"])
def test_a_line_that_is_no_time_or_no_zone_is_refused_with_its_number(line):
    assert rotation_errors(f"07:00 UTC\n{line}") == [f"Line 2 is not “HH:MM Area/City”: {line}"]
