"""Closing an action item on /meetings/actions/: a redirect for a plain form post, the row for htmx."""

import pytest
from django.urls import reverse

from meetings.models import ActionItem

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def sec(client_for, secretariat):
    return client_for(secretariat)


@pytest.fixture
def action(held_meeting) -> ActionItem:
    return held_meeting.action_items.get()


def close_url(action: ActionItem) -> str:
    return reverse("meetings:action-close", args=[action.pk])


def test_the_actions_page_works_without_javascript_and_offers_htmx(sec, action):
    html = sec.get(reverse("meetings:actions")).content.decode()
    assert f'<form method="post" action="{close_url(action)}"' in html
    assert f'hx-post="{close_url(action)}" hx-target="closest tr" hx-swap="outerHTML"' in html


def test_a_plain_post_closes_the_item_and_redirects_back_with_a_message(sec, action):
    response = sec.post(close_url(action), {"status": "done", "next": "/meetings/actions/?company=att"})
    assert response.status_code == 302 and response["Location"] == "/meetings/actions/?company=att"
    action.refresh_from_db()
    assert action.status == "done" and action.closed_at is not None
    assert "Action item marked done." in sec.get(response["Location"]).content.decode()


def test_an_htmx_post_closes_the_item_and_returns_its_row(sec, action):
    response = sec.post(close_url(action), {"status": "dropped"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and "HX-Redirect" not in response
    assert html.startswith(f'<tr id="action-{action.pk}">') and "<html" not in html
    assert "Dropped" in html and 'role="status"' in html and "Action item marked dropped." in html
    assert "hx-post" not in html  # closed: no buttons left
    action.refresh_from_db()
    assert action.status == "dropped"
    # the message was shown in the row, not kept for the next page
    assert "Action item marked dropped." not in sec.get(reverse("meetings:index")).content.decode()


def test_an_htmx_post_on_a_closed_item_returns_the_row_with_the_reason(sec, action):
    sec.post(close_url(action), {"status": "done"}, **HTMX)
    response = sec.post(close_url(action), {"status": "dropped"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and 'role="alert"' in html and "already done" in html
    assert ActionItem.objects.get(pk=action.pk).status == "done"


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_a_bad_status_is_refused_with_a_message_and_changes_nothing(sec, action, headers):
    response = sec.post(close_url(action), {"status": "maybe", "next": "/meetings/actions/"}, follow=True, **headers)
    assert "An action item is closed as done or dropped." in response.content.decode()
    assert ActionItem.objects.get(pk=action.pk).status == "open"


def test_a_row_returned_with_its_buttons_still_goes_back_to_the_actions_page(sec, action):
    html = sec.post(close_url(action), {"status": "maybe", "next": "/meetings/actions/?company=att"}, **HTMX)
    assert 'name="next" value="/meetings/actions/?company=att"' in html.content.decode()


@pytest.mark.parametrize("next_url", ["//evil.example.org/", "/\\evil.example.org/", "https://evil.example.org/"])
def test_an_offsite_next_address_is_not_followed(sec, action, next_url):
    response = sec.post(close_url(action), {"status": "done", "next": next_url})
    assert response["Location"] == reverse("meetings:actions")


def test_closing_refuses_get(sec, action):
    assert sec.get(close_url(action), **HTMX).status_code == 405


@pytest.mark.parametrize("persona_name", ["anonymous", "member_user", "coordinator", "board_member"])
@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_only_the_secretariat_or_the_owner_closes_action_items(persona_name, headers, persona, client_for, action):
    response = client_for(persona(persona_name)).post(close_url(action), {"status": "done"}, **headers)
    assert response.status_code == (302 if persona_name == "anonymous" else 403)
    assert ActionItem.objects.get(pk=action.pk).status == "open"


def test_visitors_see_the_rows_without_close_buttons(client, action):
    html = client.get(reverse("meetings:actions")).content.decode()
    assert action.text in html and "hx-post" not in html and close_url(action) not in html
