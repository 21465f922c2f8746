"""The portal's own middleware: NUL bytes refused at the edge, HTML compressed, and the whole-page cache
for visitors.

Whole-page cache for visitors, keyed on the public record's version (kernel/public_record.py).

Only a visitor's plain GET is served from the cache or stored in it: never a signed-in person's
page, never an htmx fragment, never while messages wait to be shown. A page is stored only when it
is a 200 that set no cookie, used no CSRF token, changed no session and did not ask to stay private;
so a stored page cannot carry anyone's data, token or messages. Headers set by the middleware above
this one (security, CSP, cookies) are added afresh to every response, cached or not.

Every stored page carries an ETag and a Last-Modified (the version's time), and a conditional request
that matches is answered 304 without a body. Pages expire after PORTAL_PAGE_CACHE_SECONDS, so what
depends on the clock alone (which meetings are upcoming) moves on even when nothing is written.
"""

import hashlib
import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.db import IntegrityError, connection
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseNotAllowed, JsonResponse
from django.middleware.gzip import GZipMiddleware
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, parse_http_date_safe

from kernel.public_record import public_record_version, stored_response

# the API answers conditional requests itself, after its rate limits and its own authentication
EXCLUDED_PREFIXES = ("/api/", "/admin/", "/accounts/", "/notifications/", "/healthz", "/bench/")
KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Content-Language")


def _cacheable_request(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD") or "HTTP_HX_REQUEST" in request.META:
        return False
    if request.path.startswith(EXCLUDED_PREFIXES):
        return False
    user = getattr(request, "user", None)
    if user is None or user.is_authenticated:
        return False
    storage = getattr(request, "_messages", None)
    return storage is None or len(storage) == 0


def _cacheable_response(request: HttpRequest, response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or getattr(request, "session", None) is None:
        return False
    if request.session.modified:
        return False
    control = response.get("Cache-Control", "")
    if any(word in control for word in ("private", "no-store", "no-cache")):
        return False
    storage = getattr(request, "_messages", None)
    return storage is None or not storage._queued_messages


class PublicPageCacheMiddleware:
    """Serve visitors' pages from the cache until the public record changes (see the module's text)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not settings.PORTAL_PAGE_CACHE or not _cacheable_request(request):
            return self.get_response(request)
        version = public_record_version(request)
        key = self._key(request, version)
        stored = cache.get(key)
        if stored is not None:
            return self._conditional(request, self._rebuild(stored))
        response = self.get_response(request)
        if _cacheable_response(request, response):
            response["ETag"] = f'"{hashlib.md5(response.content, usedforsecurity=False).hexdigest()}"'
            response["Last-Modified"] = http_date(version / 1e9)
            patch_cache_control(response, no_cache=True)  # browsers revalidate: the record may change any time
            headers = {name: response[name] for name in (*KEPT_HEADERS, "ETag", "Last-Modified") if name in response}
            cache.set(key, (response.content, headers), settings.PORTAL_PAGE_CACHE_SECONDS)
            return self._conditional(request, response)
        return response

    @staticmethod
    def _key(request: HttpRequest, version: int) -> str:
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        zone = timezone.get_current_timezone_name()
        return f"page:{connection.settings_dict['NAME']}:{version}:{zone}:{request.method}:{path}"

    @staticmethod
    def _rebuild(stored: tuple[bytes, dict]) -> HttpResponse:
        response = stored_response(stored)
        patch_cache_control(response, no_cache=True)
        return response

    @staticmethod
    def _conditional(request: HttpRequest, response: HttpResponse) -> HttpResponse:
        """304 when the visitor's copy is current (If-None-Match, else If-Modified-Since)."""
        modified = parse_http_date_safe(response.get("Last-Modified", ""))
        return get_conditional_response(request, etag=response.get("ETag"), last_modified=modified, response=response)


class RefuseNulBytesMiddleware:
    """Answer 400 to a request whose address, query or form carries a NUL character.

    No field of the portal has a use for it, PostgreSQL cannot store it in text, and a browser never
    sends one from a form: it is refused rather than stripped, so nothing is saved that the person
    did not see."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _carries_nul(request):
            if request.path.startswith("/api/"):  # the API's refusals are JSON, as its schema says
                return JsonResponse({"detail": "The request contains a NUL character (\\0)."}, status=400)
            return HttpResponseBadRequest(
                "The request contains a NUL character (\\0), which no page accepts.", content_type="text/plain"
            )
        return self.get_response(request)


def _carries_nul(request: HttpRequest) -> bool:
    if "\x00" in request.path:
        return True
    sources = [request.GET]
    if request.method == "POST":
        sources.append(request.POST)
    for query in sources:
        for key, values in query.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                return True
    return False


def unique_violation(error: IntegrityError) -> bool:
    """Whether a database refused a row because a unique constraint (or unique field) already holds it."""
    cause = error.__cause__
    # PostgreSQL's unique_violation, by its code (psycopg 2 calls it pgcode, psycopg 3 sqlstate), never
    # by its text, which the server's language changes
    if "23505" in (getattr(cause, "pgcode", None), getattr(cause, "sqlstate", None)):
        return True
    # SQLite's: "UNIQUE constraint failed: table.column, …" or "…: index 'name'" for an expression
    return str(error).startswith("UNIQUE constraint failed")


class UniqueRaceMiddleware:
    """Two people saving the same unique thing at the same moment: both pass the form's check, the second
    insert hits the constraint (a 500). The loser's view runs once more: its transaction was rolled back,
    and now its form's (or service's) own check sees the winner's row and refuses with its own message,
    the person's input kept. A second collision in a row is answered with 409, never a 500."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, IntegrityError) or not unique_violation(exception):
            return None
        match = request.resolver_match
        if match is None or connection.in_atomic_block:
            return None  # no view to run again, or inside a transaction the error has broken
        try:
            return match.func(request, *match.args, **match.kwargs)
        except IntegrityError as again:
            if not unique_violation(again):
                raise
        return render(request, "unique_race.html", status=409)


class PrivatePagesMiddleware:
    """Signed-in pages (the compliance CSV among them) and htmx fragments are `Cache-Control: private,
    no-store`: no shared cache keeps them, and the browser keeps no copy to show after signing out."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or "HTTP_HX_REQUEST" in request.META:
            patch_cache_control(response, private=True, no_store=True)
            # what a view asked for (max-age, no-cache) cannot loosen no-store; drop it for clarity
            for word in ("max-age", "public", "s-maxage"):
                response["Cache-Control"] = ", ".join(
                    part for part in response["Cache-Control"].split(", ") if not part.startswith(word)
                )
        return response


SESSION_STARTED = "portal_session_started"
SESSION_SEEN = "portal_session_seen"
SESSION_SEEN_RESOLUTION = 60  # seconds: the last-seen time is written at most once a minute


def session_limits_start(*, request: HttpRequest | None, **_: object) -> None:
    """At sign-in (Django's user_logged_in): the session's clocks start, written with the login itself."""
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[SESSION_STARTED] = now
        request.session[SESSION_SEEN] = now


class SessionLimitsMiddleware:
    """Signs a person out after PORTAL_SESSION_IDLE_MINUTES without a request, and PORTAL_SESSION_MAX_HOURS
    after they signed in whatever they do ("remember me" keeps a session across browser restarts only
    within these limits)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            expired = self._expired(request)
            if expired:
                logout(request)
                messages.info(request, expired)
                if request.method in ("GET", "HEAD") and "HTTP_HX_REQUEST" not in request.META:
                    return redirect_to_login(request.get_full_path())
                return redirect_to_login(reverse("home"))
        return self.get_response(request)

    @staticmethod
    def _expired(request: HttpRequest) -> str:
        """Why this session has ended (empty: it goes on); records when it was last used."""
        now = time.time()
        session = request.session
        started = session.setdefault(SESSION_STARTED, now)  # sessions from before the limits: from now
        seen = session.get(SESSION_SEEN, now)
        idle = settings.PORTAL_SESSION_IDLE_MINUTES * 60
        if now - seen > idle:
            return f"You were signed out after {settings.PORTAL_SESSION_IDLE_MINUTES} minutes without activity."
        if now - started > settings.PORTAL_SESSION_MAX_HOURS * 3600:
            return f"You were signed out {settings.PORTAL_SESSION_MAX_HOURS} hours after signing in: sign in again."
        if now - session.get(SESSION_SEEN, 0) > SESSION_SEEN_RESOLUTION:
            session[SESSION_SEEN] = now
        return ""


FORM_METHODS = ("GET", "HEAD", "POST", "OPTIONS")


class FormMethodsOnlyMiddleware:
    """allauth's and the admin's pages are forms: any other method (PUT, PATCH, DELETE…) is a 405, where
    their class-based views would treat a PUT as a POST or redirect it. The portal's own views declare
    their methods with require_http_methods."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable, view_args: tuple, view_kwargs: dict
    ) -> HttpResponse | None:
        if request.method in FORM_METHODS:
            return None
        library = view_func.__module__.startswith(("allauth.", "django.contrib.admin", "django.contrib.auth"))
        if library or hasattr(view_func, "admin_site"):
            return HttpResponseNotAllowed(FORM_METHODS)
        return None


class HtmlGZipMiddleware(GZipMiddleware):
    """Compress HTML pages that carry no secret (static files are compressed already, by whitenoise).

    BREACH: a compressed response that reflects what an attacker sends (a search query, a form's echo)
    beside a secret lets them guess the secret from the response's length. The portal's one secret in a
    page body is the CSRF token; a page that used one (every form, the signed-in footer's zone picker) is
    sent uncompressed, which is also what Django's documentation advises. The visitors' pages, the largest
    and most requested, carry none and are compressed."""

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if not response.get("Content-Type", "").startswith("text/html"):
            return response
        # a page that used the token sets (renews) the CSRF cookie: Django's CsrfViewMiddleware, below
        if settings.CSRF_COOKIE_NAME in response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            return response
        return super().process_response(request, response)
