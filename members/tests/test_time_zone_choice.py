"""A person who never chose a zone is offered one (the browser's, filled in by the page's script);
the footer's picker changes it from every page; the service refuses an unknown zone."""

import pytest
from django.core.exceptions import ValidationError

from members.services import user_set_time_zone

pytestmark = pytest.mark.django_db


def test_a_person_who_never_chose_a_zone_is_offered_one(client_for, member_user):
    html = client_for(member_user).get("/meetings/").content.decode()
    assert "you have not chosen a time zone yet" in html
    assert "data-browser-zone-input" in html
    assert "data-user-zone" not in html  # until then, the browser's zone is shown, not a silent UTC


def test_accepting_the_offer_saves_the_zone_and_the_offer_goes(client_for, member_user):
    client = client_for(member_user)
    response = client.post("/accounts/profile/time-zone/", {"time_zone": "Europe/Paris", "next": "/meetings/"})
    assert response.status_code == 302 and response["Location"] == "/meetings/"
    member_user.refresh_from_db()
    assert (str(member_user.time_zone), member_user.time_zone_chosen) == ("Europe/Paris", True)
    html = client.get("/meetings/").content.decode()
    assert "you have not chosen a time zone yet" not in html
    assert 'data-user-zone="Europe/Paris"' in html


def test_the_footer_picker_is_on_every_page_with_common_zones_first(client_for, member_user):
    html = client_for(member_user).get("/governance/").content.decode()
    assert 'list="zone-list"' in html
    options = html.split('<datalist id="zone-list">')[1].split("</datalist>")[0]
    assert options.index('"UTC"') < options.index('"Asia/Tokyo"') < options.index('"Africa/Abidjan"')


def test_an_unknown_zone_is_refused_and_nothing_changes(client_for, member_user):
    response = client_for(member_user).post(
        "/accounts/profile/time-zone/", {"time_zone": "Mars/Olympus", "next": "/"}, follow=True
    )
    assert "Your time zone was not changed" in response.content.decode()
    member_user.refresh_from_db()
    assert (str(member_user.time_zone), member_user.time_zone_chosen) == ("UTC", False)


def test_the_service_refuses_an_unknown_zone_whatever_the_door(member_user):
    with pytest.raises(ValidationError):
        user_set_time_zone(user=member_user, time_zone="Europe/Atlantis")


def test_an_outside_next_url_is_not_followed(client_for, member_user):
    response = client_for(member_user).post(
        "/accounts/profile/time-zone/", {"time_zone": "Asia/Tokyo", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_the_zone_picker_needs_a_signed_in_person_and_a_post(client_for, member_user):
    assert client_for(None).post("/accounts/profile/time-zone/", {"time_zone": "Asia/Tokyo"}).status_code == 302
    assert client_for(member_user).get("/accounts/profile/time-zone/").status_code == 405


def test_saving_the_profile_counts_as_choosing(client_for, member_user):
    client_for(member_user).post("/accounts/profile/", {"display_name": "Mira", "time_zone": "Asia/Kolkata"})
    member_user.refresh_from_db()
    assert member_user.time_zone_chosen


def test_a_form_taking_a_date_and_time_names_its_zone(client_for, secretariat, company):
    secretariat.time_zone, secretariat.time_zone_chosen = "Asia/Tokyo", True
    secretariat.save()
    html = client_for(secretariat).get("/governance/motions/new/?kind=resolution").content.decode()
    assert "(Asia/Tokyo time)" in html


def test_dismissing_the_offer_without_javascript_keeps_it_away_for_the_person(client_for, member_user):
    client = client_for(member_user)
    response = client.post("/accounts/profile/time-zone/dismiss/", {"next": "/meetings/"})
    assert response.status_code == 302 and response["Location"] == "/meetings/"
    member_user.refresh_from_db()
    assert (member_user.time_zone_offer_dismissed, member_user.time_zone_chosen) == (True, False)
    html = client.get("/governance/").content.decode()
    assert "you have not chosen a time zone yet" not in html and 'aria-label="How times are shown"' not in html
    assert "data-user-zone" not in html  # times keep following the browser


def test_dismissing_the_offer_in_place_answers_htmx_with_nothing_to_show(client_for, member_user):
    response = client_for(member_user).post("/accounts/profile/time-zone/dismiss/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and response.content == b""
    member_user.refresh_from_db()
    assert member_user.time_zone_offer_dismissed


def test_the_dismissal_needs_a_signed_in_person_and_a_post(client_for, member_user):
    assert client_for(None).post("/accounts/profile/time-zone/dismiss/").status_code == 302
    assert client_for(member_user).get("/accounts/profile/time-zone/dismiss/").status_code == 405
