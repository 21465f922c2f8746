"""A motion's pages: the motion with its forms, its record verified, its record as JSON."""

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from governance import permissions
from governance.forms import BallotForm, DeadlineForm, ObjectionForm, WithdrawForm
from governance.models import ConsensusStance, Motion, MotionLogEntry
from governance.record import motion_export, motion_verify, receipt_find
from governance.rules import rules_in_words
from kernel.fragments import record_data
from kernel.validation import NOTE_MAX
from kernel.view_helpers import attachment
from members.compliance import CriterionResult, compliance_evaluate
from members.models import Company, User
from members.permissions import seat_companies


def _motion_rows(motion: Motion) -> dict[str, Any]:
    """The motion's rows every reader sees alike (cached per version of the public record)."""
    return {
        "electorate": list(motion.electorate.all()),
        "ballots": list(motion.ballots.select_related("company", "candidate__user")),
        "objections": list(motion.objections.select_related("company", "raised_by")),
        "stances": {s.company_id: s for s in motion.stances.all()},
        "candidates": list(motion.candidates.select_related("user", "company")),
        "candidate_tally": _candidate_tally(motion),
    }


def _motion_context(request: HttpRequest, motion: Motion) -> dict[str, Any]:
    """Everything the motion page shows: the record's rows, the reader's seats, the deadline, the acts."""
    rows = record_data(request, "motion-rows", motion.pk, build=lambda: _motion_rows(motion))
    return {
        "motion": motion,
        **_record(motion, rows),
        **_seats(request.user, motion, rows),
        **_deadline(motion),
        **_acts(request.user, motion),
        "receipt": _receipt_panel(request, motion),
    }


def _record(motion: Motion, rows: dict[str, Any]) -> dict[str, Any]:
    """What every reader sees: the electorate, the consensus round's answers, who has voted, the result."""
    electorate, ballots = rows["electorate"], rows["ballots"]
    objecting = {o.company_id for o in rows["objections"] if o.is_standing}
    voted = {b.company_id for b in ballots}
    recorded = not motion.secret_ballot  # who voted (and, once closed, how) is shown unless the ballot is secret
    return {
        "electorate": electorate,
        "ballots": ballots if permissions.shows_recorded_ballots(motion) else [],
        "ballots_cast": len(ballots),
        "objections": rows["objections"],
        "history": lambda: _history(motion, electorate),  # called by the template when its fragment is not cached
        "note_max": NOTE_MAX,
        "candidates": rows["candidates"],
        "compliance_reasons": _compliance_reasons(motion.subject_company)
        if motion.kind == Motion.Kind.REVOKE and motion.subject_company_id
        else None,
        "rules_in_words": rules_in_words(motion.kind, len(electorate)) if motion.status == Motion.Status.VOTING else [],
        "voted": [c for c in electorate if c.pk in voted] if recorded else [],
        "not_voted": [c for c in electorate if c.pk not in voted] if recorded else [],
        "answers": [(c, _answer(c, objecting, rows["stances"])) for c in electorate],
        "objectors": [c for c in electorate if c.pk in objecting],
        "candidate_tally": rows["candidate_tally"],
        "not_cast": max(motion.tally.get("seats", 0) - motion.tally.get("cast", 0), 0) if motion.tally else 0,
    }


@dataclass(frozen=True)
class HistoryAnswer:
    """A seat's answer in the consensus round, as its entry in the motion's record says it."""

    at: datetime
    company: str
    text: str
    comment: str = ""


ANSWER_WORDS = {"objection": "objects", "objection_withdrawn": "withdraws its objection"}


def _history(motion: Motion, electorate: list[Company]) -> list:
    """The status changes and every seat's answer (each stance, a change included), in time order."""
    entries = list(motion.log.filter(event__in=["stance", *ANSWER_WORDS]).order_by("seq"))
    names = {company.slug: company.name for company in electorate}  # only the electorate answers
    answers = [
        HistoryAnswer(
            at=e.at,
            company=names.get(e.payload.get("company"), e.payload.get("company", "")),
            text=ANSWER_WORDS.get(e.event) or ConsensusStance.Stance(e.payload["stance"]).label.lower(),
            comment=e.payload.get("reason") or e.payload.get("comment") or "",
        )
        for e in entries
    ]
    return sorted([*motion.transitions.select_related("by"), *answers], key=lambda item: item.at)


def _seats(user: User | AnonymousUser, motion: Motion, rows: dict[str, Any]) -> dict[str, Any]:
    """The reader's own seats on this motion's electorate, each with its ballot, objection and forms."""
    electorate_ids = {c.pk for c in rows["electorate"]}
    ballot_by_company = {b.company_id: b for b in rows["ballots"]}
    objecting = {o.company_id for o in rows["objections"] if o.is_standing}
    seat_forms = []
    for company in (c for c in seat_companies(user) if c.pk in electorate_ids):
        current = ballot_by_company.get(company.pk)
        initial = {"company": company.slug}
        if current is not None:
            initial["choice"] = str(current.candidate_id) if current.candidate_id else current.choice
        seat_forms.append(
            {
                "company": company,
                "ballot": current,
                "objected": company.pk in objecting,
                "stance": rows["stances"].get(company.pk),
                "ballot_form": BallotForm(motion=motion, initial=initial, auto_id=f"id_{company.slug}_%s"),
                "objection_form": ObjectionForm(initial={"company": company.slug}, auto_id=f"id_{company.slug}_%s"),
            }
        )
    return {"seat_forms": seat_forms}


def _deadline(motion: Motion) -> dict[str, Any]:
    """The open round's deadline and the time left to it."""
    now = timezone.now()
    deadline = None
    if motion.status == Motion.Status.VOTING:
        deadline = motion.voting_deadline
    elif motion.is_in_consensus:
        deadline = motion.consensus_deadline
    return {"now": now, "deadline": deadline, "countdown": deadline_in_words(deadline, now) if deadline else ""}


def _acts(user: User | AnonymousUser, motion: Motion) -> dict[str, Any]:
    """What the reader may do to the motion (`governance.permissions`), with the forms the acts post."""
    return {
        "acts": permissions.motion_acts(user, motion),
        "can_call_vote": permissions.can_call_vote(user),
        "can_edit": motion.status == Motion.Status.DRAFT and permissions.can_edit(user, motion),
        "is_proposer": user.is_authenticated and motion.proposer_id == user.pk,
        "deadline_form": DeadlineForm(initial={"deadline": _proposed_deadline(motion)}),
        "withdraw_form": WithdrawForm(),
    }


def _answer(company: Company, objecting: set[int], stances: dict[int, ConsensusStance]) -> str:
    """A seat's answer in the consensus round: it objects, agrees, stands aside, or has not answered."""
    if company.pk in objecting:
        return "objects"
    return stances[company.pk].get_stance_display().lower() if company.pk in stances else ""


def _candidate_tally(motion: Motion) -> list[tuple[str, int]]:
    """An election's tally by candidate id, shown with each candidate's name."""
    if motion.kind != Motion.Kind.ELECTION or not motion.tally.get("candidates"):
        return []
    names = {str(c.pk): str(c.user) for c in motion.candidates.select_related("user")}
    return sorted(((names.get(key, f"Candidate #{key}"), n) for key, n in motion.tally["candidates"].items()))


def _receipt_panel(request: HttpRequest, motion: Motion) -> dict[str, str] | None:
    """The receipt of the ballot just cast, kept for the page after voting (then it is gone)."""
    return request.session.pop(f"receipt:{motion.pk}", None) if hasattr(request, "session") else None


def deadline_in_words(deadline: datetime, now: datetime) -> str:
    """'closes in 2 days 3 h', 'closes in 40 min', or 'deadline passed'."""
    left = deadline - now
    if left.total_seconds() <= 0:
        return "deadline passed"
    minutes = int(left.total_seconds() // 60)
    days, hours, mins = minutes // (24 * 60), minutes // 60 % 24, minutes % 60
    if days:
        return f"closes in {days} day{'s' if days != 1 else ''}" + (f" {hours} h" if hours else "")
    if hours:
        return f"closes in {hours} h" + (f" {mins} min" if mins else "")
    return f"closes in {max(mins, 1)} min"


def _proposed_deadline(motion: Motion) -> datetime:
    """The next deadline to set, starting from the draft's proposal when it is still ahead."""
    proposed = motion.consensus_deadline if motion.status == Motion.Status.DRAFT else motion.voting_deadline
    if proposed and proposed > timezone.now():
        return timezone.localtime(proposed)
    return timezone.localtime() + timedelta(days=7)


def _compliance_reasons(company: Company) -> list[CriterionResult]:
    """The revocation's grounds: the company's compliance evaluation."""
    return list(compliance_evaluate(company).criteria)


@require_GET
def motion_detail(request: HttpRequest, pk: int) -> HttpResponse:
    related = Motion.objects.select_related("proposer", "subject_company", "meeting", "roadmap_quarter")
    motion = permissions.get_motion_for_viewer(request, pk, related)
    return render(request, "governance/motion.html", _motion_context(request, motion))


@require_GET
def motion_verify_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Anyone recomputes the record; a voter finds their ballot by its receipt once the result is out."""
    motion = permissions.get_motion_for_viewer(request, pk)
    result = motion_verify(motion)
    entries = list(MotionLogEntry.objects.filter(motion=motion).order_by("seq"))
    for entry in entries:
        entry.payload_json = json.dumps(entry.payload, sort_keys=True, ensure_ascii=False)
    published = permissions.record_is_published(motion)
    receipt = request.GET.get("receipt", "").strip()[:100]
    found = receipt_find(entries, receipt) if receipt and published else None
    if found is not None:
        if found.superseded_by and not motion.secret_ballot:
            slug = found.payload.get("company")
            found.company = Company.objects.filter(slug=slug).first() if slug else None
        if found.payload.get("candidate_id"):
            found.candidate = motion.candidates.select_related("user").filter(pk=found.payload["candidate_id"]).first()
    context = {
        "motion": motion,
        "result": result,
        "entries": entries if published else [],
        "receipt": receipt,
        "found": found,
        "published": published,
    }
    return render(request, "governance/verify.html", context)


@require_GET
def motion_record_json(request: HttpRequest, pk: int) -> HttpResponse:
    """The motion's whole record as one JSON document, to verify offline with `verify_motion --file`."""
    motion = get_object_or_404(Motion, pk=pk)
    if not permissions.record_is_published(motion):
        raise Http404("The record is published when the motion closes.")
    response = JsonResponse(motion_export(motion), json_dumps_params={"indent": 2, "ensure_ascii": False})
    return attachment(response, f"motion-{motion.pk}-record.json")
