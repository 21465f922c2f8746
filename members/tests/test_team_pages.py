"""The Secretariat keeps the specialty teams (members, leads, etherpads) on the portal's pages, through
the team services, with history (issue 24); nobody else may."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from members.models import Team, TeamMembership
from members.services import team_create, team_member_add, team_member_end, team_update

pytestmark = pytest.mark.django_db

PAD = "https://etherpad.example.org/p/upgrades"


def test_the_secretariat_creates_a_team_with_its_etherpad_and_the_history_says_who(client_for, secretariat):
    response = client_for(secretariat).post(
        reverse("members:teams"), {"name": "Upgrades", "purpose": "Rolling upgrades.", "links": PAD}
    )
    team = Team.objects.get(slug="upgrades")
    assert response.url == reverse("members:team", args=["upgrades"])
    assert team.links == PAD
    record = team.history.get()
    assert (record.history_user, record.history_change_reason) == (secretariat, "Team created")


def test_the_secretariat_adds_a_lead_and_the_public_teams_page_shows_them(client_for, secretariat, coordinator):
    team = team_create(name="Upgrades", by=secretariat)
    client = client_for(secretariat)
    client.post(reverse("members:team-member-add", args=["upgrades"]), {"user": coordinator.pk, "is_lead": "on"})
    membership = TeamMembership.objects.get(team=team, user=coordinator)
    assert membership.is_lead and membership.company.slug == "att"
    assert membership.history.get().history_user == secretariat
    page = client_for(None).get(reverse("governance:teams")).content.decode()
    assert str(coordinator) in page and "Lead" in page


def test_removing_a_member_asks_first_then_keeps_them_in_the_history(client_for, secretariat, coordinator):
    team = team_create(name="Upgrades", by=secretariat)
    membership = team_member_add(team=team, user=coordinator, by=secretariat)
    url = reverse("members:team-member-end", args=["upgrades", membership.pk])
    client = client_for(secretariat)
    assert "Remove" in client.post(url).content.decode()
    assert TeamMembership.objects.current().filter(pk=membership.pk).exists()
    client.post(url, {"confirm": "yes"})
    membership.refresh_from_db()
    assert membership.left_at is not None
    assert "Who was in it" in client.get(reverse("members:team", args=["upgrades"])).content.decode()


def test_a_bad_link_is_refused_with_a_message_and_changes_nothing(client_for, secretariat):
    team = team_create(name="Upgrades", by=secretariat, links=PAD)
    response = client_for(secretariat).post(
        reverse("members:team", args=["upgrades"]), {"name": "Upgrades", "links": "javascript:alert(1)"}
    )
    assert response.status_code == 200 and "http" in response.content.decode()
    team.refresh_from_db()
    assert team.links == PAD and team.history.count() == 1


def test_the_same_person_is_not_added_twice(secretariat, coordinator):
    team = team_create(name="Upgrades", by=secretariat)
    team_member_add(team=team, user=coordinator, by=secretariat)
    with pytest.raises(ValidationError, match="already in"):
        team_member_add(team=team, user=coordinator, by=secretariat)


@pytest.mark.parametrize("who", ["member_user", "coordinator", "board_member"])
def test_nobody_but_the_secretariat_keeps_the_teams(request, client_for, secretariat, who):
    person = request.getfixturevalue(who)
    team = team_create(name="Upgrades", by=secretariat)
    membership = team_member_add(team=team, user=secretariat, by=secretariat)
    client = client_for(person)
    assert client.get(reverse("members:teams")).status_code == 403
    assert client.post(reverse("members:teams"), {"name": "Mine"}).status_code == 403
    assert client.post(reverse("members:team", args=["upgrades"]), {"name": "Mine"}).status_code == 403
    assert client.post(reverse("members:team-member-add", args=["upgrades"]), {"user": person.pk}).status_code == 403
    end = reverse("members:team-member-end", args=["upgrades", membership.pk])
    assert client.post(end, {"confirm": "yes"}).status_code == 403
    for act in (
        lambda: team_update(team=team, name="Mine", by=person),
        lambda: team_member_end(membership=membership, by=person),
    ):
        with pytest.raises(PermissionDenied):
            act()
    assert Team.objects.get().name == "Upgrades" and TeamMembership.objects.current().count() == 1


def test_the_admin_shows_teams_to_the_secretariat_read_only(client_for, secretariat):
    team = team_create(name="Upgrades", by=secretariat)
    url = reverse("admin:members_team_change", args=[team.pk])
    assert client_for(secretariat).post(url, {"name": "Changed"}).status_code == 403
