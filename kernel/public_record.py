"""The version of the public record: every cached visitor page is keyed on it.

Whatever changes a row of `members`, `meetings` or `governance` (a service, the admin, a task, a
command) moves the version once its transaction commits, so no service can forget to invalidate the
visitors' pages: the hook is here, on the models' save and delete, not in each service. Bulk writes
that bypass save() (`QuerySet.update`, `bulk_create`) must call `public_record_changed()` themselves.

The version is the time of the last change (nanoseconds since the epoch): pages use it as their
Last-Modified. It lives in the cache; if the cache loses it, a new one starts, which is only a miss.
"""

import hashlib
import time
from collections.abc import Callable
from datetime import UTC, datetime
from functools import wraps
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import condition

VERSION_KEY = "public-record-version"
PUBLIC_APPS = ("members", "meetings", "governance")
# Saves that change nothing a page shows (signing in stamps last_login).
PRIVATE_FIELDS = frozenset({"last_login", "password"})


def _version_key() -> str:
    # per database: two portals (or a portal and a benchmark) may share one cache
    return f"{VERSION_KEY}:{connection.settings_dict['NAME']}"


def public_record_version(request: HttpRequest | None = None) -> int:
    """The current version; with a request, asked of the shared cache once per request, so every part of
    one response (its cache key, ETag, Last-Modified, fragments) belongs to the same version."""
    if request is not None:
        version = getattr(request, "_public_record_version", None)
        if version is None:
            version = request._public_record_version = public_record_version()
        return version
    key = _version_key()
    version = cache.get(key)
    if version is None:
        cache.add(key, time.time_ns(), None)
        version = cache.get(key) or time.time_ns()
    return int(version)


def public_record_bump() -> None:
    cache.set(_version_key(), time.time_ns(), None)


def public_record_changed() -> None:
    """The public record changes in the current transaction: move the version after it commits.

    Once per atomic block: a ballot saves three rows (the ballot, its record entry, the motion's head),
    and three bumps were three Redis round trips after every ballot.
    """
    if not _bump_registered():
        transaction.on_commit(public_record_bump)


def _bump_registered() -> bool:
    """A bump was registered in the very atomic block this change is made in (not an enclosing or a
    nested one): it runs exactly when this change commits, and is dropped only with it."""
    if not connection.in_atomic_block:
        return False
    current = set(connection.savepoint_ids)
    return any(func is public_record_bump and sids == current for sids, func, _ in connection.run_on_commit)


def _on_save(sender: type[Model], update_fields: frozenset[str] | None = None, **kwargs: Any) -> None:
    if update_fields is not None and set(update_fields) <= PRIVATE_FIELDS:
        return
    public_record_changed()


def _on_change(sender: type[Model], **kwargs: Any) -> None:
    public_record_changed()


def connect() -> None:
    """Watch every model of the public apps (called once, from the kernel's AppConfig.ready)."""
    for label in PUBLIC_APPS:
        for model in apps.get_app_config(label).get_models():
            if model.__name__.startswith("Historical"):
                continue  # simple-history's copies: their original's save already counts
            post_save.connect(_on_save, sender=model, dispatch_uid=f"public-record-save-{model._meta.label}")
            post_delete.connect(_on_change, sender=model, dispatch_uid=f"public-record-delete-{model._meta.label}")
    m2m_changed.connect(_on_change, dispatch_uid="public-record-m2m")


def stored_response(stored: tuple[bytes, dict[str, str]]) -> HttpResponse:
    """A response rebuilt from the (content, headers) a cache keeps of it."""
    content, headers = stored
    response = HttpResponse(content)
    for name, value in headers.items():
        response[name] = value
    return response


def public_record_view(view: Callable) -> Callable:
    """A view whose response is the same for everyone (a feed, a calendar): built once per version of
    the public record, zone and URL, and answering conditional requests (ETag, Last-Modified) with 304."""

    def key(request: HttpRequest) -> str:
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
        database = connection.settings_dict["NAME"]
        return f"public:{database}:{public_record_version(request)}:{timezone.get_current_timezone_name()}:{path}"

    def etag(request: HttpRequest, *args: Any, **kwargs: Any) -> str:
        return hashlib.sha256(key(request).encode()).hexdigest()[:32]

    def last_modified(request: HttpRequest, *args: Any, **kwargs: Any) -> datetime:
        return datetime.fromtimestamp(public_record_version(request) / 1e9, UTC)

    @wraps(view)
    def cached(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        name = key(request)
        stored = cache.get(name) if settings.PORTAL_RESPONSE_CACHE else None
        if stored is not None:
            return stored_response(stored)
        response = view(request, *args, **kwargs)
        if "Last-Modified" in response:
            del response["Last-Modified"]  # the version's time answers If-Modified-Since, for every reader alike
        if settings.PORTAL_RESPONSE_CACHE and response.status_code == 200 and not response.streaming:
            headers = {h: response[h] for h in ("Content-Type", "Content-Disposition") if h in response}
            cache.set(name, (response.content, headers), 3600)
        return response

    return condition(etag_func=etag, last_modified_func=last_modified)(cached)
