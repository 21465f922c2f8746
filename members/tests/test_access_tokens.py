"""A person's own API tokens: created and shown once, listed by prefix, revoked after a confirmation; never
another's."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from members.models import PersonalAccessToken
from members.services import access_token_create, access_token_digest, access_token_revoke, access_token_user

PAGE = "/accounts/profile/tokens/"


def test_creating_a_token_shows_it_once_and_keeps_only_its_digest(client_for, member_user):
    client = client_for(member_user)
    response = client.post(PAGE, {"name": "My dashboard", "days": "30"})
    assert response.status_code == 200 and "no-store" in response["Cache-Control"].split(", ")
    token = PersonalAccessToken.objects.get(user=member_user)
    raw = response.context["created"]["raw"]
    assert raw.encode() in response.content
    assert token.digest == access_token_digest(raw) and raw not in (token.digest, token.prefix)
    assert timedelta(days=29) < token.expires_at - timezone.now() <= timedelta(days=30)
    again = client.get(PAGE)
    assert raw.encode() not in again.content and token.prefix.encode() in again.content


def test_a_lifetime_beyond_the_maximum_or_a_missing_name_creates_nothing(client_for, member_user, settings):
    settings.PORTAL_API_TOKEN_MAX_DAYS = 30
    client = client_for(member_user)
    client.post(PAGE, {"name": "Too long", "days": "365"})
    client.post(PAGE, {"name": "", "days": "30"})
    assert not PersonalAccessToken.objects.exists()
    with pytest.raises(ValidationError):
        access_token_create(user=member_user, name="Too long", days=31)


def test_revoking_asks_once_more_then_refuses_the_token(client_for, member_user):
    token, raw = access_token_create(user=member_user, name="ci", days=7)
    client = client_for(member_user)
    url = reverse("access-token-revoke", args=[token.pk])
    first = client.post(url)
    assert first.status_code == 200 and b"cannot be restored" in first.content
    token.refresh_from_db()
    assert token.revoked_at is None
    assert client.post(url, {"confirm": "yes"}).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None and access_token_user(raw) is None


def test_one_cannot_see_or_revoke_another_persons_tokens(client_for, member_user, coordinator):
    token, raw = access_token_create(user=member_user, name="private tool", days=7)
    intruder = client_for(coordinator)
    assert b"private tool" not in intruder.get(PAGE).content
    response = intruder.post(reverse("access-token-revoke", args=[token.pk]), {"confirm": "yes"})
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None and access_token_user(raw) is not None
    with pytest.raises(PermissionDenied):
        access_token_revoke(token=token, by=coordinator)


def test_the_token_pages_are_for_signed_in_people_only(client, member_user):
    token, _ = access_token_create(user=member_user, name="x", days=7)
    assert client.get(PAGE).status_code == 302
    assert client.post(reverse("access-token-revoke", args=[token.pk]), {"confirm": "yes"}).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is None


def test_revoke_takes_a_post_only(client_for, member_user):
    token, _ = access_token_create(user=member_user, name="x", days=7)
    assert client_for(member_user).get(reverse("access-token-revoke", args=[token.pk])).status_code == 405


def test_a_deactivated_persons_token_is_refused(member_user):
    _, raw = access_token_create(user=member_user, name="x", days=7)
    member_user.is_active = False
    member_user.save(update_fields=["is_active"])
    assert access_token_user(raw) is None
