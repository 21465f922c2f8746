"""The admin is never a way around the board, the record or the permissions (issue 10, findings 2 and 4).

Every model registered in the admin has a declared policy for the Secretariat: HIDDEN (no access),
READ_ONLY (it looks, and changes things on the portal's pages), or SERVICE (the admin's change goes
through the same service as the page; the test proves it by the effect). A newly registered model
without an entry in ADMIN_POLICY fails `test_every_admin_model_has_a_policy_the_secretariat_cannot_get_around`.
"""

from collections.abc import Callable

import pytest
from django.apps import apps
from django.contrib import admin
from django.forms import MultiWidget
from django.test import Client, RequestFactory
from django.urls import NoReverseMatch, reverse

from lcoo_portal import roles
from members.models import (
    EDIT_COMPANY_PERMISSION,
    Affiliation,
    Company,
    MembershipTransition,
    RoleAssignment,
    RoleGroup,
    User,
)
from members.tests.factories import CompanyFactory, UserFactory

pytestmark = pytest.mark.django_db

HIDDEN, READ_ONLY, SERVICE = "hidden", "read-only", "service"

ADMIN_POLICY: dict[str, str] = {
    # people's sign-in: the superuser's alone
    "auth.Group": HIDDEN,
    "account.EmailAddress": HIDDEN,
    "mfa.Authenticator": HIDDEN,
    "socialaccount.SocialAccount": HIDDEN,
    "members.SecurityEvent": HIDDEN,  # addresses and browsers of people's sign-ins (issue 19)
    # what the admin routes through the services (see the *_goes_through_* checks below)
    "members.User": SERVICE,
    "members.Company": SERVICE,
    "members.RoleAssignment": SERVICE,
    "members.Affiliation": SERVICE,
    # the record, the board's decisions, and everything the portal's own pages change
    "members.MembershipTransition": READ_ONLY,
    "members.Team": READ_ONLY,
    "members.CompanyInvitation": READ_ONLY,
    "meetings.Series": READ_ONLY,
    "meetings.Meeting": READ_ONLY,
    "meetings.AgendaItem": READ_ONLY,
    "meetings.Minutes": READ_ONLY,
    "meetings.Attendance": READ_ONLY,
    "meetings.Decision": READ_ONLY,
    "meetings.ActionItem": READ_ONLY,
    "meetings.Erratum": READ_ONLY,
    "governance.OfficerTerm": READ_ONLY,
    "governance.Motion": READ_ONLY,
    "governance.MotionTransition": READ_ONLY,
    "governance.Candidate": READ_ONLY,
    "governance.Objection": READ_ONLY,
    "governance.ConsensusStance": READ_ONLY,
    "governance.Ballot": READ_ONLY,
    "governance.MotionLogEntry": READ_ONLY,
    "governance.RegisterEntry": READ_ONLY,
    "governance.CharterVersion": READ_ONLY,
    "governance.RoadmapVector": READ_ONLY,
    "governance.RoadmapItem": READ_ONLY,
    "governance.RoadmapQuarter": READ_ONLY,
    "governance.RoadmapEntry": READ_ONLY,
    "governance.PlanTask": READ_ONLY,
    "notifications.Announcement": READ_ONLY,
    "notifications.OutboxMessage": READ_ONLY,
    "notifications.Preference": READ_ONLY,
    "notifications.MeetingSubscription": READ_ONLY,
    "notifications.ListAddress": READ_ONLY,
    "django_celery_beat.PeriodicTask": READ_ONLY,
    "django_celery_beat.ClockedSchedule": READ_ONLY,
    "django_celery_beat.CrontabSchedule": READ_ONLY,
    "django_celery_beat.SolarSchedule": READ_ONLY,
    "django_celery_beat.IntervalSchedule": READ_ONLY,
}

REGISTERED = sorted(model._meta.label for model in admin.site._registry)


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def change_form_data(response) -> dict:
    """What the browser would send back from an admin change form, unchanged."""
    data: dict = {}
    for field in response.context["adminform"].form:
        value = field.value()
        if value is None or value is False:
            continue
        widget = field.field.widget
        if value is True:
            data[field.html_name] = "on"
        elif isinstance(widget, MultiWidget):
            for index, part in enumerate(widget.decompress(value)):
                data[f"{field.html_name}_{index}"] = str(part)
        elif isinstance(value, list | tuple):
            data[field.html_name] = [str(v) for v in value]
        else:
            data[field.html_name] = str(value)
    for inline in response.context["inline_admin_formsets"]:
        for field in inline.formset.management_form:
            data[field.html_name] = field.value()
    return data


def messages_of(response) -> str:
    return " ".join(str(m) for m in response.wsgi_request._messages)


@pytest.fixture
def records(company, coordinator, chair):
    """A row for most models, so that their change pages can be POSTed to."""
    from governance.tests.factories import CharterVersionFactory, MotionFactory, RoadmapItemFactory
    from meetings.tests.factories import MeetingFactory

    MeetingFactory()
    MotionFactory(proposer=chair)
    CharterVersionFactory()
    RoadmapItemFactory()
    apps.get_model("members", "Team").objects.create(name="Upgrades", slug="upgrades")


def _fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)  # no cached permissions


# --- SERVICE: each check proves the admin's change went through the service ---


def user_goes_through_user_update_profile(client: Client, secretariat: User, **_) -> None:
    url = admin_url(User, "change", secretariat.pk)
    data = change_form_data(client.get(url))
    data.update(display_name="The Clerk", is_superuser="on", is_staff="on", groups=[])
    data["user_permissions"] = [
        str(p) for p in apps.get_model("auth", "Permission").objects.values_list("pk", flat=True)[:3]
    ]
    assert client.post(url, data).status_code == 302
    secretariat = _fresh(secretariat)
    assert secretariat.display_name == "The Clerk"
    assert not secretariat.is_superuser
    assert secretariat.groups.filter(name=RoleGroup.SECRETARIAT).exists()
    assert not secretariat.user_permissions.exists()


def company_goes_through_company_transition(client: Client, secretariat: User, **_) -> None:
    prospect = CompanyFactory(name="Orange", slug="orange", status=Company.Status.PROSPECT, member_since=None)
    url = admin_url(Company, "change", prospect.pk)
    data = change_form_data(client.get(url))

    refused = client.post(url, {**data, "status": "member", "status_reason": "Welcome"}, follow=True)
    assert "cannot go from" in messages_of(refused)
    prospect.refresh_from_db()
    assert prospect.status == Company.Status.PROSPECT
    assert not MembershipTransition.objects.filter(company=prospect).exists()

    no_reason = client.post(url, {**data, "status": "participating"}, follow=True)
    assert "Say why" in messages_of(no_reason)
    assert Company.objects.get(pk=prospect.pk).status == Company.Status.PROSPECT

    client.post(url, {**data, "status": "participating", "status_reason": "Attends the forums"})
    step = MembershipTransition.objects.get(company=prospect)
    assert (step.from_status, step.to_status, step.by, step.reason) == (
        "prospect",
        "participating",
        secretariat,
        "Attends the forums",
    )

    data = change_form_data(client.get(url))
    client.post(url, {**data, "contributing_ftes": "9"})
    prospect.refresh_from_db()
    assert (prospect.contributing_ftes, prospect.ftes_declared_by) == (9, secretariat)


def role_goes_through_role_assign_and_role_end(client: Client, secretariat: User, company: Company, **_) -> None:
    person = UserFactory(email="new.coordinator@example.org")
    Affiliation.objects.create(user=person, company=company)
    response = client.post(
        admin_url(RoleAssignment, "add"), {"company": company.pk, "user": person.pk, "role": "coordinator"}
    )
    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(user=person)
    assert assignment.assigned_by == secretariat
    assert _fresh(person).has_perm(EDIT_COMPANY_PERMISSION, company)

    assert client.post(admin_url(RoleAssignment, "change", assignment.pk), {}).status_code == 403

    changelist = admin_url(RoleAssignment, "changelist")
    ask = client.post(changelist, {"action": "end_roles", "_selected_action": [assignment.pk]})
    assert ask.status_code == 200 and b"cannot be undone" in ask.content
    assert RoleAssignment.objects.get(pk=assignment.pk).ended_at is None
    client.post(
        changelist,
        {"action": "end_roles", "_selected_action": [assignment.pk], "confirm": "yes", "reason": "Changed jobs"},
    )
    assignment.refresh_from_db()
    assert (assignment.ended_by, assignment.end_reason) == (secretariat, "Changed jobs")
    assert not _fresh(person).has_perm(EDIT_COMPANY_PERMISSION, company)


def affiliation_goes_through_affiliation_end(client: Client, company: Company, coordinator: User, **_) -> None:
    affiliation = Affiliation.objects.get(user=coordinator, company=company)
    assert client.post(admin_url(Affiliation, "change", affiliation.pk), {}).status_code == 403
    client.post(
        admin_url(Affiliation, "changelist"),
        {"action": "end_affiliations", "_selected_action": [affiliation.pk], "confirm": "yes", "reason": "Left"},
    )
    affiliation.refresh_from_db()
    assert affiliation.ended_at is not None
    assert not RoleAssignment.objects.current().filter(user=coordinator).exists()
    assert not _fresh(coordinator).has_perm(EDIT_COMPANY_PERMISSION, company)


SERVICE_CHECKS: dict[str, Callable[..., None]] = {
    "members.User": user_goes_through_user_update_profile,
    "members.Company": company_goes_through_company_transition,
    "members.RoleAssignment": role_goes_through_role_assign_and_role_end,
    "members.Affiliation": affiliation_goes_through_affiliation_end,
}


def test_the_policy_table_names_only_registered_models():
    assert sorted(ADMIN_POLICY) == REGISTERED
    assert sorted(label for label, policy in ADMIN_POLICY.items() if policy == SERVICE) == sorted(SERVICE_CHECKS)


@pytest.mark.parametrize("label", REGISTERED)
def test_every_admin_model_has_a_policy_the_secretariat_cannot_get_around(
    label, secretariat, company, coordinator, records, client_for
):
    assert label in ADMIN_POLICY, f"{label} is in the admin without a declared policy for the Secretariat"
    model = apps.get_model(label)
    model_admin = admin.site._registry[model]
    client = client_for(secretariat)
    policy = ADMIN_POLICY[label]
    if policy == SERVICE:
        SERVICE_CHECKS[label](client=client, secretariat=secretariat, company=company, coordinator=coordinator)
        return
    request = RequestFactory().get("/admin/")
    request.user = _fresh(secretariat)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
    assert model_admin.has_view_permission(request) is (policy == READ_ONLY)
    assert client.get(admin_url(model, "changelist")).status_code == (200 if policy == READ_ONLY else 403)
    assert client.post(admin_url(model, "add"), {}).status_code == 403
    row = model._default_manager.first()
    if row is not None:
        before = model._default_manager.count()
        assert client.post(admin_url(model, "change", row.pk), {}).status_code == 403
        assert client.post(admin_url(model, "delete", row.pk), {"post": "yes"}).status_code == 403
        assert model._default_manager.count() == before


def test_the_secretariat_cannot_set_anyones_password(secretariat, chair, client_for):
    client = client_for(secretariat)
    url = reverse("admin:auth_user_password_change", args=[chair.pk])
    assert client.get(url).status_code == 403
    response = client.post(url, {"password1": "a-new-secret-9876", "password2": "a-new-secret-9876"})
    assert response.status_code == 403
    assert _fresh(chair).check_password("correct-horse-battery-staple")


def test_the_secretariat_cannot_make_anyone_staff_or_give_them_a_group(secretariat, board_member, client_for):
    client = client_for(secretariat)
    url = admin_url(User, "change", board_member.pk)
    data = change_form_data(client.get(url))
    secretariat_group = apps.get_model("auth", "Group").objects.get(name=RoleGroup.SECRETARIAT)
    client.post(url, {**data, "is_staff": "on", "is_superuser": "on", "groups": [secretariat_group.pk]})
    board_member = _fresh(board_member)
    assert not board_member.is_staff and not board_member.is_superuser
    assert not board_member.groups.filter(name=RoleGroup.SECRETARIAT).exists()


def test_the_secretariat_cannot_change_anyones_sign_in_address(secretariat, chair, client_for):
    client = client_for(secretariat)
    url = admin_url(User, "change", chair.pk)
    client.post(url, {**change_form_data(client.get(url)), "email": "secretariat+chair@example.org"})
    assert _fresh(chair).email == "chair@example.org"


def test_the_secretariat_cannot_add_people_in_the_admin(secretariat, client_for):
    data = {"email": "someone@example.org", "password1": "pw-98765-abcdef", "password2": "pw-98765-abcdef"}
    assert client_for(secretariat).post(admin_url(User, "add"), data).status_code == 403
    assert not User.objects.filter(email="someone@example.org").exists()


def test_the_superuser_still_manages_flags_and_passwords(superuser, board_member, client_for):
    client = client_for(superuser)
    url = admin_url(User, "change", board_member.pk)
    client.post(url, {**change_form_data(client.get(url)), "is_staff": "on"})
    assert _fresh(board_member).is_staff
    assert client.get(reverse("admin:auth_user_password_change", args=[board_member.pk])).status_code == 200


def test_a_history_revert_is_refused_to_the_secretariat(secretariat, client_for):
    prospect = CompanyFactory(name="Orange", slug="orange", status=Company.Status.PROSPECT, member_since=None)
    from members.services import company_transition

    company_transition(company=prospect, to_status="participating", by=secretariat, reason="Attends")
    first = prospect.history.earliest()
    url = admin_url(Company, "simple_history", prospect.pk, first.history_id)
    response = client_for(secretariat).post(url, {"status": "prospect", "name": "Orange", "slug": "orange"})
    assert response.status_code == 403
    assert Company.objects.get(pk=prospect.pk).status == Company.Status.PARTICIPATING


def test_object_permissions_are_never_granted_in_the_admin():
    """django-guardian's object-permission pages would let staff give anyone a coordinator's rights."""
    with pytest.raises(NoReverseMatch):
        admin_url(Company, "permissions", 1)


def test_the_migration_freezes_the_same_list_the_live_code_grants(secretariat):
    migration = __import__(
        "lcoo_portal.migrations.0006_secretariat_views_team_and_list_history", fromlist=["SECRETARIAT_PERMISSIONS"]
    )
    assert set(migration.SECRETARIAT_PERMISSIONS) == roles.secretariat_permission_keys(apps)
    held = {
        (p.content_type.app_label, p.codename)
        for p in apps.get_model("auth", "Group").objects.get(name=RoleGroup.SECRETARIAT).permissions.all()
    }
    assert held == set(migration.SECRETARIAT_PERMISSIONS)


def test_the_secretariat_changes_nothing_the_board_decides(secretariat):
    secretariat = _fresh(secretariat)
    for permission in [
        "governance.change_officerterm",
        "governance.add_candidate",
        "governance.change_charterversion",
        "governance.change_motion",
        "governance.change_ballot",
        "governance.change_roadmapquarter",
        "auth.change_group",
        "auth.change_permission",
        "members.add_user",
        "members.delete_company",
    ]:
        assert not secretariat.has_perm(permission), permission


def test_a_refused_role_in_the_admin_says_why_and_changes_nothing(secretariat, company, coordinator, client_for):
    response = client_for(secretariat).post(
        admin_url(RoleAssignment, "add"),
        {"company": company.pk, "user": coordinator.pk, "role": "coordinator"},
        follow=True,
    )
    assert "already coordinator" in messages_of(response)
    assert RoleAssignment.objects.filter(user=coordinator).count() == 1
