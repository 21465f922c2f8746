"""The portal's own middleware: NUL bytes refused at the edge, HTML compressed, and the whole-page cache
for visitors.

Whole-page cache for visitors, keyed on the public record's version (lcoo_portal/public_record.py).

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
from collections.abc import Callable

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.middleware.gzip import GZipMiddleware
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, parse_http_date_safe

from lcoo_portal.public_record import LocalCopies, public_record_version, stored_response

EXCLUDED_PREFIXES = ("/admin/", "/accounts/", "/notifications/", "/healthz", "/bench/")
KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Content-Language")


# the latest 128 pages (bounded in entries only)
_local = LocalCopies(128, seconds=lambda: settings.PORTAL_PAGE_CACHE_SECONDS)


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
        stored = _local.read(key)
        if stored is not None:
            return self._conditional(request, self._rebuild(stored))
        response = self.get_response(request)
        if _cacheable_response(request, response):
            response["ETag"] = f'"{hashlib.md5(response.content, usedforsecurity=False).hexdigest()}"'
            response["Last-Modified"] = http_date(version / 1e9)
            patch_cache_control(response, no_cache=True)  # browsers revalidate: the record may change any time
            headers = {name: response[name] for name in (*KEPT_HEADERS, "ETag", "Last-Modified") if name in response}
            _local.write(key, (response.content, headers))
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
