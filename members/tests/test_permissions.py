"""Every members page × every persona, GET and POST, with the expected status code."""

import pytest
from django.urls import reverse

from conftest import PERSONAS
from members.models import Affiliation, Company, RoleAssignment
from members.services import role_assign
from members.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

OK, FOUND, FORBIDDEN, NOT_ALLOWED = 200, 302, 403, 405

PROFILE = {
    "website": "https://www.att.com/",
    "hq_country": "United States",
    "hq_time_zone": "America/Chicago",
    "operator_kind": "both",
    "estate_description": "Regions.",
    "contributing_ftes": "12",
    "roadmap_ftes": "4",
}


def expect(anonymous, member_user, coordinator, other_coordinator, board_member, secretariat) -> dict[str, int]:
    codes = [anonymous, member_user, coordinator, other_coordinator, board_member, secretariat]
    return dict(zip(PERSONAS, codes, strict=True))


PUBLIC = expect(OK, OK, OK, OK, OK, OK)
EDITORS = expect(FOUND, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN, OK)
SECRETARIAT = expect(FOUND, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK)
SIGNED_IN = expect(FOUND, OK, OK, OK, OK, OK)

GET_MATRIX = {
    "directory": PUBLIC,
    "company": PUBLIC,
    "edit": EDITORS,
    "new": SECRETARIAT,
    "roles": EDITORS,
    "status": SECRETARIAT,
    "compliance-csv": SIGNED_IN,
}

# A successful POST redirects; so does an anonymous one (to the sign-in page).
POST_MATRIX = {
    "directory": expect(*[NOT_ALLOWED] * 6),
    "company": expect(*[NOT_ALLOWED] * 6),
    "compliance-csv": expect(*[NOT_ALLOWED] * 6),
    "edit": expect(FOUND, FORBIDDEN, FOUND, FORBIDDEN, FORBIDDEN, FOUND),
    "new": expect(FOUND, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FOUND),
    "roles": expect(FOUND, FORBIDDEN, FOUND, FORBIDDEN, FORBIDDEN, FOUND),
    "role-end": expect(FOUND, FORBIDDEN, FOUND, FORBIDDEN, FORBIDDEN, FOUND),
    "affiliation-end": expect(FOUND, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FOUND),
    "status": expect(FOUND, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FOUND),
}


@pytest.fixture
def att(company, other_company) -> Company:
    """AT&T with a second coordinator whose role and affiliation the POSTs can end."""
    colleague = UserFactory(email="colleague.att@example.org")
    affiliation = Affiliation.objects.create(user=colleague, company=company)
    assignment = role_assign(company=company, user=colleague, role=RoleAssignment.Role.COORDINATOR, by=None)
    company.colleague_affiliation = affiliation
    company.colleague_role = assignment
    return company


def url_for(name: str, company: Company) -> str:
    if name in {"directory", "new", "compliance-csv"}:
        return reverse(f"members:{name}")
    if name == "role-end":
        return reverse("members:role-end", args=[company.slug, company.colleague_role.pk])
    if name == "affiliation-end":
        return reverse("members:affiliation-end", args=[company.slug, company.colleague_affiliation.pk])
    return reverse(f"members:{name}", args=[company.slug])


def post_data(name: str) -> dict:
    return {
        "edit": PROFILE,
        "new": {"name": "Comcast", "hq_time_zone": "America/New_York", "operator_kind": "multi_cloud"},
        "roles": {"email": "new.coordinator@example.org", "role": "coordinator"},
        "role-end": {"reason": "Changed jobs", "confirm": "yes"},
        "affiliation-end": {"reason": "Left", "confirm": "yes"},
        "status": {"to_status": "withdrawn", "reason": "Asked to leave"},
    }.get(name, {})


@pytest.mark.parametrize("who", PERSONAS)
@pytest.mark.parametrize("name", GET_MATRIX)
def test_get_matrix(name, who, att, persona, client_for):
    response = client_for(persona(who)).get(url_for(name, att))
    assert response.status_code == GET_MATRIX[name][who]
    if response.status_code == FOUND:
        assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("who", PERSONAS)
@pytest.mark.parametrize("name", POST_MATRIX)
def test_post_matrix(name, who, att, persona, client_for):
    response = client_for(persona(who)).post(url_for(name, att), post_data(name))
    assert response.status_code == POST_MATRIX[name][who]
    if who == "anonymous" and response.status_code == FOUND:
        assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("name", ["edit", "new", "roles", "status"])
def test_a_wrong_method_is_refused(name, att, secretariat, client_for):
    assert client_for(secretariat).put(url_for(name, att)).status_code == NOT_ALLOWED


@pytest.mark.parametrize("name", ["role-end", "affiliation-end"])
def test_ending_by_get_is_refused(name, att, secretariat, client_for):
    assert client_for(secretariat).get(url_for(name, att)).status_code == NOT_ALLOWED


def test_a_refused_post_changes_nothing(att, other_coordinator, client_for):
    client_for(other_coordinator).post(url_for("edit", att), PROFILE)
    att.refresh_from_db()
    assert att.contributing_ftes != 12
    client_for(other_coordinator).post(url_for("role-end", att), {"confirm": "yes"})
    assert RoleAssignment.objects.get(pk=att.colleague_role.pk).ended_at is None


def test_a_coordinator_cannot_name_a_board_representative(att, coordinator, client_for):
    response = client_for(coordinator).post(
        url_for("roles", att), {"email": "rep@example.org", "role": "board_representative"}
    )
    assert response.status_code == OK
    assert "Select a valid choice" in response.content.decode()
    assert not RoleAssignment.objects.filter(user__email="rep@example.org").exists()


def test_a_coordinator_cannot_end_the_board_representatives_role(att, coordinator, board_member, client_for):
    representative = RoleAssignment.objects.get(user=board_member)
    response = client_for(coordinator).post(reverse("members:role-end", args=["att", representative.pk]))
    assert response.status_code == FORBIDDEN
    representative.refresh_from_db()
    assert representative.ended_at is None


def test_a_coordinator_cannot_manage_another_companys_role_through_their_own_url(
    att, coordinator, other_coordinator, client_for
):
    theirs = RoleAssignment.objects.get(user=other_coordinator)
    response = client_for(coordinator).post(reverse("members:role-end", args=["att", theirs.pk]))
    assert response.status_code == 404
