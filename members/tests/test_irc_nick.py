"""The IRC nick on a person's profile: the meeting-bot import matches it."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from members.services import user_set_irc_nick
from members.tests.factories import UserFactory


def test_a_person_saves_their_irc_nick_on_their_profile(client_for, member_user):
    data = {"display_name": "Ada", "time_zone": "UTC", "irc_nick": "ada_l"}
    assert client_for(member_user).post(reverse("profile"), data).status_code == 302
    member_user.refresh_from_db()
    assert member_user.irc_nick == "ada_l"


def test_a_nick_held_by_someone_else_is_refused_whatever_its_case(client_for, member_user, secretariat):
    UserFactory(irc_nick="jamemcc")
    data = {"display_name": "Ada", "time_zone": "UTC", "irc_nick": "JameMCC"}
    response = client_for(member_user).post(reverse("profile"), data)
    assert response.status_code == 200
    member_user.refresh_from_db()
    assert member_user.irc_nick == ""
    with pytest.raises(ValidationError):
        user_set_irc_nick(user=member_user, nick="JAMEMCC", by=secretariat)


def test_a_nick_with_spaces_is_refused_with_a_message(client_for, member_user):
    data = {"display_name": "Ada", "time_zone": "UTC", "irc_nick": "two words"}
    html = client_for(member_user).post(reverse("profile"), data).content.decode()
    assert "one word" in html
    member_user.refresh_from_db()
    assert member_user.irc_nick == ""
