"""The LCOO Portal project package: settings, URLs, the Celery app and the base views."""

from lcoo_portal.celery import app as celery_app

__all__ = ("celery_app",)
