"""The 403 page says why in words and whom to ask."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_403_page_gives_the_reason_and_the_secretariats_address(client_for, member_user, settings):
    settings.PORTAL_CONTACT_EMAIL = "office@lcoo.example"
    response = client_for(member_user).get("/notifications/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "Only the Secretariat sees the delivery of announcements." in html
    assert 'href="mailto:office@lcoo.example"' in html


def test_a_coordinator_of_another_company_is_told_who_may_edit(client_for, other_coordinator, company):
    html = client_for(other_coordinator).get(f"/members/{company.slug}/edit/").content.decode()
    assert "Only AT&amp;T&#x27;s coordinators and the Secretariat edit AT&amp;T&#x27;s profile." in html


def test_a_refusal_without_a_message_still_says_something_useful(client_for, member_user):
    html = client_for(member_user).get("/meetings/new/").content.decode()
    assert "Only the Secretariat prepares meetings, agendas and minutes." in html
