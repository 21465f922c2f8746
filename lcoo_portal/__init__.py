"""The LCOO Portal project package: settings, URLs, the Celery app and the base views."""

from lcoo_portal.celery import app as celery_app

# The release, in one place: the footer, /healthz, the metrics and the Sentry release read it; CHANGELOG.md
# lists what each release changes for operators.
__version__ = "1.0.0"

__all__ = ("__version__", "celery_app")
