"""What the members pages show and do, for the people who use them."""

import csv
import io
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from members.models import Affiliation, Company, MembershipTransition, RoleAssignment, User
from members.services import affiliation_end, company_update_profile, role_assign
from members.tests.factories import CompanyFactory, UserFactory
from members.views import DIRECTORY_PAGE_SIZE
from notifications.tests.smtp import outbox_deliver_pending

pytestmark = pytest.mark.django_db

PROFILE = {
    "website": "https://www.att.com/",
    "hq_country": "United States",
    "hq_time_zone": "America/Chicago",
    "operator_kind": "both",
    "estate_description": "Regions.",
    "contributing_ftes": "12",
    "roadmap_ftes": "4",
}


def text(response) -> str:
    return response.content.decode()


# The directory


def test_the_directory_lists_members_apart_from_prospects_and_applicants(client, company):
    CompanyFactory(name="Walmart", status=Company.Status.PARTICIPATING, member_since=None)
    CompanyFactory(name="Comcast", status=Company.Status.REQUESTED, member_since=None)
    response = client.get(reverse("members:directory"))
    assert [c.name for c, _ in response.context["members"]] == ["AT&T"]
    assert [c.name for c, _ in response.context["applicants"]] == ["Comcast", "Walmart"]


def test_the_directory_shows_compliance_at_a_glance_with_the_reason(client, settings):
    settings.PORTAL_CRITERIA = {**settings.PORTAL_CRITERIA, "MIN_CONTRIBUTING_FTES": 4}
    CompanyFactory(name="Orange", contributing_ftes=3)
    body = text(client.get(reverse("members:directory")))
    assert "Does not meet the criteria" in body
    assert "3 contributing FTEs, charter requires at least 4" in body


def test_the_directory_filters_by_status_and_operator_kind(client, company):
    CompanyFactory(name="Walmart", status=Company.Status.PARTICIPATING, member_since=None)
    CompanyFactory(name="Orange", operator_kind=Company.OperatorKind.NETWORK_SERVICE_PROVIDER)
    response = client.get(reverse("members:directory"), {"status": "participating"})
    assert [c.name for c, _ in response.context["applicants"]] == ["Walmart"]
    assert response.context["members"] == []
    response = client.get(reverse("members:directory"), {"operator_kind": "nsp"})
    assert [c.name for c, _ in response.context["members"]] == ["Orange"]


def test_an_unknown_filter_value_shows_everything_and_does_not_fail(client, company):
    response = client.get(reverse("members:directory"), {"status": "bogus"})
    assert response.status_code == 200
    assert [c.name for c, _ in response.context["members"]] == ["AT&T"]


# The company page


def test_the_company_page_renders_the_description_as_sanitised_markdown(client, company):
    company.estate_description = "**34 regions**\n\n<script>alert(1)</script>"
    company.save()
    body = text(client.get(company.get_absolute_url()))
    assert "<strong>34 regions</strong>" in body
    assert "<script>alert(1)</script>" not in body


def test_the_company_page_names_people_and_shows_email_addresses_only_to_signed_in_people(
    client, client_for, company, coordinator, board_member, member_user
):
    anonymous = text(client.get(company.get_absolute_url()))
    assert "Coordinator Att" in anonymous
    assert "Board Att" in anonymous
    assert "coordinator.att@example.org" not in anonymous
    signed_in = text(client_for(member_user).get(company.get_absolute_url()))
    assert "coordinator.att@example.org" in signed_in


def test_a_role_left_when_its_holder_leaves_the_company_shows_as_vacant(client, company, coordinator, secretariat):
    assert "Vacant" not in text(client.get(company.get_absolute_url())).split("Board representative")[0]
    affiliation_end(affiliation=Affiliation.objects.get(user=coordinator), by=secretariat)
    response = client.get(company.get_absolute_url())
    assert response.context["roles"]["coordinators"] == []
    assert "Vacant" in text(response)


def test_the_company_page_shows_what_changed_when_and_by_whom(client, company, coordinator):
    company.contributing_ftes = 6
    company.save()
    company_update_profile(company=company, by=coordinator, **{**PROFILE, "contributing_ftes": 9, "roadmap_ftes": 3})
    response = client.get(company.get_absolute_url())
    latest = response.context["history"][0]
    assert latest.by == coordinator
    assert [(c.label, c.old, c.new) for c in latest.changes if "contributing" in c.label] == [
        ("FTEs contributing to OpenStack", "6", "9")
    ]
    assert "FTEs contributing to OpenStack 6 → 9" in text(response)


def test_the_company_page_shows_the_lifecycle_and_each_criterion_with_its_reason(client, company, secretariat):
    MembershipTransition.objects.create(
        company=company, from_status="requested", to_status="member", by=secretariat, reason="Welcomed by the board"
    )
    body = text(client.get(company.get_absolute_url()))
    assert "Welcomed by the board" in body
    assert "Not yet measured" in body or "meetings (" in body
    assert "6 contributing FTEs; charter requires at least 4" in body


def test_an_unknown_company_is_not_found(client):
    assert client.get(reverse("members:company", args=["nobody"])).status_code == 404


# Editing


def test_a_coordinator_saves_the_ftes_and_sees_a_message(client_for, company, coordinator):
    response = client_for(coordinator).post(reverse("members:edit", args=["att"]), PROFILE, follow=True)
    company.refresh_from_db()
    assert company.contributing_ftes == 12
    assert company.ftes_declared_by == coordinator
    assert "AT&amp;T is saved" in text(response)


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("contributing_ftes", "-1", "greater than or equal to 0"),
        ("contributing_ftes", "3.25", "Use whole or half FTEs, e.g. 4 or 4.5."),
        ("contributing_ftes", "100001", "less than or equal to 100000"),
        ("roadmap_ftes", "12.5", "cannot exceed the FTEs contributing to OpenStack (12)"),
        ("roadmap_ftes", "", "This field is required"),
        ("hq_time_zone", "Mars/Olympus", "Select a valid choice"),
        ("website", "not a url", "Enter a valid URL"),
    ],
)
def test_bad_input_is_explained_and_changes_nothing(client_for, company, coordinator, field, value, error):
    before = company.history.count()
    response = client_for(coordinator).post(reverse("members:edit", args=["att"]), {**PROFILE, field: value})
    assert response.status_code == 200
    assert error in text(response)
    assert "Nothing was saved" in text(response)
    company.refresh_from_db()
    assert company.contributing_ftes == 6
    assert company.history.count() == before


def test_saving_without_change_says_so(client_for, company, coordinator):
    client_for(coordinator).post(reverse("members:edit", args=["att"]), PROFILE)
    response = client_for(coordinator).post(reverse("members:edit", args=["att"]), PROFILE, follow=True)
    assert "Nothing changed" in text(response)


# The Secretariat's pages


def test_the_secretariat_creates_a_prospect(client_for, secretariat):
    response = client_for(secretariat).post(
        reverse("members:new"), {"name": "Reliance Jio", "hq_time_zone": "Asia/Kolkata", "operator_kind": "nsp"}
    )
    company = Company.objects.get(slug="reliance-jio")
    assert response["Location"] == company.get_absolute_url()
    assert company.status == Company.Status.PROSPECT


def test_creating_a_duplicate_company_is_refused_with_a_message(client_for, secretariat, company):
    response = client_for(secretariat).post(
        reverse("members:new"), {"name": "AT&T", "hq_time_zone": "UTC", "operator_kind": "both"}
    )
    assert response.status_code == 200
    assert "already exists" in text(response)
    assert Company.objects.count() == 1


def test_the_secretariat_records_a_withdrawal_with_a_reason(client_for, secretariat, company):
    response = client_for(secretariat).post(
        reverse("members:status", args=["att"]), {"to_status": "withdrawn", "reason": "Letter of 3 May"}, follow=True
    )
    company.refresh_from_db()
    assert company.status == Company.Status.WITHDRAWN
    assert "is now “Withdrawn”" in text(response)


@pytest.mark.parametrize("to_status", ["under_review", "revoked"])
def test_a_post_to_a_board_status_is_refused_on_the_status_page(client_for, secretariat, company, to_status):
    response = client_for(secretariat).post(
        reverse("members:status", args=["att"]), {"to_status": to_status, "reason": "3 FTEs only"}
    )
    assert response.status_code == 200
    company.refresh_from_db()
    assert company.status == Company.Status.MEMBER
    assert not company.transitions.exists()


def test_a_refused_transition_is_a_clear_error_on_the_page(client_for, secretariat, company):
    response = client_for(secretariat).post(
        reverse("members:status", args=["att"]), {"to_status": "prospect", "reason": "Why not"}
    )
    assert response.status_code == 200
    assert "cannot go from “Member” to “Prospect”" in text(response)
    company.refresh_from_db()
    assert company.status == Company.Status.MEMBER
    assert not company.transitions.exists()


def test_the_status_page_offers_only_the_allowed_steps(client_for, secretariat, company):
    response = client_for(secretariat).get(reverse("members:status", args=["att"]))
    assert [value for value, _ in response.context["allowed"]] == ["withdrawn"]


def test_a_transition_without_a_reason_is_refused(client_for, secretariat, company):
    response = client_for(secretariat).post(reverse("members:status", args=["att"]), {"to_status": "withdrawn"})
    assert "This field is required" in text(response)
    company.refresh_from_db()
    assert company.status == Company.Status.MEMBER


def test_a_coordinator_invites_a_new_coordinator_by_email(
    client_for, client, company, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        response = client_for(coordinator).post(
            reverse("members:roles", args=["att"]), {"email": "new.one@example.org", "role": "coordinator"}, follow=True
        )
    assert "is invited as coordinator" in text(response)
    # nothing changes until the person accepts
    assert not User.objects.filter(email="new.one@example.org").exists()
    assert outbox_deliver_pending() == ["sent"]
    assert mail.outbox[0].to == ["new.one@example.org"]
    link = re.search(r"http://\S+(/members/invitations/\S+/)", mail.outbox[0].body).group(1)
    assert "An account is created for new.one@example.org" in text(client.get(link))
    response = client.post(link)
    assert "/accounts/password/reset/key/" in response["Location"]
    assert RoleAssignment.objects.current().filter(company=company, user__email="new.one@example.org").exists()


def test_a_coordinator_removes_another_coordinator(client_for, company, coordinator):
    colleague = UserFactory()
    assignment = role_assign(company=company, user=colleague, role=RoleAssignment.Role.COORDINATOR, by=None)
    response = client_for(coordinator).post(
        reverse("members:role-end", args=["att", assignment.pk]), {"confirm": "yes"}, follow=True
    )
    assignment.refresh_from_db()
    assert assignment.ended_by == coordinator
    assert "is no longer coordinator" in text(response)


def test_ending_a_role_twice_says_so(client_for, company, coordinator, secretariat):
    assignment = RoleAssignment.objects.get(user=coordinator)
    end = reverse("members:role-end", args=["att", assignment.pk])
    client_for(secretariat).post(end, {"confirm": "yes"})
    response = client_for(secretariat).post(end, {"confirm": "yes"}, follow=True)
    assert "already ended" in text(response)


def test_the_secretariat_ends_an_affiliation_and_the_roles_with_it(client_for, company, coordinator, secretariat):
    affiliation = Affiliation.objects.get(user=coordinator)
    end = reverse("members:affiliation-end", args=["att", affiliation.pk])
    client_for(secretariat).post(end, {"reason": "Left", "confirm": "yes"})
    assert not RoleAssignment.objects.current().filter(user=coordinator).exists()


def test_the_compliance_csv_has_a_row_per_company_with_reasons(client_for, member_user, company, settings):
    CompanyFactory(name="Orange", contributing_ftes=3)
    settings.PORTAL_CRITERIA = {**settings.PORTAL_CRITERIA, "MIN_CONTRIBUTING_FTES": 4}
    response = client_for(member_user).get(reverse("members:compliance-csv"))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(text(response))))
    assert rows[0][:2] == ["company", "status"]
    orange = next(row for row in rows if row[0] == "Orange")
    assert "3 contributing FTEs, charter requires at least 4" in orange
    assert len(rows) == 3


def test_the_home_page_names_members_that_fail_a_criterion(client, company):
    CompanyFactory(name="Orange", contributing_ftes=3)
    body = text(client.get("/"))
    assert "2 member companies" in body
    assert "3 contributing FTEs" in body


# Query counts: constant whatever the number of companies


def make_companies(n: int) -> None:
    for i in range(n):
        company = CompanyFactory(name=f"Operator {i:03}")
        user = UserFactory()
        Affiliation.objects.create(user=user, company=company)
        role_assign(company=company, user=user, role=RoleAssignment.Role.COORDINATOR, by=None)


@pytest.mark.parametrize("n", [10, 200])
def test_the_directory_runs_a_constant_number_of_queries(n, client_for, member_user, django_assert_max_num_queries):
    make_companies(n)
    client = client_for(member_user)
    with django_assert_max_num_queries(12):  # 8 (the participation's two among them), the header's count (4)
        response = client.get(reverse("members:directory"))
    assert len(response.context["members"]) == min(n, DIRECTORY_PAGE_SIZE)  # a page at a time


@pytest.mark.parametrize("n", [10, 200])
def test_the_company_page_runs_a_constant_number_of_queries(
    n, client_for, member_user, company, secretariat, django_assert_max_num_queries
):
    make_companies(n)
    for i in range(min(n, 15)):
        user = UserFactory()
        Affiliation.objects.create(user=user, company=company)
        role_assign(company=company, user=user, role=RoleAssignment.Role.COORDINATOR, by=None)
        company_update_profile(company=company, by=user, **{**PROFILE, "contributing_ftes": i + 4})
    client = client_for(member_user)
    with django_assert_max_num_queries(16):  # 12 (the participation's two among them), the header's count (4)
        response = client.get(company.get_absolute_url())
    assert len(response.context["roles"]["coordinators"]) == min(n, 15)


@pytest.mark.parametrize("n", [10, 200])
def test_the_compliance_csv_runs_a_constant_number_of_queries(
    n, client_for, member_user, django_assert_max_num_queries
):
    make_companies(n)
    client = client_for(member_user)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("members:compliance-csv"))
    assert len(text(response).splitlines()) == n + 1


def test_ending_ones_own_coordinator_role_first_says_so_and_changes_nothing(client_for, company, coordinator):
    assignment = RoleAssignment.objects.get(user=coordinator)
    response = client_for(coordinator).post(reverse("members:role-end", args=["att", assignment.pk]))
    assert "You are ending your own coordinator role for AT&amp;T." in text(response)
    assert "You will no longer be able to edit AT&amp;T" in text(response)
    assignment.refresh_from_db()
    assert assignment.ended_at is None


def test_ending_an_affiliation_first_names_the_roles_that_end_with_it(client_for, company, coordinator, secretariat):
    affiliation = Affiliation.objects.get(user=coordinator)
    response = client_for(secretariat).post(reverse("members:affiliation-end", args=["att", affiliation.pk]))
    assert "Their roles here end with it: coordinator." in text(response)
    affiliation.refresh_from_db()
    assert affiliation.ended_at is None


def test_ftes_are_declared_in_halves(client_for, company, coordinator):
    # 0.5 on the roadmap falls below the charter's minimum: the change is confirmed
    data = {**PROFILE, "contributing_ftes": "4.5", "roadmap_ftes": "0.5", "confirm": "yes"}
    client_for(coordinator).post(reverse("members:edit", args=["att"]), data)
    company.refresh_from_db()
    assert (str(company.contributing_ftes), str(company.roadmap_ftes)) == ("4.5", "0.5")
    page = text(client_for(coordinator).get(reverse("members:company", args=["att"])))
    assert "4.5 contributing FTEs" in page


def test_the_fte_fields_come_first_on_the_coordinators_form(client_for, company, coordinator):
    form = client_for(coordinator).get(reverse("members:edit", args=["att"])).context["form"]
    assert list(form.fields)[:2] == ["contributing_ftes", "roadmap_ftes"]
    html = text(client_for(coordinator).get(reverse("members:edit", args=["att"])))
    assert 'step="0.5"' in html


def test_the_service_refuses_more_roadmap_than_contributing_ftes_whoever_calls_it(company, secretariat):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="cannot exceed"):
        company_update_profile(company=company, by=secretariat, contributing_ftes=2, roadmap_ftes=3)
    with pytest.raises(ValidationError, match=r"whole or half FTEs"):
        company_update_profile(company=company, by=secretariat, contributing_ftes=Decimal("2.3"))
    company.refresh_from_db()
    assert company.contributing_ftes == 6
