"""Gunicorn's settings for the portal (deploy/entrypoint.sh web). Environment:

PORTAL_BIND      where to listen: 127.0.0.1:8000 on a host behind nginx (the default), a Unix socket
                 (unix:/run/lcoo/gunicorn.sock), 0.0.0.0:8000 in a container (the image sets it); several
                 separated by commas. Behind the TLS proxy (BEHIND_PROXY=true) gunicorn must be reachable by
                 the proxy only: whoever reaches it directly writes X-Forwarded-For (escaping the sign-in
                 limits) and X-Forwarded-Proto. The Django system check lcoo.W001 reads the same variable and
                 warns of a public address: set the address here, never with --bind.
WEB_CONCURRENCY  worker processes (gunicorn's own variable; default 3)
"""

import os

bind = [address.strip() for address in os.environ.get("PORTAL_BIND", "127.0.0.1:8000").split(",") if address.strip()]
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
