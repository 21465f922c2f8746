"""FTE figures people get wrong: a change that alters the company's standing, or a figure far from the last
one, is confirmed before it is saved; each error is said once, about the values on screen (issue 24)."""

import pytest
from django.urls import reverse

from members.tests.test_views import PROFILE

pytestmark = pytest.mark.django_db


def post(client_for, coordinator, **values):
    return client_for(coordinator).post(reverse("members:edit", args=["att"]), {**PROFILE, **values})


def test_an_extra_zero_asks_first_and_saves_nothing_until_confirmed(client_for, company, coordinator):
    response = post(client_for, coordinator, contributing_ftes="100000", roadmap_ftes="3")
    html = response.content.decode()
    assert response.status_code == 200 and "far from the last declared figure" in html
    assert "go from 6 to 100000" in html and 'name="confirm" value="yes"' in html
    company.refresh_from_db()
    assert company.contributing_ftes == 6 and company.ftes_declared_at is None
    post(client_for, coordinator, contributing_ftes="100000", roadmap_ftes="3", confirm="yes")
    company.refresh_from_db()
    assert company.contributing_ftes == 100000 and company.ftes_declared_by == coordinator


def test_a_change_that_fails_the_charter_says_so_before_saving(client_for, company, coordinator):
    html = post(client_for, coordinator, contributing_ftes="3", roadmap_ftes="3").content.decode()
    assert "contributing FTEs go from 6 to 3" in html and "becomes “not met” (it was “met”)" in html
    company.refresh_from_db()
    assert company.contributing_ftes == 6


def test_an_ordinary_update_saves_at_once(client_for, company, coordinator):
    response = post(client_for, coordinator, contributing_ftes="7", roadmap_ftes="3")
    assert response.status_code == 302
    company.refresh_from_db()
    assert company.contributing_ftes == 7


def test_a_quarter_fte_is_refused_once_in_plain_words(client_for, company, coordinator):
    html = post(client_for, coordinator, contributing_ftes="3.25").content.decode()
    assert html.count("Use whole or half FTEs, e.g. 4 or 4.5.") == 1
    assert "step size" not in html


def test_no_second_message_quotes_the_stored_figure(client_for, company, coordinator):
    """A refused contributing figure: the roadmap figure is not compared with the stored 6."""
    html = post(client_for, coordinator, contributing_ftes="-1", roadmap_ftes="8").content.decode()
    assert "greater than or equal to 0" in html
    assert "cannot exceed" not in html
