"""Fragments of signed-in pages that every reader of one audience sees alike, cached per version of the
public record (lcoo_portal/public_record.py).

A signed-in page is not cached whole (it carries the person's name, a CSRF token, messages), but most
of it — the directory's rows and their compliance, a meeting's minutes, the board list — is the same
for everyone who may see the same things. Such a part is rendered once per

    version of the public record × audience × time zone × language × the part's own variables

and kept in the cache (Redis in production) with this process's latest fragments in front of it. The
version moves after any write to `members`, `meetings` or `governance` commits, so a fragment never
outlives the record it shows; fragments also expire after PORTAL_FRAGMENT_CACHE_SECONDS, for what
depends on the clock alone ("upcoming", "3 days ago").

The audience is what decides which confidential items a reader may see: a visitor, a signed-in person
without a seat, a board seat holder (`can_see_confidential`), the Secretariat. What differs from one
person to the next (their own company, a coordinator's rights, their ballots) stays outside fragments
or is one of the fragment's variables. A fragment that contains a CSRF token is never stored.

    {% load portal_fragments %}
    {% record_cache "directory-rows" page.number filter %}…{% endrecord_cache %}

or, in a view whose work should be skipped when the fragment is cached:

    rows_html = record_fragment(request, "directory-rows", page_number, render=lambda: ...)

and, for rows a page shows beside the person's own parts (a motion's ballots beside the reader's
seat), `record_data` keeps the rows themselves, pickled, under the same key.
"""

import hashlib
import logging
import pickle
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

from lcoo_portal.public_record import public_record_version
from members.models import User
from members.permissions import can_see_confidential, is_secretariat

Reader = User | AnonymousUser | None

logger = logging.getLogger(__name__)

VISITOR, MEMBER, BOARD, SECRETARIAT = "visitor", "member", "board", "secretariat"
# Never stored: a fragment with a token would hand one person's token to the next.
FORBIDDEN_MARKERS = ("csrfmiddlewaretoken",)


def audience(user: Reader) -> str:
    """Which confidential items this reader may see: the one thing about a person a fragment may vary on."""
    if user is None or not user.is_authenticated:
        return VISITOR
    if is_secretariat(user):
        return SECRETARIAT
    if can_see_confidential(user):
        return BOARD
    return MEMBER


class _Recent:
    """This process's latest fragments, in front of the shared cache (a fragment under a version never
    changes, so the shared cache is asked only for what this process has not built or read lately).
    Bounded in bytes, not only in entries: a directory page's tables are a few hundred kilobytes."""

    def __init__(self, size: int, max_bytes: int) -> None:
        self.size = size
        self.max_bytes = max_bytes
        self.bytes = 0
        self.entries: OrderedDict[str, tuple[float, str | bytes]] = OrderedDict()

    def get(self, key: str) -> str | bytes | None:
        entry = self.entries.get(key)
        if entry is None or entry[0] < time.monotonic():
            return None
        self.entries.move_to_end(key)
        return entry[1]

    def put(self, key: str, value: str | bytes) -> None:
        old = self.entries.pop(key, None)
        if old is not None:
            self.bytes -= len(old[1])
        self.entries[key] = (time.monotonic() + settings.PORTAL_FRAGMENT_CACHE_SECONDS, value)
        self.bytes += len(value)
        while self.entries and (len(self.entries) > self.size or self.bytes > self.max_bytes):
            _, (_, dropped) = self.entries.popitem(last=False)
            self.bytes -= len(dropped)

    def clear(self) -> None:
        self.entries.clear()
        self.bytes = 0


recent = _Recent(size=256, max_bytes=16 * 1024 * 1024)


def _version(request: HttpRequest | None) -> int:
    # asked once per request: every fragment of one page belongs to the same version
    if request is None:
        return public_record_version()
    version = getattr(request, "_public_record_version", None)
    if version is None:
        version = request._public_record_version = public_record_version()
    return version


def fragment_key(request: HttpRequest | None, user: Reader, name: str, vary: tuple) -> str:
    parts = "\x1f".join(str(v) for v in vary)
    digest = hashlib.sha256(parts.encode()).hexdigest()[:32]
    return ":".join(
        [
            "fragment",
            connection.settings_dict["NAME"],
            str(_version(request)),
            audience(user),
            timezone.get_current_timezone_name(),
            translation.get_language() or "",
            name,
            digest,
        ]
    )


def _get(key: str) -> str | None:
    content = recent.get(key)
    if content is None:
        content = cache.get(key)
        if content is not None:
            recent.put(key, content)
    return content


def _put(key: str, content: str) -> None:
    if any(marker in content for marker in FORBIDDEN_MARKERS):
        logger.warning("fragment %s carries a CSRF token: not cached", key.rsplit(":", 2)[-2])
        return
    cache.set(key, content, settings.PORTAL_FRAGMENT_CACHE_SECONDS)
    recent.put(key, content)


def cached_fragment(
    request: HttpRequest | None, user: Reader, name: str, vary: tuple, render: Callable[[], str]
) -> SafeString:
    """The fragment from the cache, or rendered by `render()` (safe HTML) and stored."""
    if not settings.PORTAL_FRAGMENT_CACHE:
        return mark_safe(render())  # noqa: S308 (render returns a template's output)
    key = fragment_key(request, user, name, vary)
    content = _get(key)
    if content is None:
        content = str(render())
        _put(key, content)
    return mark_safe(content)  # noqa: S308 (a template's output, stored as rendered)


def record_fragment(request: HttpRequest, name: str, *vary: object, render: Callable[[], str]) -> SafeString:
    """For views: the part `name` of this page for this reader's audience (see the module's text)."""
    return cached_fragment(request, request.user, name, vary, render)


def cached_data(request: HttpRequest | None, user: Reader, name: str, vary: tuple, build: Callable[[], Any]) -> Any:
    """Rows every reader of this audience sees alike, built by `build()` once per version of the public
    record and kept pickled (each call gets its own copy to use as it likes)."""
    if not settings.PORTAL_FRAGMENT_CACHE:
        return build()
    key = "data-" + fragment_key(request, user, name, vary)
    stored = recent.get(key)
    if stored is None:
        stored = cache.get(key)
        if stored is None:
            stored = pickle.dumps(build(), protocol=pickle.HIGHEST_PROTOCOL)
            cache.set(key, stored, settings.PORTAL_FRAGMENT_CACHE_SECONDS)
        recent.put(key, stored)
    return pickle.loads(stored)  # noqa: S301 (bytes this portal pickled itself, from its own cache)


def record_data(request: HttpRequest, name: str, *vary: object, build: Callable[[], Any]) -> Any:
    """For views: `cached_data` for this request's reader (a motion's ballots beside the reader's seat)."""
    return cached_data(request, request.user, name, vary, build)
