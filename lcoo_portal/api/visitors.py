"""A visitor's API answer: kept rendered until the public record changes, and counted against the visitor's
address in the same Redis round trip that fetches it.

What a visitor's request costs, and why it is one round trip: the answer depends on the URL and on the
public record's version; the rate limit on the address and the window. The kept answer is stored under its
URL alone, with the version it was made under inside it (`(version, json)`), so a single pipeline can ask
for the current version, the kept answer and add one to the address's counter at once (GET, GET, INCR,
EXPIRE NX); an answer whose version is not the current one is a miss. Before, the version, the answer and
the counter were three round trips, each costing milliseconds on a loaded machine.

The rate limit keeps its precision: a fixed window per period (600 a minute by default) counted in Redis,
shared by every worker, exactly as `_Throttle` counts it; the fast path and DRF's throttle add one per
request between them, never two (the count is kept on the request, and the throttle reads it).

`ApiVisitorAnswerMiddleware` serves a kept answer before DRF's pipeline (authentication, negotiation,
throttles, the view) to the one reader it is meant for: a request with no session cookie and no
Authorization header, which DRF would treat as a visitor. Everyone else, and every miss, goes through DRF,
whose `RecordViewSet._answer` stores the answer for the next visitor. Over the limit, the request goes on to
DRF too, whose throttle refuses it with DRF's own 429 (the count is not added twice).

Without Redis (a local cache in `make run`) the same happens in three calls to the cache; with Redis down
the answer is built afresh and the limit is not enforced, as sign-in's limits are not (lcoo_portal/cache.py).
"""

import hashlib
import time
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle

from kernel.public_record import _version_key, public_record_version
from lcoo_portal.cache import FAILURES, TolerantRedisCache

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
# what DRF's finalize_response puts on every answer of a read-only viewset (the fast path's are the same)
ALLOW = "GET, HEAD, OPTIONS"
VARY = ("Accept", "Authorization", "Cookie")


@dataclass
class Window:
    """The address's counter for the current window of the rate's period."""

    key: str
    limit: int
    period: int
    retry_after: float
    count: int | None = None  # None: not counted (the cache did not answer)


@dataclass
class Lookup:
    version: int
    key: str  # where the answer is kept (`answer_key`)
    kept: bytes | None  # the rendered answer, if one is kept under this version
    window: Window | None  # None: no per-address rate is set

    @cached_property
    def etag(self) -> str:
        return '"' + hashlib.sha256(f"{self.key}:{self.version}".encode()).hexdigest()[:32] + '"'

    @property
    def last_modified(self) -> int:
        return self.version // 1_000_000_000


def rate_window(scope: str, ident: str) -> Window | None:
    """The reader's counter for the current window of the scope's rate (read at each request, so a setting's
    change, and a test's, applies), or None when no rate is set for the scope."""
    rate = api_settings.DEFAULT_THROTTLE_RATES.get(scope)
    if rate is None:
        return None
    count, period = rate.split("/")
    seconds = PERIODS[period[0]]
    now = time.time()
    window = int(now // seconds)
    return Window(
        key=f"api-throttle:{scope}:{ident}:{window}",
        limit=int(count),
        period=seconds,
        retry_after=(window + 1) * seconds - now,
    )


def answer_key(request: HttpRequest) -> str:
    """Per database, and per address as asked for (scheme, host, path, query): the answer holds absolute URLs."""
    uri = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    return f"api:{connection.settings_dict['NAME']}:{uri}"


def visitor_lookup(request: HttpRequest) -> Lookup:
    """The version, the kept answer and the address's count, once per request (kept on it)."""
    found = getattr(request, "_api_visitor_lookup", None)
    if found is None:
        found = request._api_visitor_lookup = _lookup(request)
        request._public_record_version = found.version  # the rest of the request uses the same version
    return found


def _lookup(request: HttpRequest) -> Lookup:
    # REMOTE_ADDR, or the NUM_PROXIES-th X-Forwarded-For address
    window = rate_window("address", BaseThrottle().get_ident(request))
    key, keep = answer_key(request), settings.PORTAL_PAGE_CACHE
    backend = caches["default"]
    if isinstance(backend, RedisCache) and len(backend._cache._servers) == 1:
        names = [backend.make_and_validate_key(name) for name in (_version_key(), key)]
        try:
            pipe = _client(backend).pipeline(transaction=False)
            pipe.get(names[0])
            pipe.get(names[1])
            if window is not None:
                counter = backend.make_and_validate_key(window.key)
                pipe.incr(counter)
                pipe.expire(counter, window.period + 1, nx=True)
            version, kept, *counted = pipe.execute()
        except FAILURES as error:
            if isinstance(backend, TolerantRedisCache):
                backend._unavailable("api visitor", error)
                return Lookup(version=public_record_version(), key=key, kept=None, window=window)
            raise
        if window is not None:
            window.count = counted[0]
        if version is None:  # no version yet: one starts (kernel/public_record.py)
            return Lookup(version=public_record_version(), key=key, kept=None, window=window)
        version = int(version)
        stored = backend._cache._serializer.loads(kept) if kept is not None and keep else None
        return Lookup(version=version, key=key, kept=_current(stored, version), window=window)
    # a local cache, or several Redis servers: the same, in separate calls
    version = public_record_version()
    if window is not None:
        window.count = window_count(window.key, window.period + 1)
    kept = _current(cache.get(key), version) if keep else None
    return Lookup(version=version, key=key, kept=kept, window=window)


def window_count(key: str, seconds: int) -> int:
    """Add one to the window's counter and return it: one Redis command (INCR; EXPIRE when it starts), where
    Django's `cache.incr` asks whether the key exists first; `add` then `incr` on other caches."""
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        name = backend.make_and_validate_key(key)
        try:
            client = _client(backend)
            count = client.incr(name)
            if count == 1:
                client.expire(name, seconds)
        except FAILURES as error:
            if not isinstance(backend, TolerantRedisCache):
                raise
            backend._unavailable("api rate limit", error)
            return 0  # Redis down: the limit is not enforced (lcoo_portal/cache.py)
        return count
    if backend.add(key, 1, seconds):
        return 1
    try:
        return backend.incr(key)
    except ValueError:  # the window's counter expired between the two calls: a new window
        backend.add(key, 1, seconds)
        return 1


def _client(backend: RedisCache) -> Any:
    """The backend's Redis client, made once per backend (Django makes a new one, on the same connection pool,
    at every call: half a millisecond of a cached answer's time, per the profile)."""
    client = getattr(backend, "_api_client", None)
    if client is None:
        client = backend._api_client = backend._cache.get_client(None, write=True)
    return client


def _current(stored: Any, version: int) -> bytes | None:
    if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == version:
        return stored[1]
    return None


def visitor_keep(lookup: Lookup, content: bytes) -> None:
    """Keep a visitor's rendered answer for the next visitor, under the version it was made under."""
    if settings.PORTAL_PAGE_CACHE:
        cache.set(lookup.key, (lookup.version, content), settings.PORTAL_PAGE_CACHE_SECONDS)


def visitor_headers(response: HttpResponseBase, lookup: Lookup) -> None:
    """What every visitor's answer carries: validators from the version, and revalidation."""
    if response.status_code in (200, 304):
        response["ETag"] = lookup.etag
        response["Last-Modified"] = http_date(lookup.last_modified)
    patch_cache_control(response, no_cache=True)


def conditional(request: HttpRequest, lookup: Lookup) -> HttpResponse | None:
    """304 when the visitor's copy is current, else None."""
    return get_conditional_response(request, etag=lookup.etag, last_modified=lookup.last_modified)


def _for_visitor_only(request: HttpRequest) -> bool:
    """A request DRF would read as a visitor's, decided without a query: no session cookie, no credentials."""
    if request.method not in ("GET", "HEAD") or "HTTP_AUTHORIZATION" in request.META:
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    # DRF's only renderer is JSON: any other Accept is refused there (406), so it goes there
    return "HTTP_ACCEPT" not in request.META or request.accepts("application/json")


class ApiVisitorAnswerMiddleware:
    """Serve a visitor's kept API answer, or 304, before DRF's pipeline (see the module's text)."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view: Any, args: tuple, kwargs: dict) -> HttpResponseBase | None:
        from lcoo_portal.api.base import RecordViewSet  # the viewsets import the apps; this module loads early

        viewset = getattr(view, "cls", None)
        if viewset is None or not issubclass(viewset, RecordViewSet) or not _for_visitor_only(request):
            return None
        if getattr(view, "actions", {}).get("get") not in ("list", "retrieve"):
            return None
        lookup = visitor_lookup(request)
        window = lookup.window
        if lookup.kept is None or (window is not None and window.count is not None and window.count > window.limit):
            return None  # DRF answers (and its throttle refuses over the limit), counted once
        response = conditional(request, lookup) or HttpResponse(lookup.kept, content_type="application/json")
        visitor_headers(response, lookup)
        if response.status_code == 200:
            response["Allow"] = ALLOW
        patch_vary_headers(response, VARY)
        response["Access-Control-Allow-Origin"] = "*"
        return response
