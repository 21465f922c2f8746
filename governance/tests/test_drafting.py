"""Drafting motions in the portal: who may, the form of each kind, and changing a draft until it opens."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from governance.models import Candidate, Motion
from governance.services.drafting import MotionDraft, motion_create, motion_update
from governance.services.lifecycle import motion_give_notice, motion_open
from governance.tests.conftest import in_days
from governance.tests.factories import CharterVersionFactory, RoadmapQuarterFactory
from meetings.models import Kind, Meeting
from members.models import Company
from members.tests.factories import CompanyFactory

NEW = reverse("governance:motion-new")


def new_url(kind: str) -> str:
    return f"{NEW}?kind={kind}"


def edit_url(motion: Motion) -> str:
    return reverse("governance:motion-edit", args=[motion.pk])


def local(dt) -> str:
    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


RESOLUTION = {"title": "Meet in Barcelona", "text": "The board meets at the **Barcelona** summit."}


@pytest.fixture
def requested_company(db) -> Company:
    return CompanyFactory(name="Comcast", slug="comcast", status=Company.Status.REQUESTED, member_since=None)


@pytest.mark.parametrize("who", ["chair", "secretariat", "other_board_member"])
def test_the_chair_the_secretariat_and_seat_holders_may_draft(client_for, seats, request, who):
    body = client_for(request.getfixturevalue(who)).get(NEW).content.decode()
    assert "Draft a motion" in body
    for label in Motion.Kind.labels:
        assert label.replace("'", "&#x27;") in body


@pytest.mark.parametrize("who", ["member_user", "coordinator"])
def test_people_without_a_seat_cannot_draft(client_for, seats, request, who):
    user = request.getfixturevalue(who)
    assert client_for(user).get(NEW).status_code == 403
    assert client_for(user).post(new_url("resolution"), RESOLUTION).status_code == 403
    assert not Motion.objects.exists()


def test_an_anonymous_visitor_is_sent_to_sign_in(client, db):
    response = client.post(new_url("resolution"), RESOLUTION)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Motion.objects.exists()


def test_the_draft_page_accepts_only_get_and_post(client_for, chair):
    assert client_for(chair).put(new_url("resolution")).status_code == 405


def test_an_unknown_kind_shows_the_choice_of_kinds(client_for, chair):
    body = client_for(chair).get(new_url("nonsense")).content.decode()
    assert "Admit a company" in body and 'name="title"' not in body


def test_a_seat_holder_drafts_a_resolution_linked_to_a_meeting(client_for, seats, other_board_member):
    meeting = Meeting.objects.create(
        kind=Kind.GENERAL,
        title="General meeting",
        starts_at=in_days(-2),
        duration_minutes=60,
        agenda_published_at=in_days(-5),
    )
    deadline = in_days(10)
    data = {**RESOLUTION, "meeting": meeting.pk, "consensus_deadline": local(deadline)}
    response = client_for(other_board_member).post(new_url("resolution"), data, follow=True)
    motion = Motion.objects.get()
    assert response.redirect_chain[-1][0] == motion.get_absolute_url()
    assert "The draft is saved" in response.content.decode()
    assert (motion.kind, motion.status, motion.proposer, motion.meeting) == (
        "resolution",
        "draft",
        other_board_member,
        meeting,
    )
    assert abs(motion.consensus_deadline - deadline) < timedelta(minutes=1)
    assert motion.transitions.get().by == other_board_member


def test_a_missing_title_says_so_and_creates_nothing(client_for, chair):
    response = client_for(chair).post(new_url("resolution"), {"title": " ", "text": "Text"})
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert not Motion.objects.exists()


def test_a_deadline_in_the_past_says_so_and_creates_nothing(client_for, chair):
    data = {**RESOLUTION, "consensus_deadline": local(in_days(-1))}
    response = client_for(chair).post(new_url("resolution"), data)
    assert "The deadline must be in the future" in response.content.decode()
    assert not Motion.objects.exists()


def test_voting_must_end_after_the_consensus_deadline(client_for, chair):
    data = {**RESOLUTION, "consensus_deadline": local(in_days(5)), "voting_deadline": local(in_days(3))}
    response = client_for(chair).post(new_url("resolution"), data)
    assert "Voting must end after the consensus deadline" in response.content.decode()
    assert not Motion.objects.exists()


def test_an_admission_offers_only_companies_that_requested_membership(client_for, chair, requested_company):
    body = client_for(chair).get(new_url("admit")).content.decode()
    assert "Comcast" in body and ">NTT<" not in body
    data = {"title": "Admit Comcast", "text": "Resolved.", "subject_company": requested_company.pk}
    client_for(chair).post(new_url("admit"), data)
    assert Motion.objects.get().subject_company == requested_company


def test_admitting_a_company_that_is_already_a_member_is_refused(client_for, chair, other_company):
    data = {"title": "Admit NTT", "text": "Resolved.", "subject_company": other_company.pk}
    response = client_for(chair).post(new_url("admit"), data)
    assert "Select a valid choice" in response.content.decode()
    assert not Motion.objects.exists()


def test_a_revocation_draft_shows_each_seated_companys_compliance(client_for, chair, other_company):
    Company.objects.filter(pk=other_company.pk).update(contributing_ftes=1, roadmap_ftes=1)
    body = client_for(chair).get(new_url("revoke")).content.decode()
    assert "1 contributing FTE, charter requires at least 4" in body
    data = {"title": "Revoke NTT", "text": "NTT no longer contributes.", "subject_company": other_company.pk}
    client_for(chair).post(new_url("revoke"), data)
    assert Motion.objects.get().subject_company == other_company


def test_a_charter_amendment_starts_from_the_current_text(client_for, chair):
    CharterVersionFactory(number=1, text="# Charter v1")
    CharterVersionFactory(number=2, text="# Charter v2, the current one")
    body = client_for(chair).get(new_url("charter_amendment")).content.decode()
    assert "# Charter v2, the current one" in body
    data = {"title": "Amend", "text": "Why.", "charter_text": "# Charter v3", "charter_change_summary": "Quorum"}
    client_for(chair).post(new_url("charter_amendment"), data)
    motion = Motion.objects.get()
    assert (motion.charter_text, motion.charter_change_summary) == ("# Charter v3", "Quorum")


def test_a_charter_amendment_needs_its_change_summary(client_for, chair):
    data = {"title": "Amend", "text": "Why.", "charter_text": "# Charter v3"}
    response = client_for(chair).post(new_url("charter_amendment"), data)
    assert "This field is required" in response.content.decode()
    assert not Motion.objects.exists()


def test_a_roadmap_approval_names_an_unpublished_quarter(client_for, chair):
    published = RoadmapQuarterFactory(year=2016, quarter=4, published_at=timezone.now())
    pending = RoadmapQuarterFactory(year=2017, quarter=1)
    body = client_for(chair).get(new_url("roadmap_approval")).content.decode()
    assert "2017 Q1" in body and "2016 Q4" not in body
    client_for(chair).post(new_url("roadmap_approval"), {"title": "Q1", "text": "Ok.", "roadmap_quarter": pending.pk})
    assert Motion.objects.get().roadmap_quarter == pending
    response = client_for(chair).post(
        new_url("roadmap_approval"), {"title": "Q4", "text": "Ok.", "roadmap_quarter": published.pk}
    )
    assert "Select a valid choice" in response.content.decode()


def test_an_election_chooses_candidates_among_seat_holders(client_for, chair, seats, other_board_member, other_company):
    data = {
        "title": "Elect the chair",
        "text": "For 2017.",
        "office": "chair",
        "candidates": [chair.pk, other_board_member.pk],
        "secret_ballot": "on",
    }
    client_for(chair).post(new_url("election"), data)
    motion = Motion.objects.get()
    assert motion.secret_ballot
    assert set(Candidate.objects.values_list("user__email", "company__slug", "office")) == {
        ("board.att@example.org", "att", "chair"),
        ("board.ntt@example.org", "ntt", "chair"),
    }


def test_an_election_refuses_a_candidate_without_a_seat(client_for, chair, seats, coordinator):
    data = {"title": "Elect", "text": "For 2017.", "office": "chair", "candidates": [coordinator.pk]}
    response = client_for(chair).post(new_url("election"), data)
    assert "Select a valid choice" in response.content.decode()
    assert not Motion.objects.exists()


def test_the_governance_page_links_to_drafting_for_those_who_may(client_for, client, seats, other_board_member):
    assert NEW in client_for(other_board_member).get(reverse("governance:index")).content.decode()
    assert NEW not in client.get(reverse("governance:index")).content.decode()


def test_a_draft_is_listed_for_its_proposer_and_the_board_and_for_no_one_else(
    client_for, seats, other_board_member, third_board_member, coordinator
):
    motion = motion_create(by=other_board_member, draft=MotionDraft(**RESOLUTION))
    index = reverse("governance:index")
    assert motion.title in client_for(other_board_member).get(index).content.decode()
    assert motion.title in client_for(third_board_member).get(index).content.decode()
    assert motion.title not in client_for(coordinator).get(index).content.decode()
    assert motion.title not in client_for(None).get(index).content.decode()


# Changing a draft


@pytest.fixture
def ntt_draft(seats, other_board_member) -> Motion:
    return motion_create(by=other_board_member, draft=MotionDraft(**RESOLUTION))


@pytest.mark.parametrize("who", ["other_board_member", "chair", "secretariat"])
def test_the_proposer_the_chair_and_the_secretariat_change_a_draft(client_for, ntt_draft, request, who):
    client = client_for(request.getfixturevalue(who))
    assert "Meet in Barcelona" in client.get(edit_url(ntt_draft)).content.decode()
    response = client.post(edit_url(ntt_draft), {"title": "Meet in Boston", "text": "Boston."})
    assert response.status_code == 302
    ntt_draft.refresh_from_db()
    assert (ntt_draft.title, ntt_draft.text, ntt_draft.status) == ("Meet in Boston", "Boston.", "draft")


def test_another_seat_holder_cannot_change_a_draft(client_for, ntt_draft, third_board_member):
    client = client_for(third_board_member)
    assert client.get(edit_url(ntt_draft)).status_code == 403
    assert client.post(edit_url(ntt_draft), {"title": "Hijacked", "text": "x"}).status_code == 403
    ntt_draft.refresh_from_db()
    assert ntt_draft.title == "Meet in Barcelona"


def test_an_anonymous_visitor_cannot_change_a_draft(client, ntt_draft):
    response = client.post(edit_url(ntt_draft), {"title": "Hijacked", "text": "x"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    ntt_draft.refresh_from_db()
    assert ntt_draft.title == "Meet in Barcelona"


def test_the_edit_page_accepts_only_get_and_post(client_for, ntt_draft, other_board_member):
    assert client_for(other_board_member).delete(edit_url(ntt_draft)).status_code == 405


def test_a_bad_change_says_why_and_changes_nothing(client_for, ntt_draft, other_board_member):
    response = client_for(other_board_member).post(edit_url(ntt_draft), {"title": "", "text": "x"})
    assert "This field is required" in response.content.decode()
    ntt_draft.refresh_from_db()
    assert ntt_draft.text == RESOLUTION["text"]


def test_an_opened_motion_can_no_longer_be_changed(client_for, ntt_draft, chair, other_board_member):
    motion_open(motion=ntt_draft, by=chair, consensus_deadline=in_days(7))
    response = client_for(other_board_member).post(edit_url(ntt_draft), {"title": "Later", "text": "x"}, follow=True)
    assert "Only a draft can be changed" in response.content.decode()
    ntt_draft.refresh_from_db()
    assert ntt_draft.title == "Meet in Barcelona"


def test_the_motion_page_links_the_proposer_to_changing_the_draft(client_for, client, ntt_draft, other_board_member):
    assert edit_url(ntt_draft) in client_for(other_board_member).get(ntt_draft.get_absolute_url()).content.decode()
    assert edit_url(ntt_draft) not in client.get(ntt_draft.get_absolute_url()).content.decode()


def test_changing_an_election_replaces_its_candidates(client_for, chair, seats, other_board_member, third_board_member):
    draft = MotionDraft(title="Elect", text="x", office="chair", candidates=(other_board_member,))
    motion = motion_create(by=chair, kind="election", draft=draft)
    data = {"title": "Elect", "text": "x", "office": "co_chair", "candidates": [third_board_member.pk]}
    client_for(chair).post(edit_url(motion), data)
    assert list(motion.candidates.values_list("user", "office")) == [(third_board_member.pk, "co_chair")]


def test_after_notice_a_revocation_keeps_its_company(
    client_for, chair, secretariat, seats, other_company, third_company
):
    draft = MotionDraft(title="Revoke", text="x", subject_company=other_company)
    motion = motion_create(by=chair, kind="revoke", draft=draft)
    motion_give_notice(motion=motion, by=secretariat)
    client_for(chair).post(edit_url(motion), {"title": "Revoke NTT", "text": "y", "subject_company": third_company.pk})
    motion.refresh_from_db()
    assert (motion.title, motion.subject_company) == ("Revoke NTT", other_company)


def test_opening_starts_from_the_proposed_deadline(client_for, chair):
    deadline = in_days(12)
    motion = motion_create(by=chair, draft=MotionDraft(**RESOLUTION, consensus_deadline=deadline))
    body = client_for(chair).get(motion.get_absolute_url()).content.decode()
    assert f'value="{local(deadline)}"' in body
    assert "Objections until (proposed)" in body


# The service itself


def test_a_coordinator_cannot_propose_through_the_service(coordinator):
    with pytest.raises(PermissionDenied):
        motion_create(by=coordinator, draft=MotionDraft(**RESOLUTION))


def test_the_service_refuses_to_admit_a_member(chair, other_company):
    with pytest.raises(ValidationError, match="has not requested membership"):
        motion_create(by=chair, kind="admit", draft=MotionDraft(title="Admit", text="x", subject_company=other_company))


def test_the_service_refuses_an_election_without_candidates_or_with_one_without_a_seat(chair, coordinator):
    with pytest.raises(ValidationError, match="at least one candidate"):
        motion_create(by=chair, kind="election", draft=MotionDraft(title="Elect", text="x", office="chair"))
    with pytest.raises(ValidationError, match="holds no board seat"):
        draft = MotionDraft(title="Elect", text="x", office="chair", candidates=(coordinator,))
        motion_create(by=chair, kind="election", draft=draft)
    assert not Motion.objects.exists()


def test_the_service_changes_only_drafts(consensus_motion, chair):
    with pytest.raises(ValidationError, match="Only a draft"):
        motion_update(motion=consensus_motion, by=chair, draft=MotionDraft(title="Later", text="x"))
