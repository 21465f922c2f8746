"""Governance pages: the board, motions with their forms and record, the charter, the roadmap, teams."""

import json
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from governance import permissions, services
from governance.diff import charter_diff_rows
from governance.forms import (
    BallotForm,
    CharterDiffForm,
    CloseForm,
    DeadlineForm,
    MotionForm,
    ObjectionForm,
    ReceiptEmailForm,
    SeatForm,
    StanceForm,
    WithdrawForm,
)
from governance.models import (
    Ballot,
    CharterVersion,
    ConsensusStance,
    Motion,
    MotionLogEntry,
    OfficerTerm,
    PlanTask,
    RoadmapEntry,
    RoadmapQuarter,
    RoadmapVector,
)
from governance.record import motion_export, motion_verify, receipt_find
from governance.rules import Counts, quorum_met, quorum_needed, rules_for, rules_in_words
from governance.timeline import plan_chart, roadmap_chart
from lcoo_portal.confirm import confirm_page, is_confirmed, people
from lcoo_portal.events import audience_count
from lcoo_portal.fragments import record_data, record_fragment
from lcoo_portal.paging import page_of, query_without, year_param
from lcoo_portal.view_helpers import message_refusal
from members.compliance import compliance_evaluate, compliance_evaluate_many
from members.models import Company, RoleAssignment, Team, TeamMembership
from members.permissions import is_secretariat, seat_companies

MOTIONS_PAGE_SIZE = 25


def _board() -> QuerySet[Company]:
    holders = RoleAssignment.objects.board_seats().select_related("user")
    return Company.objects.members().prefetch_related(Prefetch("roles", queryset=holders, to_attr="seat_holders"))


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    expiring = []
    if is_secretariat(request.user):
        expiring = list(OfficerTerm.objects.ending_within(settings.GOVERNANCE_OFFICER_TERM_WARNING_DAYS))
    context = {
        # querysets, not lists: the template's cached fragments run them only when not cached
        "board": _board(),
        "officers": OfficerTerm.objects.current(),
        "expiring": expiring,
        "open_motions": Motion.objects.open().for_lists().order_by("voting_deadline", "consensus_deadline"),
        "recent_results": Motion.objects.closed().for_lists().order_by("-closed_at")[:10],
        "drafts": _drafts(request.user),
        "can_propose": permissions.can_propose(request.user),
    }
    return render(request, "governance/index.html", context)


@require_GET
def motions(request: HttpRequest) -> HttpResponse:
    """The archive of decided motions, newest first, by year and a page at a time."""
    decided = Motion.objects.closed().for_lists().order_by("-closed_at", "-pk")
    years = [d.year for d in decided.dates("closed_at", "year", order="DESC")]
    year = year_param(request, years)
    if year:
        decided = decided.filter(closed_at__year=year)
    context = {
        "motions": page_of(request, decided, MOTIONS_PAGE_SIZE),
        "years": years,
        "year": year,
        "pager_query": query_without(request, "page"),
        "year_query": query_without(request, "page", "year"),
    }
    return render(request, "governance/motions.html", context)


def _drafts(user) -> list[Motion]:
    """Drafts are not public: the chair and the Secretariat see all, a proposer their own."""
    drafts = Motion.objects.filter(status=Motion.Status.DRAFT).for_lists()
    if permissions.can_run_motions(user):
        return list(drafts)
    if user.is_authenticated:
        return list(drafts.filter(proposer=user))
    return []


def home_summary(request: HttpRequest) -> dict:
    """The open motions, for the home page."""
    motions = list(Motion.objects.open().for_lists().order_by("voting_deadline", "consensus_deadline")[:5])
    return {"template": "governance/partials/_home.html", "open_motions": motions}


def search_section(request: HttpRequest, query: str) -> dict:
    """Motions whose title or text has the words; drafts are never searched."""
    motions = Motion.objects.exclude(status=Motion.Status.DRAFT).filter(
        Q(title__icontains=query) | Q(text__icontains=query)
    )
    return {
        "template": "governance/partials/_search.html",
        "title": "Motions",
        "results": list(motions.for_lists().order_by("-created_at")[:50]),
    }


def _motion_rows(motion: Motion) -> dict:
    """The motion's rows every reader sees alike (cached per version of the public record)."""
    return {
        "electorate": list(motion.electorate.all()),
        "ballots": list(motion.ballots.select_related("company", "candidate__user")),
        "objections": list(motion.objections.select_related("company", "raised_by")),
        "stances": {s.company_id: s for s in motion.stances.all()},
        "candidates": list(motion.candidates.select_related("user", "company")),
        "candidate_tally": _candidate_tally(motion),
    }


def _motion_context(request: HttpRequest, motion: Motion) -> dict:
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
        "answers": [
            (
                c,
                "objects"
                if c.pk in objecting
                else stances[c.pk].get_stance_display().lower()
                if c.pk in stances
                else "",
            )
            for c in electorate
        ],
        "objectors": [c for c in electorate if c.pk in objecting],
        "candidate_tally": rows["candidate_tally"],
        "not_cast": max(motion.tally.get("seats", 0) - motion.tally.get("cast", 0), 0) if motion.tally else 0,
        "receipt": _receipt_panel(request, motion),
    }


def _answer(company: Company, objecting: set[int], stances: dict) -> str:
    if company.pk in objecting:
        return "objects"
    return stances[company.pk].get_stance_display().lower() if company.pk in stances else ""


def _candidate_tally(motion: Motion) -> list[tuple[str, int]]:
    """An election's tally by candidate id, shown with each candidate's name."""
    if motion.kind != Motion.Kind.ELECTION or not motion.tally.get("candidates"):
        return []
    names = {str(c.pk): str(c.user) for c in motion.candidates.select_related("user")}
    return sorted(((names.get(key, f"Candidate #{key}"), n) for key, n in motion.tally["candidates"].items()))


def _receipt_panel(request: HttpRequest, motion: Motion) -> dict | None:
    """The receipt of the ballot just cast, kept for the page after voting (then it is gone)."""
    return request.session.pop(f"receipt:{motion.pk}", None) if hasattr(request, "session") else None


def deadline_in_words(deadline, now) -> str:
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


def _proposed_deadline(motion: Motion):
    """The next deadline to set, starting from the draft's proposal when it is still ahead."""
    proposed = motion.consensus_deadline if motion.status == Motion.Status.DRAFT else motion.voting_deadline
    if proposed and proposed > timezone.now():
        return timezone.localtime(proposed)
    return timezone.localtime() + timedelta(days=7)


def _compliance_reasons(company: Company) -> list:
    """The revocation's grounds: the company's compliance evaluation."""
    return list(compliance_evaluate(company).criteria)


@require_GET
def motion_detail(request: HttpRequest, pk: int) -> HttpResponse:
    related = Motion.objects.select_related("proposer", "subject_company", "meeting", "roadmap_quarter")
    motion = permissions.get_motion_for_viewer(request, pk, related)
    return render(request, "governance/motion.html", _motion_context(request, motion))


KIND_DESCRIPTIONS = {
    Motion.Kind.RESOLUTION: "A decision of the board, in its own words.",
    Motion.Kind.ADMIT: "Admit a company that has requested membership: it becomes a member with a seat.",
    Motion.Kind.REVOKE: "Revoke a seated company's membership; notice and a cure period come before any vote.",
    Motion.Kind.CHARTER_AMENDMENT: "Propose the charter's new text in full; adopted, it becomes the current version.",
    Motion.Kind.ROADMAP_APPROVAL: "Approve a quarter's roadmap; adopted, it is published.",
    Motion.Kind.ELECTION: "Elect the chair or a co-chair among the seat holders.",
}


def _motion_form_page(request: HttpRequest, form: MotionForm, motion: Motion | None) -> HttpResponse:
    compliance = []
    if form.kind == Motion.Kind.REVOKE:
        compliance = list(compliance_evaluate_many(Company.objects.members()).values())
    context = {
        "form": form,
        "motion": motion,
        "kind_label": Motion.Kind(form.kind).label,
        "compliance": compliance,
    }
    return render(request, "governance/motion_form.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def motion_new(request: HttpRequest) -> HttpResponse:
    """Draft a motion: first its kind, then the form for that kind."""
    if not permissions.can_propose(request.user):
        raise PermissionDenied("Only seat holders on the board, its chair and the Secretariat draft motions.")
    kind = request.GET.get("kind", "")
    if kind not in Motion.Kind.values:
        kinds = [(value, label, KIND_DESCRIPTIONS[value]) for value, label in Motion.Kind.choices]
        return render(request, "governance/motion_kind.html", {"kinds": kinds})
    initial = {}
    if kind == Motion.Kind.CHARTER_AMENDMENT:
        current = CharterVersion.objects.first()
        initial["charter_text"] = current.text if current else ""
    data = request.POST if request.method == "POST" else None
    form = MotionForm(data, kind=kind, user=request.user, initial=initial)
    if form.is_valid():
        try:
            motion = services.motion_create(by=request.user, kind=kind, **form.service_arguments())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "The draft is saved. The chair or the Secretariat opens it for consensus.")
            return redirect(motion)
    return _motion_form_page(request, form, None)


def _draft_initial(motion: Motion) -> dict:
    candidates = list(motion.candidates.all())
    deadlines = {"consensus_deadline": motion.consensus_deadline, "voting_deadline": motion.voting_deadline}
    local = {name: timezone.localtime(value) if value else None for name, value in deadlines.items()}
    return {
        "title": motion.title,
        "text": motion.text,
        "subject_company": motion.subject_company_id,
        "charter_text": motion.charter_text,
        "charter_change_summary": motion.charter_change_summary,
        "roadmap_quarter": motion.roadmap_quarter_id,
        "office": candidates[0].office if candidates else "",
        "candidates": [c.user_id for c in candidates],
        "secret_ballot": motion.secret_ballot,
        "meeting": motion.meeting_id,
        **local,
    }


@require_http_methods(["GET", "POST"])
@login_required
def motion_edit(request: HttpRequest, pk: int) -> HttpResponse:
    motion = permissions.get_motion_for_editor(request, pk)
    if motion.status != Motion.Status.DRAFT:
        messages.error(request, "Only a draft can be changed; this motion is already open or closed.")
        return redirect(motion)
    data = request.POST if request.method == "POST" else None
    form = MotionForm(data, kind=motion.kind, user=request.user, motion=motion, initial=_draft_initial(motion))
    if form.is_valid():
        try:
            services.motion_update(motion=motion, by=request.user, **form.service_arguments())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "The draft is saved.")
            return redirect(motion)
    return _motion_form_page(request, form, motion)


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


def _act(request: HttpRequest, motion: Motion, action: Callable[[], object], success: str) -> HttpResponse:
    """Run a service, turn its refusals into a message (a PermissionDenied is a 403), and go back to the motion."""
    try:
        action()
    except ValidationError as error:
        message_refusal(request, error)
    else:
        messages.success(request, success)
    return redirect(motion)


@require_POST
@login_required
def motion_object(request: HttpRequest, pk: int) -> HttpResponse:
    motion = get_object_or_404(Motion, pk=pk)
    form = ObjectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Say why your company objects.")
        return redirect(motion)
    company = permissions.get_company_for_seat_holder(request.user, form.cleaned_data["company"])
    return _act(
        request,
        motion,
        lambda: services.objection_raise(
            motion=motion, company=company, by=request.user, reason=form.cleaned_data["reason"]
        ),
        f"{company}'s objection is recorded. The chair may now call a vote.",
    )


@require_POST
@login_required
def motion_vote(request: HttpRequest, pk: int) -> HttpResponse:
    motion = get_object_or_404(Motion, pk=pk)
    company = permissions.get_company_for_seat_holder(request.user, request.POST.get("company", ""))
    form = BallotForm(request.POST, motion=motion)
    if not form.is_valid():
        messages.error(request, "Choose one option to vote.")
        return redirect(motion)
    choice, candidate = form.ballot()
    try:
        _, receipt = services.ballot_cast(
            motion=motion, company=company, by=request.user, choice=choice, candidate=candidate
        )
    except ValidationError as error:
        message_refusal(request, error)
        return redirect(motion)
    what = str(candidate.user) if candidate else Ballot.Choice(choice).label
    messages.success(request, f"{company}'s ballot is recorded: {what}.")
    request.session[f"receipt:{motion.pk}"] = {"company": company.name, "code": receipt, "what": what}
    return redirect(motion)


def _when(moment) -> str:
    return f"{timezone.localtime(moment):%-d %b %Y, %H:%M %Z}"


def _confirm_deadline(request: HttpRequest, motion: Motion):
    """The deadline posted with an open or a call-vote button, or None after telling what is wrong."""
    form = DeadlineForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give a valid deadline.")
        return None
    return form.cleaned_data["deadline"]


@require_POST
@login_required
def motion_receipt_email(request: HttpRequest, pk: int) -> HttpResponse:
    """Mail the voter the receipt they hold: asked once more, then queued in the outbox."""
    motion = get_object_or_404(Motion, pk=pk)
    form = ReceiptEmailForm(request.POST)
    if not form.is_valid():
        messages.error(request, "That is not a receipt.")
        return redirect(motion)
    receipt = form.cleaned_data["receipt"]
    if request.POST.get("confirm") != "yes":
        return render(request, "governance/receipt_email_confirm.html", {"motion": motion, "receipt": receipt})
    try:
        services.ballot_receipt_email(motion=motion, receipt=receipt, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"The receipt is on its way to {request.user.email}.")
    return redirect(motion)


@require_POST
@login_required
def motion_stance(request: HttpRequest, pk: int) -> HttpResponse:
    motion = get_object_or_404(Motion, pk=pk)
    form = StanceForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Agree or stand aside.")
        return redirect(motion)
    company = permissions.get_company_for_seat_holder(request.user, form.cleaned_data["company"])
    stance = form.cleaned_data["stance"]
    return _act(
        request,
        motion,
        lambda: services.stance_record(motion=motion, company=company, by=request.user, stance=stance),
        f"{company} {ConsensusStance.Stance(stance).label.lower()}.",
    )


@require_POST
@login_required
def motion_withdraw_objection(request: HttpRequest, pk: int) -> HttpResponse:
    motion = get_object_or_404(Motion, pk=pk)
    form = SeatForm(request.POST)
    if not form.is_valid():
        return redirect(motion)
    company = permissions.get_company_for_seat_holder(request.user, form.cleaned_data["company"])
    return _act(
        request,
        motion,
        lambda: services.objection_withdraw(motion=motion, company=company, by=request.user),
        f"{company}'s objection is withdrawn.",
    )


@require_POST
@login_required
def motion_notice(request: HttpRequest, pk: int) -> HttpResponse:
    motion = get_object_or_404(Motion.objects.select_related("subject_company"), pk=pk)
    if not permissions.can_run_motions(request.user):
        raise PermissionDenied
    if not is_confirmed(request):
        count = audience_count("revocation_notice", motion=motion)
        return confirm_page(
            request,
            title=f"Give {motion.subject_company} notice of revocation?",
            consequences=[
                f"{motion.subject_company} goes under review, in public, and its cure period starts.",
                f"This e-mails {people(count)}: the company's coordinators.",
            ],
            button="Give notice",
            cancel_url=motion.get_absolute_url(),
        )
    return _act(
        request,
        motion,
        lambda: services.motion_give_notice(motion=motion, by=request.user),
        "Notice given: the company is under review and its coordinators are told; the cure period has started.",
    )


@require_POST
@login_required
def motion_open_view(request: HttpRequest, pk: int) -> HttpResponse:
    motion = get_object_or_404(Motion, pk=pk)
    if not permissions.can_run_motions(request.user):
        raise PermissionDenied
    deadline = _confirm_deadline(request, motion)
    if deadline is None:
        return redirect(motion)
    if not is_confirmed(request):
        count = audience_count("motion_opened", motion=motion)
        return confirm_page(
            request,
            title=f"Open “{motion.title}” for consensus?",
            consequences=[
                f"This e-mails {people(count)} on the board, and the motion becomes public.",
                f"Seats may object until {_when(deadline)}; without an objection it is adopted then.",
            ],
            button="Open for consensus",
            cancel_url=motion.get_absolute_url(),
            danger=False,
        )
    return _act(
        request,
        motion,
        lambda: services.motion_open(motion=motion, by=request.user, consensus_deadline=deadline),
        "The motion is open for consensus.",
    )


@require_POST
@login_required
def motion_call_vote_view(request: HttpRequest, pk: int) -> HttpResponse:
    motion = get_object_or_404(Motion, pk=pk)
    if not permissions.can_call_vote(request.user):
        raise PermissionDenied
    deadline = _confirm_deadline(request, motion)
    if deadline is None:
        return redirect(motion)
    if not is_confirmed(request):
        count = audience_count("motion_vote_called", motion=motion)
        return confirm_page(
            request,
            title=f"Call a vote on “{motion.title}”?",
            consequences=[
                f"This e-mails {people(count)} on the board.",
                f"Each seat may vote until {_when(deadline)}; voting then closes by itself.",
            ],
            button="Call the vote",
            cancel_url=motion.get_absolute_url(),
            danger=False,
        )
    return _act(
        request,
        motion,
        lambda: services.motion_call_vote(motion=motion, by=request.user, voting_deadline=deadline),
        "Voting is open.",
    )


def _close_consequences(motion: Motion) -> list[str]:
    """What closing does now, from the count of ballots alone (the tally stays sealed)."""
    count = audience_count("motion_closed", motion=motion)
    mail = f"The result is final and published; this e-mails {people(count)} on the board."
    if motion.status != Motion.Status.VOTING:
        return [mail]
    seats = motion.electorate.count()
    missing = services.seats_not_voted(motion)
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


@require_POST
@login_required
def motion_close_view(request: HttpRequest, pk: int) -> HttpResponse:
    motion = get_object_or_404(Motion, pk=pk)
    if not permissions.can_run_motions(request.user):
        raise PermissionDenied
    form = CloseForm(request.POST)
    early = motion.status == Motion.Status.VOTING and motion.voting_deadline and motion.voting_deadline > timezone.now()
    if is_confirmed(request) and form.is_valid():
        try:
            services.motion_close(motion=motion, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error("reason" if early else None, error)
        else:
            messages.success(request, "The motion is closed.")
            return redirect(motion)
    label = "voting" if motion.status == Motion.Status.VOTING else "consensus"
    return confirm_page(
        request,
        title=f"Close {label} on “{motion.title}”?",
        consequences=_close_consequences(motion),
        button=f"Close {label}",
        cancel_url=motion.get_absolute_url(),
        form=form if early else None,
    )


@require_POST
@login_required
def motion_withdraw_view(request: HttpRequest, pk: int) -> HttpResponse:
    motion = get_object_or_404(Motion, pk=pk)
    if not permissions.can_withdraw(request.user, motion):
        # no confirmation page for someone who may not withdraw (the service refuses them too)
        raise PermissionDenied(
            "Only the board's chair withdraws a motion once voting is open."
            if motion.status == Motion.Status.VOTING
            else "Only the motion's proposer, the board's chair and the Secretariat withdraw it."
        )
    form = WithdrawForm(request.POST)
    if is_confirmed(request) and form.is_valid():
        return _act(
            request,
            motion,
            lambda: services.motion_withdraw(motion=motion, by=request.user, reason=form.cleaned_data["reason"]),
            "The motion is withdrawn.",
        )
    consequences = ["The motion is withdrawn for good, with your reason in its record. This cannot be undone."]
    if motion.status == Motion.Status.VOTING:
        consequences.append(f"Voting is open: the {motion.ballots.count()} ballots cast are never counted.")
    if motion.status != Motion.Status.DRAFT:
        consequences.append(f"This e-mails {people(audience_count('motion_closed', motion=motion))} on the board.")
    return confirm_page(
        request,
        title=f"Withdraw “{motion.title}”?",
        consequences=consequences,
        button="Withdraw the motion",
        cancel_url=motion.get_absolute_url(),
        form=form if request.POST.get("confirm") else WithdrawForm(initial=request.POST),
    )


@require_GET
def charter(request: HttpRequest) -> HttpResponse:
    # the same for every reader of an audience: built once per version of the public record
    page = record_fragment(
        request,
        "charter",
        render=lambda: render_to_string("governance/partials/_charter.html", _charter_context(), request=request),
    )
    return render(request, "governance/charter.html", {"page": page})


def _charter_context() -> dict:
    versions = list(CharterVersion.objects.select_related("adopted_by"))
    current = versions[0] if versions else None
    preserved = [v for v in versions if v.text_preserved]  # only texts the sources keep can be compared
    form = CharterDiffForm(
        versions=preserved,
        initial={"a": preserved[1].number if len(preserved) > 1 else None, "b": current.number if current else None},
    )
    return {"current": current, "versions": versions, "form": form, "comparable": len(preserved) > 1}


@require_GET
def charter_version(request: HttpRequest, number: int) -> HttpResponse:
    version = get_object_or_404(CharterVersion, number=number)
    return render(request, "governance/charter_version.html", {"version": version})


@require_GET
def charter_diff(request: HttpRequest) -> HttpResponse:
    """Two versions side by side in one text: changed prose marked word by word (<del>, <ins>)."""
    versions = list(CharterVersion.objects.all())
    form = CharterDiffForm(request.GET, versions=versions)
    if not form.is_valid():
        messages.error(request, "There is no such charter version: choose two versions to compare.")
        return redirect("governance:charter")
    by_number = {v.number: v for v in versions}
    a, b = by_number[form.cleaned_data["a"]], by_number[form.cleaned_data["b"]]
    lost = [v.number for v in (a, b) if not v.text_preserved]
    if lost:
        messages.error(request, f"The text of version {lost[0]} is not preserved: there is nothing to compare.")
        return redirect("governance:charter")
    rows = charter_diff_rows(a.text, b.text) if a.text != b.text else []
    return render(request, "governance/charter_diff.html", {"a": a, "b": b, "rows": rows, "form": form})


@require_GET
def roadmap(request: HttpRequest) -> HttpResponse:
    # the same for every reader of an audience: built once per version of the public record
    page = record_fragment(
        request,
        "roadmap",
        render=lambda: render_to_string("governance/partials/_roadmap.html", _roadmap_context(), request=request),
    )
    return render(request, "governance/roadmap.html", {"page": page})


def _roadmap_context() -> dict:
    entries = RoadmapEntry.objects.select_related("item__vector", "item__team").order_by("rank")
    quarters = list(
        RoadmapQuarter.objects.filter(published_at__isnull=False).prefetch_related(
            Prefetch("entries", queryset=entries, to_attr="ranked")
        )
    )
    vectors = list(RoadmapVector.objects.prefetch_related("items__team"))
    pending = list(RoadmapQuarter.objects.filter(published_at__isnull=True))
    return {
        "current": quarters[0] if quarters else None,
        "past": quarters[1:],
        "vectors": vectors,
        "pending": pending,
        "plan_chart": plan_chart(list(PlanTask.objects.all())),
        "roadmap_chart": roadmap_chart(quarters),
    }


@require_GET
def teams(request: HttpRequest) -> HttpResponse:
    memberships = TeamMembership.objects.filter(left_at__isnull=True).select_related("user", "company")
    team_list = list(
        Team.objects.prefetch_related(
            Prefetch("memberships", queryset=memberships, to_attr="current_members"), "roadmap_items__vector"
        )
    )
    return render(request, "governance/teams.html", {"teams": team_list})
