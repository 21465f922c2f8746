"""The Secretariat deletes a draft meeting from the portal, after a confirmation page saying what goes; a
published meeting is part of the record and is not deleted there."""

import pytest
from django.urls import reverse

from meetings.models import AgendaItem, Meeting
from meetings.tests.factories import MinutesFactory, SeriesFactory

pytestmark = pytest.mark.django_db


def delete_url(meeting: Meeting) -> str:
    return reverse("meetings:delete", args=[meeting.pk])


def test_the_edit_page_of_a_draft_offers_the_delete_button(client_for, secretariat, draft_meeting, published_meeting):
    client = client_for(secretariat)
    assert delete_url(draft_meeting) in client.get(reverse("meetings:edit", args=[draft_meeting.pk])).content.decode()
    published = client.get(reverse("meetings:edit", args=[published_meeting.pk])).content.decode()
    assert delete_url(published_meeting) not in published


def test_the_secretariat_deletes_a_draft_after_the_confirmation_page(client_for, secretariat, draft_meeting):
    client = client_for(secretariat)
    response = client.post(delete_url(draft_meeting))
    html = response.content.decode()
    assert response.status_code == 200 and "Delete the draft “Draft general meeting”?" in html
    assert "with its draft agenda (1 item)" in html and "Nobody is e-mailed" in html
    assert Meeting.objects.filter(pk=draft_meeting.pk).exists()  # nothing yet
    response = client.post(delete_url(draft_meeting), {"confirm": "yes"})
    assert response.status_code == 302 and response["Location"] == reverse("meetings:index")
    assert not Meeting.objects.filter(pk=draft_meeting.pk).exists() and not AgendaItem.objects.exists()
    trace = Meeting.history.get(id=draft_meeting.pk, history_type="-")
    assert trace.history_user == secretariat and trace.history_change_reason == "Draft deleted"


def test_the_confirmation_says_a_series_occurrence_would_be_generated_again(client_for, secretariat, draft_meeting):
    Meeting.objects.filter(pk=draft_meeting.pk).update(series=SeriesFactory(title="General meetings"))
    html = client_for(secretariat).post(delete_url(draft_meeting)).content.decode()
    assert "occurrence of the series “General meetings”" in html and "Cancel it instead" in html


@pytest.mark.parametrize("published", ["agenda", "minutes"])
def test_a_published_meeting_is_not_deleted_here(published, client_for, secretariat, superuser, draft_meeting):
    if published == "agenda":
        Meeting.objects.filter(pk=draft_meeting.pk).update(agenda_published_at=draft_meeting.starts_at)
    else:
        MinutesFactory(meeting=draft_meeting, published_at=draft_meeting.starts_at)
    for who in (secretariat, superuser):
        response = client_for(who).post(delete_url(draft_meeting), {"confirm": "yes"}, follow=True)
        assert "A published meeting is part of the record: it is cancelled, not deleted." in response.content.decode()
    assert Meeting.objects.filter(pk=draft_meeting.pk).exists()


def test_a_wrong_method_is_405(client_for, secretariat, draft_meeting):
    assert client_for(secretariat).get(delete_url(draft_meeting)).status_code == 405


def test_anonymous_visitors_are_sent_to_sign_in(client, draft_meeting):
    response = client.post(delete_url(draft_meeting), {"confirm": "yes"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert Meeting.objects.filter(pk=draft_meeting.pk).exists()


@pytest.mark.parametrize("name", ["member_user", "coordinator", "board_member", "unseated_board_member"])
def test_people_other_than_the_secretariat_are_refused(name, persona, client_for, draft_meeting):
    response = client_for(persona(name)).post(delete_url(draft_meeting), {"confirm": "yes"})
    assert response.status_code == 403
    assert Meeting.objects.filter(pk=draft_meeting.pk).exists()
