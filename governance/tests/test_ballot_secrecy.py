"""While voting is open nobody, staff and superusers included, sees the tally move: only how many
ballots are cast (and, for recorded votes, which seats voted). A secret ballot never shows who voted how."""

import pytest
from django.urls import reverse

from governance.models import Ballot, Candidate, Motion, MotionLogEntry
from governance.services.ballots import ballot_cast
from governance.services.lifecycle import motion_call_vote, motion_close, motion_open
from governance.tests.conftest import in_days
from governance.tests.factories import MotionFactory
from members.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(db):
    return UserFactory(email="root@example.org", is_staff=True, is_superuser=True)


@pytest.fixture
def secret_election(seats, chair, company, other_company, other_board_member) -> Motion:
    motion = MotionFactory(proposer=chair, kind=Motion.Kind.ELECTION, secret_ballot=True, title="Chair 2027")
    Candidate.objects.create(motion=motion, office="chair", user=chair, company=company)
    Candidate.objects.create(motion=motion, office="chair", user=other_board_member, company=other_company)
    motion_open(motion=motion, by=chair, consensus_deadline=in_days(3))
    motion_call_vote(motion=motion, by=chair, voting_deadline=in_days(7))
    return motion


@pytest.fixture
def secret_ballot(secret_election, other_company, other_board_member) -> Ballot:
    candidate = secret_election.candidates.exclude(user=other_board_member).get()
    ballot, _ = ballot_cast(motion=secret_election, company=other_company, by=other_board_member, candidate=candidate)
    return ballot


@pytest.fixture
def open_ballot(voting_motion, third_company, third_board_member) -> Ballot:
    ballot, _ = ballot_cast(motion=voting_motion, company=third_company, by=third_board_member, choice="no")
    return ballot


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:governance_{model._meta.model_name}_{view}", args=args)


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_the_ballot_admin_does_not_show_an_open_vote(client_for, superuser, open_ballot):
    client = client_for(superuser)
    for url in [admin_url(Ballot, "changelist"), admin_url(Ballot, "change", open_ballot.pk)]:
        html = page(client, url)
        assert "Sealed while voting is open" in html
        assert ">No<" not in html
    assert "choice__exact" not in page(client, admin_url(Ballot, "changelist"))


def test_the_ballot_admin_never_shows_who_voted_how_in_a_secret_ballot(client_for, superuser, secret_ballot):
    client = client_for(superuser)
    name = str(secret_ballot.candidate.user)
    assert name not in page(client, admin_url(Ballot, "changelist"))
    assert name not in page(client, admin_url(Ballot, "change", secret_ballot.pk))


def test_a_ballots_history_pages_are_refused_while_voting_is_open(client_for, superuser, open_ballot):
    client = client_for(superuser)
    version = open_ballot.history.earliest()
    assert client.get(admin_url(Ballot, "history", open_ballot.pk)).status_code == 403
    assert client.get(admin_url(Ballot, "simple_history", open_ballot.pk, version.history_id)).status_code == 403


def test_a_ballot_entry_of_the_record_is_sealed_in_the_admin_while_open(client_for, superuser, open_ballot):
    entry = MotionLogEntry.objects.get(motion=open_ballot.motion, event="ballot")
    html = page(client_for(superuser), admin_url(MotionLogEntry, "change", entry.pk))
    assert "Sealed while voting is open" in html
    assert "&quot;choice&quot;" not in html and '"choice"' not in html


def test_a_closed_recorded_vote_shows_the_ballots_in_the_admin(client_for, superuser, open_ballot, chair):
    motion_close(motion=open_ballot.motion, by=chair, reason="Everyone present agreed to close.")
    html = page(client_for(superuser), admin_url(Ballot, "changelist"))
    assert ">No<" in html


@pytest.mark.parametrize("who", ["superuser", "secretariat", "chair"])
def test_the_motion_and_verify_pages_show_only_the_count_while_open(client_for, request, who, secret_ballot):
    client = client_for(request.getfixturevalue(who))
    motion = secret_ballot.motion
    html = page(client, reverse("governance:motion", args=[motion.pk]))
    assert "1 of 3" in html
    assert "Tally" not in html
    verify = page(client, reverse("governance:motion-verify", args=[motion.pk]))
    assert secret_ballot.receipt_hash not in verify
    # the page explains in words that ballots count "by candidate id"; what must not show is any entry
    # of the record, a ballot's payload ({"candidate": id, ...}) least of all, until the vote closes
    assert "The entries are published with the result" in verify
    assert "&quot;candidate&quot;" not in verify and '"candidate":' not in verify
    assert "gov-log" not in verify
