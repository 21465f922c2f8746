"""gunicorn's settings for the portal (gunicorn reads ./gunicorn.conf.py from the directory it starts in).

Behind the TLS proxy (BEHIND_PROXY=true) gunicorn must be reachable by the proxy only: whoever reaches it
directly can write X-Forwarded-For (escaping the sign-in limits) and X-Forwarded-Proto. So it binds to the
loopback by default, or to a Unix socket (PORTAL_BIND=unix:/run/lcoo/gunicorn.sock). The address comes
from PORTAL_BIND, which the Django system check lcoo.W001 reads too: set the address there, never with
--bind, or the check cannot see it.
"""

import os

bind = [address.strip() for address in os.environ.get("PORTAL_BIND", "127.0.0.1:8000").split(",") if address.strip()]
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
