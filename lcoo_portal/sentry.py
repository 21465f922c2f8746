"""Errors you hear about: Sentry (sentry-sdk), when `SENTRY_DSN` is set.

The settings call `sentry_init`, so every process that loads them reports: gunicorn's workers (Django's
integration: unhandled errors, and ERROR log records such as a failed mail) and the Celery worker (Celery's
integration: a task that raises). A share of requests and tasks (`SENTRY_TRACES_SAMPLE_RATE`, default 0.1)
is sent as a trace, so the slow ones show where their time went. People's addresses and names stay out
(`send_default_pii=False`). This module imports nothing of Django's, since the settings import it.
"""

import logging


def sentry_init(*, dsn: str, environment: str, traces_sample_rate: float, release: str) -> None:
    """Start reporting errors and traces from this process."""
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration
    from sentry_sdk.integrations.logging import LoggingIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=f"lcoo-portal@{release}",
        traces_sample_rate=traces_sample_rate,
        send_default_pii=False,
        integrations=[
            DjangoIntegration(),
            CeleryIntegration(monitor_beat_tasks=False),
            LoggingIntegration(event_level=logging.ERROR),
        ],
    )
