"""What a seat holder does on a motion for their company: object, agree or stand aside, vote, ask for a receipt."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from governance import permissions
from governance.forms import BallotForm, ObjectionForm, ReceiptEmailForm, SeatForm, StanceForm
from governance.models import Ballot, ConsensusStance, Motion
from governance.services.ballots import ballot_cast, ballot_receipt_email
from governance.services.lifecycle import objection_raise, objection_withdraw, stance_record
from kernel.view_helpers import message_refusal, run_service
from members.models import Company


@require_POST
@login_required
def motion_object(request: HttpRequest, pk: int) -> HttpResponse:
    motion = get_object_or_404(Motion, pk=pk)
    form = ObjectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Say why your company objects.")
        return redirect(motion)
    company = permissions.get_company_for_seat_holder(request.user, form.cleaned_data["company"])
    run_service(
        request,
        lambda: objection_raise(motion=motion, company=company, by=request.user, reason=form.cleaned_data["reason"]),
        success=f"{company}'s objection is recorded. The chair may now call a vote.",
    )
    return redirect(motion)


@require_POST
@login_required
def motion_vote(request: HttpRequest, pk: int) -> HttpResponse:
    # what the form and the redirect read: ballot_cast loads the motion afresh under its row lock
    motion = get_object_or_404(Motion.objects.only("id", "kind"), pk=pk)
    slug = request.POST.get("company", "")
    form = BallotForm(request.POST, motion=motion)
    if not form.is_valid():
        permissions.get_company_for_seat_holder(request.user, slug)  # a 403 comes before the form's message
        messages.error(request, "Choose one option to vote.")
        return redirect(motion)
    # The seat is asked once, by ballot_cast under its own rules (a refusal is a 403 there too): here the
    # company is only named, with the columns the ballot, its record entry and the message use.
    company = Company.objects.only("id", "name", "slug").filter(slug=slug).first()
    if company is None:
        raise PermissionDenied("You hold no board seat for that company.")
    choice, candidate = form.ballot()
    try:
        _, receipt = ballot_cast(motion=motion, company=company, by=request.user, choice=choice, candidate=candidate)
    except ValidationError as error:
        message_refusal(request, error)
        return redirect(motion)
    what = str(candidate.user) if candidate else Ballot.Choice(choice).label
    messages.success(request, f"{company}'s ballot is recorded: {what}.")
    request.session[f"receipt:{motion.pk}"] = {"company": company.name, "code": receipt, "what": what}
    return redirect(motion)


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
    run_service(
        request,
        lambda: ballot_receipt_email(motion=motion, receipt=receipt, by=request.user),
        success=f"The receipt is on its way to {request.user.email}.",
    )
    return redirect(motion)


@require_POST
@login_required
def motion_stance(request: HttpRequest, pk: int) -> HttpResponse:
    motion = get_object_or_404(Motion, pk=pk)
    form = StanceForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["comment"][0] if "comment" in form.errors else "Agree or stand aside.")
        return redirect(motion)
    company = permissions.get_company_for_seat_holder(request.user, form.cleaned_data["company"])
    stance, comment = form.cleaned_data["stance"], form.cleaned_data["comment"].strip()
    run_service(
        request,
        lambda: stance_record(motion=motion, company=company, by=request.user, stance=stance, comment=comment),
        success=f"{company} {ConsensusStance.Stance(stance).label.lower()}.",
    )
    return redirect(motion)


@require_POST
@login_required
def motion_withdraw_objection(request: HttpRequest, pk: int) -> HttpResponse:
    motion = get_object_or_404(Motion, pk=pk)
    form = SeatForm(request.POST)
    if not form.is_valid():
        return redirect(motion)
    company = permissions.get_company_for_seat_holder(request.user, form.cleaned_data["company"])
    run_service(
        request,
        lambda: objection_withdraw(motion=motion, company=company, by=request.user),
        success=f"{company}'s objection is withdrawn.",
    )
    return redirect(motion)
