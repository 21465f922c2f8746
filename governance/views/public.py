"""The governance app's public pages: the board, the archive of motions, the charter, the roadmap, teams."""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from governance import permissions
from governance.diff import charter_diff_rows
from governance.forms import CharterDiffForm
from governance.models import CharterVersion, Motion, OfficerTerm, PlanTask, RoadmapEntry, RoadmapQuarter, RoadmapVector
from governance.timeline import plan_chart, roadmap_chart
from kernel.fragments import record_fragment
from kernel.paging import page_of, query_without, year_param
from kernel.snippets import snippet
from members.models import Company, RoleAssignment, Team, TeamMembership, User
from members.permissions import is_secretariat

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


def _drafts(user: User | AnonymousUser) -> list[Motion]:
    """The drafts this person may see (a revocation's, once notice is given, everyone)."""
    return list(Motion.objects.drafts().visible_to(user).for_lists())


def home_summary(request: HttpRequest) -> dict[str, Any]:
    """The open motions, for the home page."""
    motions = list(Motion.objects.open().for_lists().order_by("voting_deadline", "consensus_deadline")[:5])
    return {"template": "governance/partials/_home.html", "open_motions": motions}


def search_vary(user: User | AnonymousUser) -> str:
    """What, beyond the reader's audience, changes which motions the search shows them: whether they see
    every draft, else whose own drafts they see (a former seat holder's)."""
    if permissions.sees_every_draft(user):
        return "every-draft"
    if user.is_authenticated and Motion.objects.drafts().filter(proposer=user).exists():
        return f"drafts-of-{user.pk}"
    return ""


def search_section(request: HttpRequest, query: str) -> dict[str, Any]:
    """Motions whose title or text has the words, among those the person may see."""
    motions = Motion.objects.visible_to(request.user).filter(Q(title__icontains=query) | Q(text__icontains=query))
    results = list(motions.for_lists().order_by("-created_at")[:50])
    for motion in results:  # only motions this person may read: their text is theirs to see
        motion.snippet = snippet(motion.text, query)
    return {"template": "governance/partials/_search.html", "title": "Motions", "results": results}


def _record_page(request: HttpRequest, name: str, context: Callable[[], dict[str, Any]]) -> HttpResponse:
    """governance/<name>.html around its partial, which is the same for every reader of an audience: built
    once per version of the public record."""
    page = record_fragment(
        request,
        name,
        render=lambda: render_to_string(f"governance/partials/_{name}.html", context(), request=request),
    )
    return render(request, f"governance/{name}.html", {"page": page})


@require_GET
def charter(request: HttpRequest) -> HttpResponse:
    return _record_page(request, "charter", _charter_context)


def _charter_context() -> dict[str, Any]:
    versions = list(CharterVersion.objects.select_related("adopted_by"))
    current = versions[0] if versions else None
    preserved = [v for v in versions if v.text_preserved]  # only texts the sources keep can be compared
    form = CharterDiffForm(
        versions=preserved,
        initial={"a": preserved[1].number if len(preserved) > 1 else None, "b": current.number if current else None},
    )
    return {
        "current": current,
        "versions": versions,
        "form": form,
        "comparable": len(preserved) > 1,
        "texts_note": _texts_note(versions, preserved),
    }


def _version_numbers(versions: list[CharterVersion]) -> str:
    """The numbers in words, oldest first: "version 3", "versions 1 and 2", "versions 1, 2 and 4"."""
    numbers = [str(v.number) for v in sorted(versions, key=lambda v: v.number)]
    listed = numbers[0] if len(numbers) == 1 else f"{', '.join(numbers[:-1])} and {numbers[-1]}"
    return f"version{'s' if len(numbers) > 1 else ''} {listed}"


def _texts_note(versions: list[CharterVersion], preserved: list[CharterVersion]) -> str:
    """Which versions' texts the sources preserve, and so whether any two can be compared."""
    lost = [v for v in versions if not v.text_preserved]
    if not lost:
        return "The text of every version is preserved." if len(versions) > 1 else ""
    note = f"Texts preserved: {_version_numbers(preserved) if preserved else 'none'}. "
    note += f"Known only by their date, change and author: {_version_numbers(lost)}."
    if len(preserved) < 2:
        note += " Versions can be compared once two texts are preserved."
    return note


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
    # the pickers offer only the versions whose texts are preserved: any other choice would bounce back
    preserved = [v for v in versions if v.text_preserved]
    pickers = CharterDiffForm(initial={"a": a.number, "b": b.number}, versions=preserved)
    return render(request, "governance/charter_diff.html", {"a": a, "b": b, "rows": rows, "form": pickers})


@require_GET
def roadmap(request: HttpRequest) -> HttpResponse:
    return _record_page(request, "roadmap", _roadmap_context)


def _roadmap_context() -> dict[str, Any]:
    entries = RoadmapEntry.objects.select_related("item__vector", "item__team").order_by("rank")
    quarters = list(
        RoadmapQuarter.objects.published().prefetch_related(Prefetch("entries", queryset=entries, to_attr="ranked"))
    )
    vectors = list(RoadmapVector.objects.prefetch_related("items__team"))
    pending = list(RoadmapQuarter.objects.drafts())
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
