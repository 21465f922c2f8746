"""Base views: the home page, health and the error pages."""

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.module_loading import import_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from lcoo_portal.fragments import record_fragment
from lcoo_portal.home import next_steps


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Signed in, the page starts with what this person should do now; then the portal's summary."""
    # the summary is the same for every reader of an audience: built once per version of the record
    summary = record_fragment(
        request,
        "home-sections",
        render=lambda: render_to_string("partials/_home_sections.html", {"sections": home_sections(request)}, request),
    )
    return render(request, "home.html", {"summary": summary, "steps": next_steps(request.user)})


def home_sections(request: HttpRequest) -> list[dict]:
    """What the home page summarises: each app contributes through its own `home_summary`."""
    sections = []
    for path in settings.PORTAL_HOME_SECTIONS:
        sections.append(import_string(path)(request))
    return [s for s in sections if s]


def broker_status() -> str:
    """'ok' when the Celery broker answers, 'unavailable' when not, 'not configured' without Redis."""
    if not settings.REDIS_URL:
        return "not configured"
    import redis

    try:
        client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)
        client.ping()
    except redis.RedisError:
        return "unavailable"
    return "ok"


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database = "ok"
    except Exception:  # any failure to reach the database is "unavailable", never a 500
        database = "unavailable"
    body = {"database": database, "broker": broker_status()}
    return JsonResponse(body, status=200 if database == "ok" else 503)


@require_GET
def bench_floor(request: HttpRequest) -> HttpResponse:
    """The benchmarks' floor: a constant response, mounted only when settings.PORTAL_BENCH_FLOOR is on."""
    return HttpResponse("ok", content_type="text/plain")


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Says why in words (the PermissionDenied message, where the refusing code gave one) and whom to ask."""
    reason = str(exception) if exception is not None else ""
    return render(request, "403.html", {"reason": reason}, status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors that might themselves fail: a plain template render.
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render(), status=500)
