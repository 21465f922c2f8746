"""Creating companies, coordinators keeping them current, people leaving, and invitations."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client

from kernel import events
from kernel.public_record import public_record_bump
from members.models import Affiliation, Company, RoleAssignment, User
from members.permissions import can_edit_company
from members.services import (
    affiliation_end,
    company_create,
    company_update_profile,
    person_invite,
    role_assign,
)
from members.tests.factories import UserFactory
from notifications.models import OutboxMessage
from notifications.tests.smtp import outbox_deliver_pending

pytestmark = pytest.mark.django_db

PROFILE = {
    "website": "https://www.att.com/",
    "hq_country": "United States",
    "hq_time_zone": "America/Chicago",
    "estate_description": "Many regions.",
    "operator_kind": Company.OperatorKind.BOTH,
    "contributing_ftes": 6,
    "roadmap_ftes": 3,
}


def test_a_new_company_is_a_prospect_with_a_slug_from_its_name(secretariat):
    company = company_create(name="AT&T", by=secretariat)
    assert (company.slug, company.status) == ("att", Company.Status.PROSPECT)
    assert company_create(name="Reliance Jio", by=secretariat).slug == "reliance-jio"
    assert company.history.get().history_user == secretariat


def test_a_company_name_or_address_already_taken_is_refused(secretariat):
    company_create(name="Orange", by=secretariat)
    with pytest.raises(ValidationError, match="already exists"):
        company_create(name="orange", by=secretariat)
    with pytest.raises(ValidationError, match="already taken"):
        company_create(name="Orange Business", slug="orange", by=secretariat)
    assert Company.objects.count() == 1


def test_declaring_ftes_dates_the_declaration_and_records_who(company, coordinator):
    changed = company_update_profile(company=company, by=coordinator, **{**PROFILE, "contributing_ftes": 9})
    company.refresh_from_db()
    assert "FTEs contributing to OpenStack" in changed
    assert company.contributing_ftes == 9
    assert company.ftes_declared_by == coordinator
    assert company.ftes_declared_at is not None
    latest = company.history.latest()
    assert latest.history_user == coordinator
    assert "FTEs contributing to OpenStack" in latest.history_change_reason


def test_changing_every_field_at_once_is_saved(company, coordinator):
    values = {
        "website": "https://example.org/",
        "hq_country": "France",
        "hq_time_zone": "Europe/Paris",
        "estate_description": "Other.",
        "operator_kind": Company.OperatorKind.NETWORK_SERVICE_PROVIDER,
        "contributing_ftes": 100_000,
        "roadmap_ftes": 0,
    }
    assert len(company_update_profile(company=company, by=coordinator, **values)) == 7
    company.refresh_from_db()
    assert (company.contributing_ftes, company.roadmap_ftes) == (100_000, 0)


def test_changing_only_the_profile_keeps_the_ftes_declaration(company, coordinator):
    company_update_profile(company=company, by=coordinator, **{**PROFILE, "hq_country": "USA"})
    company.refresh_from_db()
    assert company.hq_country == "USA"
    assert company.ftes_declared_at is None


def test_saving_without_change_writes_no_history(company, coordinator):
    company_update_profile(company=company, by=coordinator, **PROFILE)
    versions = company.history.count()
    assert company_update_profile(company=company, by=coordinator, **PROFILE) == []
    assert company.history.count() == versions


def test_an_invalid_time_zone_is_refused_and_nothing_changes(company, coordinator):
    with pytest.raises(ValidationError):
        company_update_profile(company=company, by=coordinator, **{**PROFILE, "hq_time_zone": "Mars/Olympus"})
    company.refresh_from_db()
    assert str(company.hq_time_zone) == "America/Chicago"


def test_ending_an_affiliation_ends_the_roles_and_revokes_the_permission(company, coordinator, secretariat):
    role_assign(company=company, user=coordinator, role=RoleAssignment.Role.BOARD_ALTERNATE, by=None)
    assert can_edit_company(User.objects.get(pk=coordinator.pk), company)
    affiliation = Affiliation.objects.get(user=coordinator, company=company)
    affiliation_end(affiliation=affiliation, by=secretariat, reason="Moved to another employer")
    assert not RoleAssignment.objects.current().filter(user=coordinator, company=company).exists()
    ended = RoleAssignment.objects.filter(user=coordinator, company=company)
    assert {r.end_reason for r in ended} == {"Moved to another employer"}
    assert {r.ended_by for r in ended} == {secretariat}
    # a fresh user object: guardian caches permissions on the instance
    assert not can_edit_company(User.objects.get(pk=coordinator.pk), company)


def test_ending_an_affiliation_twice_is_refused(company, coordinator, secretariat):
    affiliation = Affiliation.objects.get(user=coordinator, company=company)
    affiliation_end(affiliation=affiliation, by=secretariat)
    with pytest.raises(ValidationError, match="already ended"):
        affiliation_end(affiliation=affiliation, by=secretariat)


def test_inviting_a_new_address_creates_the_person_and_mails_a_working_set_password_link(
    company, secretariat, django_capture_on_commit_callbacks, settings
):
    settings.PORTAL_BASE_URL = "http://testserver"
    with django_capture_on_commit_callbacks(execute=False) as queued:
        user, assignment, created = person_invite(
            company=company,
            email="New.Person@Example.org",
            role=RoleAssignment.Role.COORDINATOR,
            by=secretariat,
            display_name="New Person",
        )
    assert created
    assert not user.has_usable_password()
    assert EmailAddress.objects.get(user=user).verified
    assert Affiliation.objects.current().filter(user=user, company=company).exists()
    assert assignment.role == RoleAssignment.Role.COORDINATOR
    assert can_edit_company(User.objects.get(pk=user.pk), company)

    outbox = [c for c in queued if c is not public_record_bump]  # the rest move the public record's version
    assert len(outbox) == 1, "the outbox row is queued for the worker after commit"
    assert outbox_deliver_pending() == ["sent"]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [user.email]
    assert message.subject == "You are now coordinator for AT&T on the LCOO Portal"
    assert "The link works once" in message.body and "http://testserver/members/att/" in message.body
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+)", message.body).group(1)

    client = Client()
    response = client.get(link, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0]
    response = client.post(form_url, {"password1": "a-new-long-passphrase-42", "password2": "a-new-long-passphrase-42"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a-new-long-passphrase-42")


def test_inviting_an_existing_person_names_them_without_a_password_link(
    company, member_user, secretariat, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        user, _, created = person_invite(
            company=company, email="MEMBER@example.org", role=RoleAssignment.Role.BOARD_ALTERNATE, by=secretariat
        )
    assert (user, created) == (member_user, False)
    outbox_deliver_pending()
    assert len(mail.outbox) == 1
    assert "password/reset/key" not in mail.outbox[0].body
    assert "Sign in with your existing account" in mail.outbox[0].body
    assert User.objects.filter(email__iexact="member@example.org").count() == 1


RECORDED: list[dict] = []


def record_event(**payload) -> None:
    RECORDED.append(payload)


def test_inviting_emits_person_invited_with_the_set_password_link(company, secretariat, monkeypatch):
    monkeypatch.setitem(events.HANDLERS, "person_invited", [record_event])
    RECORDED.clear()
    person_invite(company=company, email="x@example.org", role=RoleAssignment.Role.COORDINATOR, by=secretariat)
    assert len(RECORDED) == 1
    assert RECORDED[0]["company"] == company
    assert RECORDED[0]["invited_by"] == secretariat
    assert "/accounts/password/reset/key/" in RECORDED[0]["set_password_url"]


def test_the_same_role_twice_is_refused_and_sends_nothing(company, coordinator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError, match="already"):
        person_invite(company=company, email=coordinator.email, role=RoleAssignment.Role.COORDINATOR, by=None)
    assert not OutboxMessage.objects.exists()
    assert mail.outbox == []


def test_a_new_board_representative_replaces_the_previous_one(company, board_member, secretariat):
    other = UserFactory()
    person_invite(company=company, email=other.email, role=RoleAssignment.Role.BOARD_REPRESENTATIVE, by=secretariat)
    current = RoleAssignment.objects.current().filter(company=company, role=RoleAssignment.Role.BOARD_REPRESENTATIVE)
    assert [r.user for r in current] == [other]
