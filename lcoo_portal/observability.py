"""What the operator watches: the access log, Prometheus metrics and Sentry.

- **Access log**: one line per request on the `lcoo_portal.access` logger (method, path, status,
  duration, client address), JSON fields with `LOG_FORMAT=json`. On by default with `DEBUG` off
  (`ACCESS_LOG`).
- **Metrics** (prometheus-client): requests by method and status, their latency, Celery task runs by task
  and outcome, and the outbox's rows by status (its depth: pending and sending; its failures: failed),
  read from the database at each scrape. Served at `/metrics` to a scraper that sends
  `Authorization: Bearer <METRICS_TOKEN>`; without `METRICS_TOKEN` the endpoint does not exist (404).
  Several processes (gunicorn's workers, the Celery worker) add up their figures when they share a
  directory named by `PROMETHEUS_MULTIPROC_DIR` (prometheus-client's multiprocess mode; compose.yaml
  mounts one); without it each process reports its own.
- **Sentry**: lcoo_portal/sentry.py.
"""

import hmac
import logging
import os
import time
from collections.abc import Callable, Iterator

from django.conf import settings
from django.db import DatabaseError
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import REGISTRY, Collector

access_log = logging.getLogger("lcoo_portal.access")

REQUESTS = Counter("lcoo_http_requests_total", "HTTP requests answered, by method and status", ["method", "status"])
LATENCY = Histogram(
    "lcoo_http_request_duration_seconds",
    "Time to answer an HTTP request",
    ["method"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
TASK_RUNS = Counter("lcoo_celery_task_runs_total", "Celery task runs, by task and outcome", ["task", "outcome"])


class OutboxCollector(Collector):
    """The outbox's rows by status, counted in the database at each scrape (so every process agrees)."""

    def describe(self) -> Iterator[GaugeMetricFamily]:
        """The family without its figures: registering the collector must not query the database."""
        yield GaugeMetricFamily("lcoo_outbox_messages", "Outbox rows by status", labels=["status"])

    def collect(self) -> Iterator[GaugeMetricFamily]:
        from django.db.models import Count

        from notifications.models import OutboxMessage

        family = GaugeMetricFamily("lcoo_outbox_messages", "Outbox rows by status", labels=["status"])
        try:
            counts = dict(OutboxMessage.objects.values_list("status").annotate(n=Count("id")).order_by())
        except DatabaseError:
            return
        for status in OutboxMessage.Status.values:
            family.add_metric([status], counts.get(status, 0))
        yield family


def registry() -> CollectorRegistry:
    """Every process's metrics when they share PROMETHEUS_MULTIPROC_DIR, else this process's."""
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return REGISTRY
    combined = CollectorRegistry()
    MultiProcessCollector(combined)
    combined.register(OutboxCollector())
    return combined


# in a single process the outbox is counted by the default registry; in multiprocess mode by `registry()`
if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    REGISTRY.register(OutboxCollector())


class RequestObservabilityMiddleware:
    """Counts and times every request, and writes the access log (outermost, so it sees the final status)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        elapsed = time.perf_counter() - started
        REQUESTS.labels(request.method, str(response.status_code)).inc()
        LATENCY.labels(request.method).observe(elapsed)
        if settings.ACCESS_LOG:
            access_log.info(
                '%s "%s %s" %s %.1fms',
                request.META.get("REMOTE_ADDR", "-"),
                request.method,
                request.get_full_path(),
                response.status_code,
                elapsed * 1000,
                extra={
                    "http_method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round(elapsed * 1000, 1),
                    "remote_addr": request.META.get("REMOTE_ADDR", ""),
                    "user_agent": request.META.get("HTTP_USER_AGENT", ""),
                },
            )
        return response


def _authorised(request: HttpRequest) -> bool:
    token = settings.METRICS_TOKEN
    given = request.META.get("HTTP_AUTHORIZATION", "")
    return bool(token) and hmac.compare_digest(given.encode(), f"Bearer {token}".encode())


@never_cache
@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus's text format, for the scraper holding METRICS_TOKEN; 404 to anyone else, so the
    endpoint's existence is not advertised."""
    if not _authorised(request):
        raise Http404
    return HttpResponse(generate_latest(registry()), content_type=CONTENT_TYPE_LATEST)


def task_run_count(task: str, outcome: str) -> None:
    TASK_RUNS.labels(task, outcome).inc()
