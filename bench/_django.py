"""What every benchmark sets before Django loads: the project on the import path, its settings module,
a throwaway secret key and a local production-like configuration (no DEBUG, no HTTPS redirect, no static
manifest). Imported first by each script in this folder; `mfa=False` for the benchmarks whose sessions
are made directly in the database, without a second factor."""

import os
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def configure(*, mfa: bool = True) -> None:
    """Set what the environment does not already say (os.environ.setdefault: a variable given wins)."""
    sys.path.insert(0, str(BASE_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lcoo_portal.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production-0123456789")
    os.environ.setdefault("SECURE", "false")
    os.environ.setdefault("DEBUG", "false")
    # without REDIS_URL a benchmark runs deliberately on one process's cache (the settings refuse an unset one)
    os.environ.setdefault("REDIS_URL", "")
    os.environ.setdefault("STATIC_MANIFEST", "false")
    if not mfa:
        os.environ.setdefault("PORTAL_REQUIRE_MFA", "false")
