"""A seat's consensus answer shows as chosen ("You agreed · change"), may carry a comment, and every
answer, each change included, appears in the motion's history and its hash-chained record."""

import pytest

from governance.models import ConsensusStance, MotionLogEntry
from governance.record import motion_verify

pytestmark = pytest.mark.django_db


def motion_page(client, motion) -> str:
    response = client.get(motion.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def history(html: str) -> str:
    return html.split("<h2>History</h2>")[1]


def test_an_answer_shows_as_chosen_with_its_comment_and_a_change_link(client_for, consensus_motion, other_board_member):
    client = client_for(other_board_member)
    before = motion_page(client, consensus_motion)
    assert 'data-testid="stance-chosen"' not in before and '<details class="gov-stance" open' in before
    response = client.post(
        f"/governance/motions/{consensus_motion.pk}/stance/",
        {"company": "ntt", "stance": "agree", "comment": "Good for operators."},
    )
    assert response.status_code == 302
    html = motion_page(client, consensus_motion)
    chosen = html.split('data-testid="stance-chosen">')[1].split("</p>")[0]
    assert chosen.startswith("<strong>You agreed</strong> for NTT")
    assert "“Good for operators.”" in chosen and '· <a href="#stance-ntt">change</a>' in chosen
    assert '<details class="gov-stance" id="stance-ntt">' in html  # folded once answered
    assert "Good for operators.</textarea>" in html


def test_every_answer_and_each_change_is_in_the_history_and_the_record(
    client_for, consensus_motion, other_board_member, third_board_member
):
    client = client_for(other_board_member)
    url = f"/governance/motions/{consensus_motion.pk}/stance/"
    client.post(url, {"company": "ntt", "stance": "agree", "comment": "Good for operators."})
    client.post(url, {"company": "ntt", "stance": "stand_aside", "comment": ""})
    client_for(third_board_member).post(url, {"company": "orange", "stance": "agree"})
    past = history(motion_page(client_for(None), consensus_motion))
    assert "NTT agrees: “Good for operators.”" in past
    assert "NTT stands aside</li>" in past
    assert "Orange agrees</li>" in past or "agrees</li>" in past.split("NTT stands aside")[1]
    entries = list(MotionLogEntry.objects.filter(motion=consensus_motion, event="stance").order_by("seq"))
    assert [e.payload for e in entries][:2] == [
        {"company": "ntt", "stance": "agree", "comment": "Good for operators."},
        {"company": "ntt", "stance": "stand_aside"},  # no comment: the payload keeps its earlier form
    ]
    consensus_motion.refresh_from_db()
    assert motion_verify(consensus_motion).ok


def test_an_objection_and_its_withdrawal_are_in_the_history(client_for, consensus_motion, other_board_member):
    client = client_for(other_board_member)
    client.post(f"/governance/motions/{consensus_motion.pk}/object/", {"company": "ntt", "reason": "Too soon."})
    client.post(f"/governance/motions/{consensus_motion.pk}/withdraw-objection/", {"company": "ntt"})
    past = history(motion_page(client, consensus_motion))
    assert "NTT objects: “Too soon.”" in past and "NTT withdraws its objection" in past


def test_a_comment_too_long_is_refused_and_changes_nothing(client_for, consensus_motion, other_board_member):
    client = client_for(other_board_member)
    response = client.post(
        f"/governance/motions/{consensus_motion.pk}/stance/",
        {"company": "ntt", "stance": "agree", "comment": "x" * 5001},
        follow=True,
    )
    assert "at most 5000 characters" in response.content.decode()
    assert not ConsensusStance.objects.filter(motion=consensus_motion).exists()


def test_nobody_answers_for_another_company(client_for, consensus_motion, other_board_member, member_user):
    for user in (other_board_member, member_user):
        response = client_for(user).post(
            f"/governance/motions/{consensus_motion.pk}/stance/", {"company": "orange", "stance": "agree"}
        )
        assert response.status_code == 403
    assert not ConsensusStance.objects.filter(motion=consensus_motion).exists()
