"""The Secretariat's pages for the specialty teams: create and edit a team, add and remove its members
and leads. Every change goes through `members.services` (team_*), which authorise and keep the history."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from kernel.confirm import confirm_page, is_confirmed
from kernel.view_helpers import message_refusal, run_service
from members.forms import TeamForm, TeamMemberForm
from members.models import Team, TeamMembership
from members.permissions import secretariat_required
from members.services import team_create, team_member_add, team_member_end, team_member_set_lead, team_update

TEAMS_REFUSAL = "Only the Secretariat keeps the specialty teams."


@require_http_methods(["GET", "POST"])
@secretariat_required(reason=TEAMS_REFUSAL)
def teams(request: HttpRequest) -> HttpResponse:
    """Every team with its members and leads, and a form to create one."""
    form = TeamForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                team = team_create(by=request.user, **form.cleaned_data)
            except ValidationError as error:
                message_refusal(request, error, "No team was created: ")
            else:
                messages.success(request, f"The team {team.name} is created: now add its members.")
                return redirect("members:team", slug=team.slug)
        else:
            messages.error(request, "No team was created: please correct the errors below.")
    listing = Team.objects.prefetch_related("memberships__user").order_by("name")
    return render(request, "members/teams.html", {"teams": listing, "form": form})


@require_http_methods(["GET", "POST"])
@secretariat_required(reason=TEAMS_REFUSAL)
def team(request: HttpRequest, slug: str) -> HttpResponse:
    """One team: its name, purpose and links (etherpads), its members and leads, and who was in it."""
    team = get_object_or_404(Team, slug=slug)
    initial = {"name": team.name, "purpose": team.purpose, "links": team.links}
    form = TeamForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            try:
                changed = team_update(team=team, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                message_refusal(request, error, "Nothing changed: ")
            else:
                messages.success(request, f"Saved: {', '.join(changed)}." if changed else "Nothing changed.")
                return redirect("members:team", slug=team.slug)
        else:
            messages.error(request, "Nothing changed: please correct the errors below.")
    memberships = TeamMembership.objects.filter(team=team).select_related("user", "company")
    context = {
        "team": team,
        "form": form,
        "member_form": TeamMemberForm(),
        "current": [m for m in memberships if m.left_at is None],
        "former": [m for m in memberships if m.left_at is not None],
        "history": team.history.select_related("history_user")[:20],
    }
    return render(request, "members/team.html", context)


@require_POST
@secretariat_required(reason=TEAMS_REFUSAL)
def team_member_add_view(request: HttpRequest, slug: str) -> HttpResponse:
    team = get_object_or_404(Team, slug=slug)
    form = TeamMemberForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Nobody was added: choose a person.")
    else:
        person = form.cleaned_data["user"]
        run_service(
            request,
            lambda: team_member_add(team=team, user=person, is_lead=form.cleaned_data["is_lead"], by=request.user),
            success=f"{person} is in {team.name}{' as a lead' if form.cleaned_data['is_lead'] else ''}.",
            prefix="Nobody was added: ",
        )
    return redirect("members:team", slug=team.slug)


def _membership(slug: str, pk: int) -> TeamMembership:
    return get_object_or_404(TeamMembership.objects.select_related("team", "user"), pk=pk, team__slug=slug)


@require_POST
@secretariat_required(reason=TEAMS_REFUSAL)
def team_member_lead_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = _membership(slug, pk)
    is_lead = request.POST.get("is_lead") == "yes"
    run_service(
        request,
        lambda: team_member_set_lead(membership=membership, is_lead=is_lead, by=request.user),
        success=f"{membership.user} is {'now' if is_lead else 'no longer'} a lead of {membership.team.name}.",
        prefix="Nothing changed: ",
    )
    return redirect("members:team", slug=slug)


@require_POST
@secretariat_required(reason=TEAMS_REFUSAL)
def team_member_end_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = _membership(slug, pk)
    if not is_confirmed(request):
        return confirm_page(
            request,
            title=f"Remove {membership.user} from {membership.team.name}?",
            consequences=[
                f"{membership.user} is no longer listed in {membership.team.name} on the public teams page.",
                "The team's history keeps that they were in it; they can be added again.",
            ],
            button="Remove from the team",
            cancel_url=reverse("members:team", args=[slug]),
        )
    run_service(
        request,
        lambda: team_member_end(membership=membership, by=request.user),
        success=f"{membership.user} has left {membership.team.name}.",
        prefix="Nothing changed: ",
    )
    return redirect("members:team", slug=slug)
