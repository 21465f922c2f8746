"""Gunicorn's settings for the portal (deploy/entrypoint.sh web). Environment:

GUNICORN_BIND    where to listen: 127.0.0.1:8000 on a host behind nginx (the default), 0.0.0.0:8000 in a
                 container (compose.yaml sets it)
WEB_CONCURRENCY  worker processes (gunicorn's own variable; default 3)
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
# the portal logs its own access log (lcoo_portal.access, JSON with LOG_FORMAT=json); gunicorn's errors go
# to stderr beside it
accesslog = None
errorlog = "-"
# a request longer than this is stuck: the worker is replaced (and Sentry sees the slow trace)
timeout = 60
graceful_timeout = 30
# behind the proxy: its X-Forwarded-* are interpreted by Django (BEHIND_PROXY), not by gunicorn
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def child_exit(server: object, worker: object) -> None:
    """prometheus-client's multiprocess mode: a dead worker's live gauges are dropped."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
