"""Base views: the pages that draw on every app (home, search), health and the error pages.

The project package may import every app; the apps never import it back for these pages, so the
dependencies keep pointing one way (meetings → members, governance → members and meetings).
"""

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from governance.views import public as governance_public
from kernel.fragments import record_fragment
from kernel.paging import query_without
from lcoo_portal.health import health_report
from lcoo_portal.home import next_steps_for
from meetings.search import search_meetings
from meetings.views import public as meetings_public
from members import views as members_views


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Signed in, the page starts with what this person should do now; then the portal's summary."""
    # the summary is the same for every reader of an audience: built once per version of the record
    summary = record_fragment(
        request,
        "home-sections",
        render=lambda: render_to_string("partials/_home_sections.html", {"sections": home_sections(request)}, request),
    )
    return render(request, "home.html", {"summary": summary, "steps": next_steps_for(request)})


def home_sections(request: HttpRequest) -> list[dict]:
    """What the home page summarises: each app's own `home_summary`, members first."""
    summaries = (members_views.home_summary, meetings_public.home_summary, governance_public.home_summary)
    return [section for section in (summary(request) for summary in summaries) if section]


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """The header's search box: agendas and minutes (ranked, paged), then motions and companies."""
    query = request.GET.get("q", "").strip()[:200]
    page = request.GET.get("page", "")
    page = min(int(page), 500) if page.isdigit() and int(page) > 0 else 1
    pager_query = query_without(request, "page")
    # the results are the same for every reader of an audience who sees the same drafts: searched once per
    # version of the record
    found = (
        record_fragment(
            request,
            "search",
            query,
            page,
            pager_query,
            governance_public.search_vary(request.user),
            render=lambda: render_to_string(
                "partials/_search_results.html", _search_results(request, query, page, pager_query), request=request
            ),
        )
        if query
        else ""
    )
    return render(request, "search.html", {"query": query, "found": found})


def _search_results(request: HttpRequest, query: str, page: int, pager_query: str) -> dict:
    results = search_meetings(query, request.user, page=page)
    sections = [governance_public.search_section(request, query), members_views.search_section(request, query)]
    sections = [s for s in sections if s["results"]]
    total = results.count + sum(len(s["results"]) for s in sections)
    return {"query": query, "results": results, "sections": sections, "total": total, "pager_query": pager_query}


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """The dependencies' state as JSON (lcoo_portal/health.py); 503 when the pages cannot be served."""
    report, status = health_report()
    return JsonResponse(report, status=status)


@require_GET
def bench_floor(request: HttpRequest) -> HttpResponse:
    """The benchmarks' floor: a constant response, mounted only when settings.PORTAL_BENCH_FLOOR is on."""
    return HttpResponse("ok", content_type="text/plain")


API_PREFIX = "/api/"


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if request.path.startswith(API_PREFIX):  # an address the API does not have: answered as the API answers
        return JsonResponse({"detail": "Not found."}, status=404)
    return render(request, "404.html", status=404)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Says why in words (the PermissionDenied message, where the refusing code gave one) and whom to ask."""
    reason = str(exception) if exception is not None else ""
    return render(request, "403.html", {"reason": reason}, status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors that might themselves fail: a plain template render.
    return HttpResponse(loader.get_template("500.html").render(), status=500)


def admin_password_change(request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
    """The admin's password pages send people to the portal's (admin.site.password_change, lcoo_portal/urls.py)."""
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    return redirect("account_change_password")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """The portal's page for a refused form (CSRF_FAILURE_VIEW): what happened and what to do, in words."""
    return render(request, "403_csrf.html", {"cookies_missing": "cookie" in reason.lower()}, status=403)
