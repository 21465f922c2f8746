"""Drafting a motion: choose its kind, then the form for that kind; a draft is changed until it opens."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from governance import permissions
from governance.forms import MotionForm
from governance.models import CharterVersion, Motion
from governance.services.drafting import motion_create, motion_update
from members.compliance import compliance_evaluate_many
from members.models import Company

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
    if kind == Motion.Kind.ADMIT and request.GET.get("subject_company", "").isdigit():
        # "draft the admission motion" from the Secretariat's queue: the form still validates the choice
        initial["subject_company"] = int(request.GET["subject_company"])
    data = request.POST if request.method == "POST" else None
    form = MotionForm(data, kind=kind, user=request.user, initial=initial)
    if form.is_valid():
        try:
            motion = motion_create(by=request.user, kind=kind, draft=form.draft())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "The draft is saved. The chair or the Secretariat opens it for consensus.")
            return redirect(motion)
    return _motion_form_page(request, form, None)


def _draft_initial(motion: Motion) -> dict[str, Any]:
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
            motion_update(motion=motion, by=request.user, draft=form.draft())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "The draft is saved.")
            return redirect(motion)
    return _motion_form_page(request, form, motion)
