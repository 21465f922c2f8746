"""The acts that run a motion (the chair's and the Secretariat's): notice, open, call a vote, close, withdraw.

Each is one `Act` (who may, what the confirmation page says, which service it calls) and one line
naming it as a view; `_perform` is the view they share.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from governance import permissions
from governance.forms import CloseForm, DeadlineForm, WithdrawForm
from governance.models import Motion
from governance.rules import Counts, quorum_met, quorum_needed, rules_for
from governance.services.lifecycle import (
    motion_call_vote,
    motion_close,
    motion_give_notice,
    motion_open,
    motion_withdraw,
    seats_not_voted,
)
from kernel.confirm import confirm_page, is_confirmed, people
from kernel.events import audience_count
from kernel.templatetags.portal_time import format_when
from kernel.view_helpers import message_refusal
from members.models import User


@dataclass(frozen=True)
class Question:
    """What the confirmation page asks before the act."""

    title: str
    consequences: list[str]
    button: str
    danger: bool = True


@dataclass(frozen=True)
class Act:
    """One act on a motion, as its view performs it."""

    may: Callable[[User, Motion], bool]
    refusal: Callable[[Motion], str]  # the 403's words for someone who may not
    ask: Callable[[Motion, dict[str, Any]], Question]  # given the motion and the fields posted
    run: Callable[[Motion, User, dict[str, Any]], object]  # the service
    done: str
    # A deadline posted with the motion page's button, checked before asking: invalid, nothing is asked.
    deadline: bool = False
    # Filled in on the confirmation page (a reason), when the act needs it for this motion.
    asked: Callable[[Motion], type[forms.Form] | None] = lambda motion: None


def _perform(request: HttpRequest, pk: int, act: Act) -> HttpResponse:
    """Refuse someone who may not; ask once more, stating the consequences; then call the service.

    A refusal by the service is shown on the confirmation page when it asked for something (a reason
    can be corrected there), else as a message on the motion.
    """
    motion = get_object_or_404(Motion.objects.select_related("subject_company"), pk=pk)
    if not act.may(request.user, motion):
        # no confirmation page for someone who may not act (the service refuses them too)
        raise PermissionDenied(act.refusal(motion))
    fields: dict[str, Any] = {}
    if act.deadline:
        posted = DeadlineForm(request.POST)
        if not posted.is_valid():
            messages.error(request, "Give a valid deadline.")
            return redirect(motion)
        fields = posted.cleaned_data
    confirmed = is_confirmed(request)
    asked = act.asked(motion)
    form = None if asked is None else asked(request.POST) if confirmed else asked(initial=request.POST)
    if confirmed and (form is None or form.is_valid()):
        try:
            act.run(motion, request.user, {**fields, **(form.cleaned_data if form else {})})
        except ValidationError as error:
            if form is None:
                message_refusal(request, error)
                return redirect(motion)
            form.add_error(None, error)
        else:
            messages.success(request, act.done)
            return redirect(motion)
    question = act.ask(motion, fields)
    return confirm_page(
        request,
        title=question.title,
        consequences=question.consequences,
        button=question.button,
        danger=question.danger,
        cancel_url=motion.get_absolute_url(),
        form=form,
    )


def _when(moment: datetime) -> str:
    return format_when(moment)


def _closes_early(motion: Motion) -> bool:
    return bool(
        motion.status == Motion.Status.VOTING and motion.voting_deadline and motion.voting_deadline > timezone.now()
    )


def _close_consequences(motion: Motion) -> list[str]:
    """What closing does now, from the count of ballots alone (the tally stays sealed)."""
    count = audience_count("motion_closed", motion=motion)
    mail = f"The result is final and published; this e-mails {people(count)} on the board."
    if motion.status != Motion.Status.VOTING:
        return [mail]
    seats = motion.electorate.count()
    missing = seats_not_voted(motion)
    cast = seats - missing
    consequences = []
    if motion.voting_deadline and motion.voting_deadline > timezone.now():
        consequences.append(f"Voting closes before its deadline of {_when(motion.voting_deadline)}.")
    if missing:
        rule = rules_for(motion.kind)["quorum"]
        verb = "have" if missing != 1 else "has"
        line = f"{missing} seat{'s' if missing != 1 else ''} {verb} not voted ({cast} of {seats} cast)"
        if not quorum_met(rule, Counts(seats=seats, abstain=cast)):
            line += f"; the motion will fail for lack of quorum ({quorum_needed(rule, seats)} ballots needed)"
        consequences.append(line + ".")
    else:
        consequences.append(f"Every seat has voted ({cast} of {seats}).")
    return [*consequences, mail]


def _close_question(motion: Motion, fields: dict[str, Any]) -> Question:
    label = "voting" if motion.status == Motion.Status.VOTING else "consensus"
    return Question(f"Close {label} on “{motion.title}”?", _close_consequences(motion), f"Close {label}")


def _withdraw_question(motion: Motion, fields: dict[str, Any]) -> Question:
    consequences = ["The motion is withdrawn for good, with your reason in its record. This cannot be undone."]
    if motion.status == Motion.Status.VOTING:
        consequences.append(f"Voting is open: the {motion.ballots.count()} ballots cast are never counted.")
    if motion.status != Motion.Status.DRAFT:
        consequences.append(f"This e-mails {people(audience_count('motion_closed', motion=motion))} on the board.")
    return Question(f"Withdraw “{motion.title}”?", consequences, "Withdraw the motion")


NOTICE = Act(
    may=lambda user, motion: permissions.can_run_motions(user),
    refusal=lambda motion: permissions.GIVE_NOTICE_REFUSAL,
    ask=lambda motion, fields: Question(
        f"Give {motion.subject_company} notice of revocation?",
        [
            f"{motion.subject_company} goes under review, in public, and its cure period starts.",
            f"This e-mails {people(audience_count('revocation_notice', motion=motion))}: the company's coordinators.",
        ],
        "Give notice",
    ),
    run=lambda motion, by, fields: motion_give_notice(motion=motion, by=by),
    done="Notice given: the company is under review and its coordinators are told; the cure period has started.",
)
OPEN = Act(
    may=lambda user, motion: permissions.can_run_motions(user),
    refusal=lambda motion: permissions.OPEN_REFUSAL,
    deadline=True,
    ask=lambda motion, fields: Question(
        f"Open “{motion.title}” for consensus?",
        [
            f"This e-mails {people(audience_count('motion_opened', motion=motion))} on the board, "
            "and the motion becomes public.",
            f"Seats may object until {_when(fields['deadline'])}; without an objection it is adopted then.",
        ],
        "Open for consensus",
        danger=False,
    ),
    run=lambda motion, by, fields: motion_open(motion=motion, by=by, consensus_deadline=fields["deadline"]),
    done="The motion is open for consensus.",
)
CALL_VOTE = Act(
    may=lambda user, motion: permissions.can_call_vote(user),
    refusal=lambda motion: permissions.CALL_VOTE_REFUSAL,
    deadline=True,
    ask=lambda motion, fields: Question(
        f"Call a vote on “{motion.title}”?",
        [
            f"This e-mails {people(audience_count('motion_vote_called', motion=motion))} on the board.",
            f"Each seat may vote until {_when(fields['deadline'])}; voting then closes by itself.",
        ],
        "Call the vote",
        danger=False,
    ),
    run=lambda motion, by, fields: motion_call_vote(motion=motion, by=by, voting_deadline=fields["deadline"]),
    done="Voting is open.",
)
CLOSE = Act(
    may=lambda user, motion: permissions.can_run_motions(user),
    refusal=lambda motion: permissions.CLOSE_REFUSAL,
    asked=lambda motion: CloseForm if _closes_early(motion) else None,
    ask=_close_question,
    run=lambda motion, by, fields: motion_close(motion=motion, by=by, reason=fields.get("reason", "")),
    done="The motion is closed.",
)
WITHDRAW = Act(
    may=lambda user, motion: permissions.can_withdraw(user, motion),
    refusal=permissions.withdraw_refusal,
    asked=lambda motion: WithdrawForm,
    ask=_withdraw_question,
    run=lambda motion, by, fields: motion_withdraw(motion=motion, by=by, reason=fields["reason"]),
    done="The motion is withdrawn.",
)


def _view(act: Act) -> Callable[[HttpRequest, int], HttpResponse]:
    """The act as a view: POST only, signed in."""

    def view(request: HttpRequest, pk: int) -> HttpResponse:
        return _perform(request, pk, act)

    return require_POST(login_required(view))


motion_notice = _view(NOTICE)
motion_open_view = _view(OPEN)
motion_call_vote_view = _view(CALL_VOTE)
motion_close_view = _view(CLOSE)
motion_withdraw_view = _view(WITHDRAW)
