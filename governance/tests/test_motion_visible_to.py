"""Who sees a motion is one rule: `Motion.objects.visible_to(user)` for lists and `can_view` for one motion
agree for every persona and every status; the index, the search and the pages all follow it."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from conftest import ALL_PERSONAS
from governance.models import Motion
from governance.permissions import can_view
from governance.services.drafting import MotionDraft, motion_create
from governance.services.lifecycle import motion_give_notice
from governance.tests.factories import MotionFactory


@pytest.fixture
def every_motion(seats, member_user) -> list[Motion]:
    """A motion in every status, with and without notice, proposed by a person who holds no seat (a former
    seat holder keeps seeing their own drafts)."""
    return [
        MotionFactory(proposer=member_user, status=status, notice_given_at=notice)
        for status in Motion.Status.values
        for notice in (None, timezone.now())
    ]


@pytest.mark.parametrize("who", [*ALL_PERSONAS, "other_board_member"])
def test_the_list_rule_and_the_one_motion_rule_agree_for_every_persona_and_status(who, persona, every_motion):
    user = persona(who)
    reader = user if user is not None else _anonymous()
    listed = set(Motion.objects.visible_to(reader).values_list("pk", flat=True))
    assert listed == {m.pk for m in every_motion if can_view(reader, m)}
    public = {m.pk for m in every_motion if m.status != Motion.Status.DRAFT or m.notice_given_at}
    assert public <= listed


def _anonymous() -> AnonymousUser:
    return AnonymousUser()


@pytest.mark.parametrize(
    ("who", "sees_drafts"),
    [
        ("anonymous", False),
        ("member_user", True),  # the proposer, without a seat: their own drafts only
        ("coordinator", False),
        ("unseated_board_member", False),
        ("other_board_member", True),
        ("chair", True),
        ("secretariat", True),
        ("superuser", True),
    ],
)
def test_who_sees_a_draft(who, sees_drafts, persona, every_motion):
    reader = persona(who) or _anonymous()
    drafts = [m for m in every_motion if m.status == Motion.Status.DRAFT and m.notice_given_at is None]
    assert all(can_view(reader, m) is sees_drafts for m in drafts)


def test_a_seat_holder_finds_another_seats_draft_on_the_index_as_on_its_page(client_for, draft, other_board_member):
    """Before: a seat holder could open the chair's draft by its address, but the index listed it only for
    the chair and the Secretariat."""
    page = client_for(other_board_member).get(reverse("governance:index")).content.decode()
    assert draft.title in page.split("<h2>Drafts</h2>")[1]
    assert client_for(other_board_member).get(draft.get_absolute_url()).status_code == 200


def test_a_draft_given_notice_is_listed_for_everyone(client_for, chair, secretariat, seats, other_company):
    """Before: a revocation draft given notice was public by its address but listed nowhere."""
    draft = MotionDraft(title="Revoke NTT", text="Criteria not met.", subject_company=other_company)
    motion = motion_create(by=chair, kind=Motion.Kind.REVOKE, draft=draft)
    assert "Revoke NTT" not in client_for(None).get(reverse("governance:index")).content.decode()
    motion_give_notice(motion=motion, by=secretariat)
    assert "Revoke NTT" in client_for(None).get(reverse("governance:index")).content.decode()
    found = client_for(None).get(reverse("search"), {"q": "Revoke NTT"}).content.decode()
    assert motion.get_absolute_url() in found


def test_the_search_finds_a_draft_only_for_those_who_see_it(client_for, draft, other_board_member, coordinator):
    """Before: drafts were never searched, not even by those who may open them."""
    query = {"q": draft.title}
    assert draft.get_absolute_url() in client_for(other_board_member).get(reverse("search"), query).content.decode()
    assert draft.get_absolute_url() not in client_for(coordinator).get(reverse("search"), query).content.decode()
    assert draft.get_absolute_url() not in client_for(None).get(reverse("search"), query).content.decode()


def test_the_search_of_a_former_seat_holder_is_not_served_to_others(client_for, seats, member_user, coordinator):
    """The search is cached per audience: a person who sees their own drafts must not share an entry."""
    mine = MotionFactory(proposer=member_user, title="Quietly drafted")
    query = {"q": "Quietly drafted"}
    assert mine.get_absolute_url() in client_for(member_user).get(reverse("search"), query).content.decode()
    assert mine.get_absolute_url() not in client_for(coordinator).get(reverse("search"), query).content.decode()


def test_the_draft_page_says_who_sees_it(client_for, draft, chair, other_board_member):
    said = "seen only by its proposer, the chair, the Secretariat and the board's seat holders"
    assert said in client_for(other_board_member).get(draft.get_absolute_url()).content.decode()
    assert "seen only by you, the chair" in client_for(chair).get(reverse("governance:motion-new")).content.decode()
