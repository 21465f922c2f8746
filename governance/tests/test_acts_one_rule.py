"""When an act on a motion is possible, and what a person who may not is told, each have one home: the
motion page's buttons, the action views' 403 and the services agree."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from governance import permissions
from governance.models import Motion
from governance.services.lifecycle import motion_call_vote
from governance.tests.factories import MotionFactory
from governance.views import chair

ACTS = {
    "give_notice": chair.NOTICE,
    "open": chair.OPEN,
    "call_vote": chair.CALL_VOTE,
    "close": chair.CLOSE,
    "withdraw": chair.WITHDRAW,
}


@pytest.mark.parametrize("status", Motion.Status.values)
@pytest.mark.parametrize("kind", [Motion.Kind.RESOLUTION, Motion.Kind.ELECTION])
def test_the_vote_button_is_shown_exactly_when_the_service_calls_the_vote(status, kind, seats, chair):
    """Before, motion.html decided on its own when a vote may be called."""
    motion = MotionFactory(proposer=chair, status=status, kind=kind)
    shown = permissions.motion_acts(chair, motion).call_vote
    try:
        motion_call_vote(motion=motion, by=chair, voting_deadline=timezone.now() + timedelta(days=3))
    except ValidationError:
        accepted = False
    else:
        accepted = True
    assert shown is accepted


@pytest.mark.parametrize("status", [Motion.Status.DRAFT, Motion.Status.CONSENSUS, Motion.Status.VOTING])
@pytest.mark.parametrize("name", list(ACTS))
def test_the_action_view_and_the_service_refuse_in_the_same_words(name, status, seats, member_user, chair):
    """Before, the four refusals were copied between the views and the services, and withdrawing differed."""
    motion = MotionFactory(proposer=chair, status=status, kind=Motion.Kind.RESOLUTION)
    act = ACTS[name]
    assert not act.may(member_user, motion)
    fields = {"deadline": timezone.now() + timedelta(days=3), "reason": "Because."}
    with pytest.raises(PermissionDenied) as refused:
        act.run(motion, member_user, fields)
    assert str(refused.value) == act.refusal(motion)


@pytest.mark.parametrize("who", ["anonymous", "member_user", "other_board_member", "chair", "secretariat"])
@pytest.mark.parametrize("status", Motion.Status.values)
def test_the_page_offers_an_act_only_to_whom_the_view_lets_act(who, status, persona, seats, chair):
    motion = MotionFactory(proposer=chair, status=status)
    user = persona(who)
    if user is None:
        from django.contrib.auth.models import AnonymousUser

        user = AnonymousUser()
    acts = permissions.motion_acts(user, motion)
    for name, act in ACTS.items():
        assert not getattr(acts, name) or act.may(user, motion), name
    assert acts.any is any(getattr(acts, name) for name in ACTS)
