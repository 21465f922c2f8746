"""A draft motion is seen by those who may change it and by the board; once open, by everyone."""

import pytest

from governance.models import Motion
from governance.services.drafting import MotionDraft, motion_create
from governance.services.lifecycle import motion_give_notice


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 404),
        ("member_user", 404),
        ("coordinator", 404),
        ("other_board_member", 200),
        ("chair", 200),
        ("secretariat", 200),
    ],
)
def test_a_draft_motion_page_is_hidden_from_people_outside_the_board(draft, who, status, request, client_for):
    user = None if who == "anonymous" else request.getfixturevalue(who)
    assert client_for(user).get(draft.get_absolute_url()).status_code == status


def test_an_opened_motion_page_is_public(consensus_motion, client_for):
    assert client_for(None).get(consensus_motion.get_absolute_url()).status_code == 200


def test_a_revocation_draft_is_public_once_notice_is_given(client_for, chair, secretariat, seats, other_company):
    draft = MotionDraft(title="Revoke NTT", text="Criteria not met.", subject_company=other_company)
    motion = motion_create(by=chair, kind=Motion.Kind.REVOKE, draft=draft)
    assert client_for(None).get(motion.get_absolute_url()).status_code == 404
    motion_give_notice(motion=motion, by=secretariat)
    assert client_for(None).get(motion.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(("who", "status"), [("anonymous", 404), ("member_user", 404), ("secretariat", 200)])
def test_a_draft_motion_record_is_hidden_like_the_draft(draft, who, status, request, client_for):
    from django.urls import reverse

    user = None if who == "anonymous" else request.getfixturevalue(who)
    response = client_for(user).get(reverse("governance:motion-verify", args=[draft.pk]))
    assert response.status_code == status
    assert (draft.title in response.content.decode()) == (status == 200)
