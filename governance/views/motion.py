"""A motion's pages: the motion with its forms, its record verified, its record as JSON."""

import json
from datetime import datetime, timedelta
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from governance import permissions
from governance.forms import BallotForm, DeadlineForm, ObjectionForm, WithdrawForm
from governance.models import ConsensusStance, Motion, MotionLogEntry
from governance.record import motion_export, motion_verify, receipt_find
from governance.rules import rules_in_words
from lcoo_portal.fragments import record_data
from members.compliance import CriterionResult, compliance_evaluate
from members.models import Company
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
    user = request.user
    rows = record_data(request, "motion-rows", motion.pk, build=lambda: _motion_rows(motion))
    electorate = rows["electorate"]
    electorate_ids = {c.pk for c in electorate}
    my_seats = [c for c in seat_companies(user) if c.pk in electorate_ids]
    ballots = rows["ballots"]
    ballot_by_company = {b.company_id: b for b in ballots}
    objections = rows["objections"]
    objecting = {o.company_id for o in objections if o.is_standing}
    stances = rows["stances"]
    seat_forms = []
    for company in my_seats:
        current = ballot_by_company.get(company.pk)
        initial = {"company": company.slug}
        if current is not None:
            initial["choice"] = str(current.candidate_id) if current.candidate_id else current.choice
        seat_forms.append(
            {
                "company": company,
                "ballot": current,
                "objected": company.pk in objecting,
                "stance": stances.get(company.pk),
                "ballot_form": BallotForm(motion=motion, initial=initial, auto_id=f"id_{company.slug}_%s"),
                "objection_form": ObjectionForm(initial={"company": company.slug}, auto_id=f"id_{company.slug}_%s"),
            }
        )
    reasons = None
    if motion.kind == Motion.Kind.REVOKE and motion.subject_company_id:
        reasons = _compliance_reasons(motion.subject_company)
    show_recorded = motion.is_closed and not motion.secret_ballot
    now = timezone.now()
    seats = len(electorate)
    open_deadline = None
    if motion.status == Motion.Status.VOTING:
        open_deadline = motion.voting_deadline
    elif motion.status in (Motion.Status.CONSENSUS, Motion.Status.OBJECTED):
        open_deadline = motion.consensus_deadline
    return {
        "motion": motion,
        "electorate": electorate,
        "seat_forms": seat_forms,
        "ballots": ballots if show_recorded else [],
        "ballots_cast": len(ballots),
        "objections": objections,
        "transitions": motion.transitions.select_related("by"),  # run by the template when its fragment is not cached
        "candidates": rows["candidates"],
        "can_run": permissions.can_run_motions(user),
        "can_call_vote": permissions.can_call_vote(user),
        "can_withdraw": permissions.can_withdraw(user, motion),
        "can_edit": motion.status == Motion.Status.DRAFT and permissions.can_edit(user, motion),
        "is_proposer": user.is_authenticated and motion.proposer_id == user.pk,
        "deadline_form": DeadlineForm(initial={"deadline": _proposed_deadline(motion)}),
        "withdraw_form": WithdrawForm(),
        "compliance_reasons": reasons,
        "now": now,
        "deadline": open_deadline,
        "countdown": deadline_in_words(open_deadline, now) if open_deadline else "",
        "rules_in_words": rules_in_words(motion.kind, seats) if motion.status == Motion.Status.VOTING else [],
        # Who has voted while voting is open: named for recorded votes, only counted for secret ballots.
        "voted": [c for c in electorate if c.pk in ballot_by_company] if not motion.secret_ballot else [],
        "not_voted": [c for c in electorate if c.pk not in ballot_by_company] if not motion.secret_ballot else [],
        "answers": [(c, _answer(c, objecting, stances)) for c in electorate],
        "objectors": [c for c in electorate if c.pk in objecting],
        "candidate_tally": rows["candidate_tally"],
        "not_cast": max(motion.tally.get("seats", 0) - motion.tally.get("cast", 0), 0) if motion.tally else 0,
        "receipt": _receipt_panel(request, motion),
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
    published = motion.is_closed
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
    if not motion.is_closed:
        raise Http404("The record is published when the motion closes.")
    response = JsonResponse(motion_export(motion), json_dumps_params={"indent": 2, "ensure_ascii": False})
    response["Content-Disposition"] = f'attachment; filename="motion-{motion.pk}-record.json"'
    return response
