from django.urls import reverse

from meetings.views.public import home_summary


def test_home_page_lists_the_next_published_meetings_only(client, published_meeting, draft_meeting):
    html = client.get(reverse("home")).content.decode()
    assert "Next meetings" in html and "Published general meeting" in html
    assert "Draft general meeting" not in html


def test_home_summary_leaves_out_cancelled_meetings(rf, published_meeting):
    published_meeting.status = "cancelled"
    published_meeting.save()
    assert home_summary(rf.get("/"))["upcoming"] == []
