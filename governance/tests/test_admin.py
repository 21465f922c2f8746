"""The governance admin: every model is there; the motion's record can be read but not edited."""

import pytest
from django.contrib import admin
from django.urls import reverse

from governance.models import (
    Ballot,
    Candidate,
    CharterVersion,
    Motion,
    MotionLogEntry,
    MotionTransition,
    Objection,
    OfficerTerm,
    RoadmapEntry,
    RoadmapItem,
    RoadmapQuarter,
    RoadmapVector,
)
from governance.services.ballots import ballot_cast
from governance.services.lifecycle import motion_close
from members.tests.factories import UserFactory

MODELS = [
    Ballot,
    Candidate,
    CharterVersion,
    Motion,
    MotionLogEntry,
    MotionTransition,
    Objection,
    OfficerTerm,
    RoadmapEntry,
    RoadmapItem,
    RoadmapQuarter,
    RoadmapVector,
]


@pytest.fixture
def superuser(db):
    return UserFactory(email="admin@example.org", is_staff=True, is_superuser=True)


@pytest.fixture
def ballot(voting_motion, other_company, other_board_member) -> Ballot:
    ballot_cast(motion=voting_motion, company=other_company, by=other_board_member, choice="yes")
    ballot, _ = ballot_cast(motion=voting_motion, company=other_company, by=other_board_member, choice="no")
    return ballot


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:governance_{model._meta.model_name}_{view}", args=args)


def test_every_governance_model_is_in_the_admin():
    assert all(admin.site.is_registered(model) for model in MODELS)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_governance_changelist_opens(client_for, superuser, ballot, model):
    assert client_for(superuser).get(admin_url(model, "changelist")).status_code == 200


def test_a_motion_opens_in_the_admin_with_its_record(client_for, superuser, ballot):
    response = client_for(superuser).get(admin_url(Motion, "change", ballot.motion_id))
    assert response.status_code == 200
    assert "Objection raised" in response.content.decode()


@pytest.mark.parametrize("model", [Ballot, MotionLogEntry, Objection, MotionTransition], ids=lambda m: m.__name__)
def test_the_record_has_no_add_change_or_delete_in_the_admin(rf, superuser, model):
    request = rf.get("/")
    request.user = superuser
    model_admin = admin.site._registry[model]
    assert model_admin.has_view_permission(request)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


def test_posting_to_a_ballot_change_page_changes_nothing(client_for, superuser, ballot):
    response = client_for(superuser).post(admin_url(Ballot, "change", ballot.pk), {"choice": "yes"})
    assert response.status_code == 403
    ballot.refresh_from_db()
    assert ballot.choice == "no"


def test_a_ballot_history_is_shown_but_cannot_be_reverted(client_for, superuser, ballot, chair):
    # shown once the vote has closed: while it is open a ballot's versions are sealed (test_ballot_secrecy)
    client = client_for(superuser)
    first = ballot.history.earliest()
    assert client.get(admin_url(Ballot, "history", ballot.pk)).status_code == 403  # sealed while voting is open
    motion_close(motion=ballot.motion, by=chair, reason="Closed for the test")
    assert client.get(admin_url(Ballot, "history", ballot.pk)).status_code == 200
    page = client.get(admin_url(Ballot, "simple_history", ballot.pk, first.history_id))
    assert page.status_code == 200 and "Revert" not in page.content.decode()
    response = client.post(admin_url(Ballot, "simple_history", ballot.pk, first.history_id), {})
    assert response.status_code == 403
    ballot.refresh_from_db()
    assert ballot.choice == "no"


def test_deleting_a_log_entry_through_the_admin_is_refused(client_for, superuser, ballot):
    entry = MotionLogEntry.objects.filter(motion=ballot.motion).last()
    response = client_for(superuser).post(admin_url(MotionLogEntry, "delete", entry.pk), {"post": "yes"})
    assert response.status_code == 403
    assert MotionLogEntry.objects.filter(pk=entry.pk).exists()


def test_a_board_member_cannot_open_the_admin(client_for, other_board_member):
    response = client_for(other_board_member).get(admin_url(Ballot, "changelist"))
    assert response.status_code == 302
