"""Rules spelled once: the Secretariat (one predicate, one queryset) and the coordinators (the role is
the source, the guardian permission is derived from it, and `check_coordinator_permissions` proves it)."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from guardian.shortcuts import assign_perm

from members.models import EDIT_COMPANY_PERMISSION, Affiliation, RoleAssignment, RoleGroup, User
from members.permissions import can_edit_company, is_secretariat
from members.services import (
    affiliation_end,
    company_invitation_accept,
    company_invitation_create,
    role_assign,
    role_end,
)
from members.tests.factories import UserFactory
from notifications import audiences


def _fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)  # no cached role or guardian answers


def test_the_secretariat_queryset_and_predicate_name_the_same_people(secretariat, superuser, member_user, coordinator):
    # a superuser in another group is still listed once
    superuser.groups.add(Group.objects.get_or_create(name="Coordinators")[0])
    listed = list(User.objects.secretariat())
    assert sorted(p.pk for p in listed) == sorted([secretariat.pk, superuser.pk])
    for person in (secretariat, superuser, member_user, coordinator):
        assert is_secretariat(_fresh(person)) == (person in listed)


def test_a_superuser_receives_the_secretariats_mail(secretariat, superuser, member_user):
    assert set(audiences.secretariat()) == {secretariat, superuser}


def test_a_superuser_may_be_named_like_the_secretariat(superuser):
    from members.services import user_update_profile

    user_update_profile(user=superuser, display_name="Secretariat", time_zone="UTC")
    assert _fresh(superuser).display_name == "Secretariat"


def _in_step() -> None:
    call_command("check_coordinator_permissions")


def test_the_permission_follows_the_role_through_every_service(secretariat, coordinator, company, other_company):
    colleague = UserFactory(email="colleague@example.org")
    Affiliation.objects.create(user=colleague, company=company)
    assignment = role_assign(company=company, user=colleague, role=RoleAssignment.Role.COORDINATOR, by=coordinator)
    assert _fresh(colleague).has_perm(EDIT_COMPANY_PERMISSION, company) and can_edit_company(_fresh(colleague), company)
    _in_step()
    role_end(assignment=assignment, by=coordinator, reason="Moved on")
    assert not _fresh(colleague).has_perm(EDIT_COMPANY_PERMISSION, company)
    assert not can_edit_company(_fresh(colleague), company)
    _in_step()
    affiliation_end(affiliation=Affiliation.objects.get(user=coordinator), by=secretariat, reason="Left")
    assert not _fresh(coordinator).has_perm(EDIT_COMPANY_PERMISSION, company)
    assert not can_edit_company(_fresh(coordinator), company)
    _in_step()


def test_an_accepted_invitation_moves_the_permission_with_the_person(secretariat, other_coordinator, company):
    invitation = company_invitation_create(
        company=company, email=other_coordinator.email, role=RoleAssignment.Role.COORDINATOR, by=secretariat
    )
    company_invitation_accept(invitation=invitation, user=other_coordinator)
    other = RoleAssignment.objects.filter(user=other_coordinator).exclude(company=company).get().company
    assert _fresh(other_coordinator).has_perm(EDIT_COMPANY_PERMISSION, company)
    assert not _fresh(other_coordinator).has_perm(EDIT_COMPANY_PERMISSION, other)
    _in_step()


def test_can_edit_company_reads_the_role_not_a_stray_permission(member_user, company):
    assign_perm(EDIT_COMPANY_PERMISSION, member_user, company)  # by hand, as no service does
    assert not can_edit_company(_fresh(member_user), company)


def test_the_check_finds_a_disagreement_and_repair_derives_the_permission_again(member_user, coordinator, company):
    assign_perm(EDIT_COMPANY_PERMISSION, member_user, company)
    from guardian.shortcuts import remove_perm

    remove_perm(EDIT_COMPANY_PERMISSION, coordinator, company)
    with pytest.raises(CommandError, match="2 disagreement"):
        _in_step()
    call_command("check_coordinator_permissions", "--repair")
    _in_step()
    assert not _fresh(member_user).has_perm(EDIT_COMPANY_PERMISSION, company)
    assert _fresh(coordinator).has_perm(EDIT_COMPANY_PERMISSION, company)


def test_a_groups_permission_is_a_disagreement(company):
    group = Group.objects.get_or_create(name=RoleGroup.SECRETARIAT)[0]
    assign_perm(EDIT_COMPANY_PERMISSION, group, company)
    with pytest.raises(CommandError, match="1 disagreement"):
        call_command("check_coordinator_permissions", "--repair")
