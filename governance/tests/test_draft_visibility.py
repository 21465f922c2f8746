"""A draft motion is seen by those who may change it and by the board; once open, by everyone."""

import pytest


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
