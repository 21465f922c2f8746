import re

import pytest
from django.urls import reverse

from governance.models import Ballot, CharterVersion, Motion, MotionLogEntry
from governance.services.lifecycle import objection_raise
from governance.tests.conftest import in_days
from governance.tests.factories import RoadmapItemFactory, RoadmapQuarterFactory
from members.models import Team


def url(name: str, motion: Motion) -> str:
    return reverse(f"governance:{name}", args=[motion.pk])


def test_governance_index_shows_board_officers_and_open_motions(client, voting_motion, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        response = client.get(reverse("governance:index"))
    body = response.content.decode()
    assert response.status_code == 200
    assert voting_motion.title in body and "Chair" in body and "NTT" in body


def test_motion_page_is_public(client, voting_motion, django_assert_max_num_queries):
    # 9: the history's answers (each stance and objection) are read from the motion's record
    with django_assert_max_num_queries(9):
        response = client.get(url("motion", voting_motion))
    assert response.status_code == 200
    assert "Cast the vote" not in response.content.decode()


def test_a_seat_holder_sees_the_voting_form_for_their_own_company_only(
    client_for, voting_motion, other_board_member, django_assert_max_num_queries
):
    client = client_for(other_board_member)
    # 13, and 9 for the header's count of what waits for this person (kept per person once counted; the
    # tests run without the fragment cache, so each page builds it)
    with django_assert_max_num_queries(22):
        body = client.get(url("motion", voting_motion)).content.decode()
    assert "For NTT" in body and "Cast the vote" in body
    assert "For AT&amp;T" not in body


def test_a_seat_holder_votes_and_sees_the_receipt_once(client_for, voting_motion, other_board_member):
    client = client_for(other_board_member)
    response = client.post(url("motion-vote", voting_motion), {"company": "ntt", "choice": "yes"}, follow=True)
    body = response.content.decode()
    assert "NTT&#x27;s ballot is recorded: Yes" in body
    receipt = re.search(r'id="receipt-code">([A-Z0-9-]{24})<', body).group(1)
    assert "E-mail me this receipt" in body and 'data-copy="receipt-code"' in body
    ballot = Ballot.objects.get(motion=voting_motion)
    assert ballot.choice == "yes" and ballot.company.slug == "ntt"
    assert receipt not in client.get(url("motion", voting_motion)).content.decode()


def test_voting_for_another_company_is_forbidden(client_for, voting_motion, other_board_member):
    response = client_for(other_board_member).post(
        url("motion-vote", voting_motion), {"company": "att", "choice": "yes"}
    )
    assert response.status_code == 403
    assert not Ballot.objects.exists()


def test_an_invalid_choice_changes_nothing_and_says_why(client_for, voting_motion, other_board_member):
    response = client_for(other_board_member).post(
        url("motion-vote", voting_motion), {"company": "ntt", "choice": "maybe"}, follow=True
    )
    assert "Choose one option" in response.content.decode()
    assert not Ballot.objects.exists()


def test_voting_while_not_open_says_so(client_for, consensus_motion, other_board_member):
    response = client_for(other_board_member).post(
        url("motion-vote", consensus_motion), {"company": "ntt", "choice": "yes"}, follow=True
    )
    assert "Voting is not open" in response.content.decode()
    assert not Ballot.objects.exists()


@pytest.mark.parametrize(
    "name", ["motion-vote", "motion-object", "motion-open", "motion-call-vote", "motion-close", "motion-withdraw"]
)
def test_change_views_refuse_get(client_for, chair, voting_motion, name):
    assert client_for(chair).get(url(name, voting_motion)).status_code == 405


@pytest.mark.parametrize(
    "name", ["motion-vote", "motion-object", "motion-open", "motion-call-vote", "motion-close", "motion-withdraw"]
)
def test_change_views_send_anonymous_visitors_to_sign_in(client, voting_motion, name):
    response = client.post(url(name, voting_motion), {"company": "ntt", "choice": "yes"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    voting_motion.refresh_from_db()
    assert voting_motion.status == Motion.Status.VOTING and not Ballot.objects.exists()


def test_a_seat_holder_objects_during_consensus(client_for, consensus_motion, other_board_member):
    response = client_for(other_board_member).post(
        url("motion-object", consensus_motion), {"company": "ntt", "reason": "We need more time"}, follow=True
    )
    assert "objection is recorded" in response.content.decode()
    consensus_motion.refresh_from_db()
    assert consensus_motion.status == Motion.Status.OBJECTED


def test_a_coordinator_cannot_object(client_for, consensus_motion, coordinator):
    response = client_for(coordinator).post(url("motion-object", consensus_motion), {"company": "att", "reason": "x"})
    assert response.status_code == 403
    assert not consensus_motion.objections.exists()


CONFIRM = {"confirm": "yes"}


def test_the_chair_opens_a_draft(client_for, chair, draft):
    deadline = in_days(5).strftime("%Y-%m-%dT%H:%M")
    response = client_for(chair).post(url("motion-open", draft), {"deadline": deadline, **CONFIRM}, follow=True)
    assert "open for consensus" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Motion.Status.CONSENSUS


def test_opening_with_a_bad_deadline_changes_nothing(client_for, chair, draft):
    response = client_for(chair).post(url("motion-open", draft), {"deadline": "soon"}, follow=True)
    assert "valid deadline" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Motion.Status.DRAFT


@pytest.mark.parametrize("who", ["member_user", "coordinator", "other_board_member"])
def test_people_other_than_the_chair_and_secretariat_cannot_open_or_close(
    client_for, persona, draft, voting_motion, who
):
    client = client_for(persona(who))
    assert client.post(url("motion-open", draft), {"deadline": "2030-01-01T10:00"}).status_code == 403
    assert client.post(url("motion-close", voting_motion)).status_code == 403


def test_the_secretariat_cannot_call_a_vote(
    client_for, secretariat, consensus_motion, other_company, other_board_member
):
    objection_raise(motion=consensus_motion, company=other_company, by=other_board_member, reason="No")
    response = client_for(secretariat).post(url("motion-call-vote", consensus_motion), {"deadline": "2030-01-01T10:00"})
    assert response.status_code == 403


def test_the_chair_calls_a_vote_after_an_objection(
    client_for, chair, consensus_motion, other_company, other_board_member
):
    objection_raise(motion=consensus_motion, company=other_company, by=other_board_member, reason="No")
    deadline = in_days(5).strftime("%Y-%m-%dT%H:%M")
    client_for(chair).post(url("motion-call-vote", consensus_motion), {"deadline": deadline, **CONFIRM})
    consensus_motion.refresh_from_db()
    assert consensus_motion.status == Motion.Status.VOTING


def test_the_chair_closes_voting_and_everyone_reads_the_result_and_recorded_votes(
    client_for, client, chair, voting_motion, other_board_member, django_assert_max_num_queries
):
    client_for(other_board_member).post(url("motion-vote", voting_motion), {"company": "ntt", "choice": "no"})
    client_for(chair).post(url("motion-vote", voting_motion), {"company": "att", "choice": "yes"})
    closing = {**CONFIRM, "reason": "Orange is absent"}
    response = client_for(chair).post(url("motion-close", voting_motion), closing, follow=True)
    assert "The motion is closed" in response.content.decode()
    with django_assert_max_num_queries(8):
        body = client.get(url("motion", voting_motion)).content.decode()
    assert "Failed." in body and "Recorded votes" in body and "Verify the record" in body


def test_the_secretariat_withdraws_with_a_reason(client_for, secretariat, consensus_motion):
    client_for(secretariat).post(url("motion-withdraw", consensus_motion), {"reason": "Superseded", **CONFIRM})
    consensus_motion.refresh_from_db()
    assert consensus_motion.status == Motion.Status.WITHDRAWN


def test_withdrawing_without_a_reason_changes_nothing(client_for, chair, voting_motion):
    response = client_for(chair).post(url("motion-withdraw", voting_motion), {"reason": "", **CONFIRM}, follow=True)
    assert "This field is required" in response.content.decode()
    voting_motion.refresh_from_db()
    assert voting_motion.status == Motion.Status.VOTING


def test_verify_page_confirms_an_intact_record_and_finds_a_receipt(
    client, client_for, chair, voting_motion, other_board_member
):
    body = (
        client_for(other_board_member)
        .post(url("motion-vote", voting_motion), {"company": "ntt", "choice": "yes"}, follow=True)
        .content.decode()
    )
    receipt = re.search(r'id="receipt-code">([A-Z0-9-]{24})<', body).group(1)
    client_for(chair).post(url("motion-close", voting_motion), {**CONFIRM, "reason": "Two seats are away"})
    response = client.get(url("motion-verify", voting_motion), {"receipt": receipt})
    body = response.content.decode()
    assert "Verified: the chain of 5 entries is intact" in body
    assert "Your ballot is entry #4 and it counts: yes" in body


def test_verify_page_reports_a_deleted_entry(client, voting_motion):
    MotionLogEntry.objects.filter(motion=voting_motion, seq=2).delete()
    assert "Verification failed" in client.get(url("motion-verify", voting_motion)).content.decode()


def test_verify_page_refuses_post(client, voting_motion):
    assert client.post(url("motion-verify", voting_motion)).status_code == 405


def test_charter_page_shows_the_current_version_history_and_a_diff(client, db, django_assert_max_num_queries):
    CharterVersion.objects.create(
        number=1,
        effective_on="2016-05-01",
        text="One vote each.\nConsensus.",
        change_summary="First Draft",
        author_name="Jamey",
    )
    CharterVersion.objects.create(
        number=2,
        effective_on="2016-07-01",
        text="One vote each.\nConsensus first.",
        change_summary="Heavy reword",
        author_name="Andy",
    )
    with django_assert_max_num_queries(2):
        body = client.get(reverse("governance:charter")).content.decode()
    assert "Version 2" in body and "First Draft" in body and "Heavy reword" in body
    diff = client.get(reverse("governance:charter-diff"), {"a": 1, "b": 2}).content.decode()
    assert "Consensus<ins> first</ins>." in diff
    assert client.get(reverse("governance:charter-version", args=[1])).status_code == 200


def test_a_diff_of_a_missing_version_says_so(client, db):
    response = client.get(reverse("governance:charter-diff"), {"a": 1, "b": 9}, follow=True)
    assert "no such charter version" in response.content.decode()


def test_roadmap_and_teams_pages(client, db, django_assert_max_num_queries):
    team = Team.objects.create(name="Multisite Management and Upgradeability", slug="multisite")
    item = RoadmapItemFactory(title="Rolling upgrades", team=team)
    quarter = RoadmapQuarterFactory(year=2017, quarter=1, published_at=in_days(-1))
    quarter.entries.create(item=item, rank=1)
    with django_assert_max_num_queries(7):  # 6, and the plan's rows for the timeline
        body = client.get(reverse("governance:roadmap")).content.decode()
    assert "2017 Q1" in body and "Rolling upgrades" in body
    with django_assert_max_num_queries(5):
        body = client.get(reverse("governance:teams")).content.decode()
    assert "Multisite Management and Upgradeability" in body and "Rolling upgrades" in body


def test_home_page_lists_open_motions(client, voting_motion):
    assert voting_motion.title in client.get("/").content.decode()


def test_a_seat_holder_has_a_vote_now_link_to_the_ballot(client_for, voting_motion, other_board_member, client):
    body = client_for(other_board_member).get(url("motion", voting_motion)).content.decode()
    assert '<a class="button" href="#seat-ntt">Vote now</a>' in body and 'id="seat-ntt"' in body
    assert 'data-testid="vote-now"' not in client.get(url("motion", voting_motion)).content.decode()


def test_the_charter_page_says_which_versions_texts_are_preserved_and_offers_no_compare_with_one(client, db):
    CharterVersion.objects.create(
        number=1, effective_on="2016-05-01", text="", text_preserved=False, change_summary="First", author_name="J"
    )
    CharterVersion.objects.create(
        number=2, effective_on="2016-07-01", text="", text_preserved=False, change_summary="Reword", author_name="A"
    )
    CharterVersion.objects.create(
        number=3, effective_on="2016-09-22", text="One vote.", change_summary="C", author_name="G"
    )
    body = client.get(reverse("governance:charter")).content.decode()
    assert (
        "Texts preserved: version 3. Known only by their date, change and author: versions 1 and 2. "
        "Versions can be compared once two texts are preserved."
    ) in body
    assert reverse("governance:charter-diff") not in body


def test_the_compare_pickers_offer_only_versions_whose_texts_are_preserved(client, db):
    CharterVersion.objects.create(
        number=1, effective_on="2016-05-01", text="", text_preserved=False, change_summary="First", author_name="J"
    )
    CharterVersion.objects.create(
        number=3, effective_on="2016-09-22", text="One vote.", change_summary="C", author_name="G"
    )
    CharterVersion.objects.create(
        number=4, effective_on="2017-03-01", text="One vote each.", change_summary="R", author_name="G"
    )
    for page in [reverse("governance:charter"), reverse("governance:charter-diff") + "?a=3&b=4"]:
        html = client.get(page).content.decode()
        assert "Version 3 — " in html and "Version 4 — " in html
        assert "Version 1 — " not in html, page
    charter = client.get(reverse("governance:charter")).content.decode()
    assert "Texts preserved: versions 3 and 4. Known only by their date, change and author: version 1." in charter
