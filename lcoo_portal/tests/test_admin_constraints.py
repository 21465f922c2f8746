"""The admin's forms check every constraint of their model (kernel.admin.ConstraintsCheckedForm): a row the
database would refuse is refused on the form with the constraint's message, and nothing is saved. Django's
ModelForm skips a constraint whose condition is on a read-only field, or that names an inline's parent."""

from django.urls import reverse
from django.utils import timezone

from governance.models import Candidate, Motion, OfficerTerm
from governance.tests.factories import MotionFactory
from members.models import Affiliation, Company, Team, TeamMembership
from members.tests.factories import AffiliationFactory, UserFactory


def now_fields(name: str) -> dict:
    return {f"{name}_0": timezone.localdate().isoformat(), f"{name}_1": "10:00:00"}


def test_a_second_open_affiliation_added_in_the_admin_is_refused_on_the_form(superuser, client_for, company):
    person = AffiliationFactory(company=company).user
    response = client_for(superuser).post(
        reverse("admin:members_affiliation_add"),
        {"user": person.pk, "company": company.pk, "title": "Engineer", **now_fields("started_at")},
    )
    assert response.status_code == 200
    assert "Already affiliated with this company: end the open affiliation first." in response.content.decode()
    assert Affiliation.objects.filter(user=person).count() == 1


def test_a_person_added_twice_to_a_team_in_the_admin_is_refused_on_the_form(superuser, client_for):
    team = Team.objects.create(name="Edge", slug="edge")
    person = UserFactory()
    TeamMembership.objects.create(team=team, user=person)
    row = {"user": person.pk, "company": "", "team": team.pk, "id": "", **now_fields("joined_at")}
    existing = TeamMembership.objects.get()
    data = {
        "name": "Edge",
        "slug": "edge",
        **now_fields("created_at"),
        "memberships-TOTAL_FORMS": 2,
        "memberships-INITIAL_FORMS": 1,
        **{f"memberships-0-{k}": v for k, v in {**row, "id": existing.pk}.items()},
        **{f"memberships-1-{k}": v for k, v in row.items()},
    }
    response = client_for(superuser).post(reverse("admin:members_team_change", args=[team.pk]), data)
    assert response.status_code == 200
    assert "Already a member of this team." in response.content.decode()
    assert TeamMembership.objects.count() == 1


def test_a_candidate_the_service_refuses_in_the_admin_is_a_message_not_an_error(superuser, client_for, chair):
    """candidate_save's refusal (here: a resolution has no candidates) was raised through the admin: a 500."""
    resolution = MotionFactory(proposer=chair, kind=Motion.Kind.RESOLUTION)
    jio = Company.objects.get(slug="jio")
    response = client_for(superuser).post(
        reverse("admin:governance_candidate_add"),
        {"motion": resolution.pk, "office": OfficerTerm.Office.CHAIR, "user": chair.pk, "company": jio.pk},
        follow=True,
    )
    assert response.status_code == 200
    assert "Only an election has candidates." in [str(message) for message in response.context["messages"]]
    assert not Candidate.objects.exists()
