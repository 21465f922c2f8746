"""The shared cache (Redis) that an outage of Redis does not turn into 500s.

Everything the portal keeps in the cache can be rebuilt or done without: visitors' pages and fragments
(rendered afresh), the public record's version (a new one starts), allauth's sign-in rate limits and its
record of used TOTP codes. So while Redis does not answer, a read is a miss, a write is dropped, and the
page is served uncached; each failure is logged (once a minute per process, not once per call).

What that means for sign-in: **without Redis the rate limits and lock-outs are not enforced** (an `add`
counts as taken, so allauth's lock does not stall each sign-in for a second and then refuse it), and a TOTP
code may be used twice within its 30 seconds. The log says so, and `/healthz` reports the cache as
"unavailable" (README, "Health and monitoring"), so the operator hears about it.
"""

import logging
import time
from typing import Any

import redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

FAILURES = (redis.ConnectionError, redis.TimeoutError)
WARN_EVERY_SECONDS = 60


class TolerantRedisCache(RedisCache):
    """Django's Redis cache, answering as an empty cache while Redis is unreachable (see the module)."""

    _last_warning = 0.0

    def _unavailable(self, operation: str, error: Exception) -> None:
        now = time.monotonic()
        if now - TolerantRedisCache._last_warning >= WARN_EVERY_SECONDS:
            TolerantRedisCache._last_warning = now
            logger.warning(
                "Redis cache unavailable (%s: %s): pages are served uncached and sign-in rate limits are not "
                "enforced until it answers again",
                operation,
                error,
            )

    def add(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        try:
            return super().add(key, value, timeout, version)
        except FAILURES as error:
            self._unavailable("add", error)
            return True

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        try:
            return super().get(key, default, version)
        except FAILURES as error:
            self._unavailable("get", error)
            return default

    def set(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> None:
        try:
            super().set(key, value, timeout, version)
        except FAILURES as error:
            self._unavailable("set", error)

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        try:
            return super().touch(key, timeout, version)
        except FAILURES as error:
            self._unavailable("touch", error)
            return False

    def delete(self, key: Any, version: int | None = None) -> bool:
        try:
            return super().delete(key, version)
        except FAILURES as error:
            self._unavailable("delete", error)
            return False

    def get_many(self, keys: Any, version: int | None = None) -> dict:
        try:
            return super().get_many(keys, version)
        except FAILURES as error:
            self._unavailable("get_many", error)
            return {}

    def has_key(self, key: Any, version: int | None = None) -> bool:
        try:
            return super().has_key(key, version)
        except FAILURES as error:
            self._unavailable("has_key", error)
            return False

    def set_many(self, data: dict, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> list:
        try:
            return super().set_many(data, timeout, version)
        except FAILURES as error:
            self._unavailable("set_many", error)
            return list(data)

    def delete_many(self, keys: Any, version: int | None = None) -> None:
        try:
            super().delete_many(keys, version)
        except FAILURES as error:
            self._unavailable("delete_many", error)

    def ping(self) -> bool:
        """Whether Redis answers now (the health check's question; never raises)."""
        try:
            return bool(self._cache.get_client(write=True).ping())
        except redis.RedisError:
            return False
