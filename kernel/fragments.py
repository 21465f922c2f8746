"""Fragments of signed-in pages that every reader of one audience sees alike, cached per version of the
public record (kernel/public_record.py).

A signed-in page is not cached whole (it carries the person's name, a CSRF token, messages), but most
of it — the directory's rows and their compliance, a meeting's minutes, the board list — is the same
for everyone who may see the same things. Such a part is rendered once per

    version of the public record × audience × time zone × language × the part's own variables

and kept in the cache (Redis in production); its contract is in docs/architecture.md ("Caches and
their contracts"). The version moves after any write to `members`, `meetings` or `governance`
commits, so a fragment never outlives the record it shows; fragments also expire after
PORTAL_FRAGMENT_CACHE_SECONDS, for what depends on the clock alone ("upcoming", "3 days ago").

The audience is what decides which confidential items a reader may see: a visitor, a signed-in person
without a seat, a board seat holder (`can_see_confidential`), the Secretariat; the function named by the
setting PORTAL_READER_AUDIENCE (`members.audience.reader_audience`) says which, so the kernel imports no
app. What differs from one person to the next (their own company, a coordinator's rights, their ballots)
stays outside fragments or is one of the fragment's variables. A fragment that contains a CSRF token is never stored.

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
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.safestring import SafeString, mark_safe

from kernel.public_record import public_record_version

Reader = AbstractBaseUser | AnonymousUser | None

logger = logging.getLogger(__name__)

# Never stored: a fragment with a token would hand one person's token to the next.
FORBIDDEN_MARKERS = ("csrfmiddlewaretoken",)


def audience(user: Reader) -> str:
    """Which confidential items this reader may see: the one thing about a person a fragment may vary on."""
    return import_string(settings.PORTAL_READER_AUDIENCE)(user)


def fragment_key(request: HttpRequest | None, user: Reader, name: str, vary: tuple) -> str:
    parts = "\x1f".join(str(v) for v in vary)
    digest = hashlib.sha256(parts.encode()).hexdigest()[:32]
    return ":".join(
        [
            "fragment",
            connection.settings_dict["NAME"],
            str(public_record_version(request)),
            audience(user),
            timezone.get_current_timezone_name(),
            translation.get_language() or "",
            name,
            digest,
        ]
    )


def _put(key: str, content: str) -> None:
    if any(marker in content for marker in FORBIDDEN_MARKERS):
        logger.warning("fragment %s carries a CSRF token: not cached", key.rsplit(":", 2)[-2])
        return
    cache.set(key, content, settings.PORTAL_FRAGMENT_CACHE_SECONDS)


def cached_fragment(
    request: HttpRequest | None, user: Reader, name: str, vary: tuple, render: Callable[[], str]
) -> SafeString:
    """The fragment from the cache, or rendered by `render()` (safe HTML) and stored."""
    if not settings.PORTAL_FRAGMENT_CACHE:
        return mark_safe(render())  # noqa: S308 (render returns a template's output)
    key = fragment_key(request, user, name, vary)
    content = cache.get(key)
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
    stored = cache.get(key)
    if stored is None:
        stored = pickle.dumps(build(), protocol=pickle.HIGHEST_PROTOCOL)
        cache.set(key, stored, settings.PORTAL_FRAGMENT_CACHE_SECONDS)
    return pickle.loads(stored)  # noqa: S301 (bytes this portal pickled itself, from its own cache)


def record_data(request: HttpRequest, name: str, *vary: object, build: Callable[[], Any]) -> Any:
    """For views: `cached_data` for this request's reader (a motion's ballots beside the reader's seat)."""
    return cached_data(request, request.user, name, vary, build)
