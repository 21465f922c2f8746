"""Settings for the LCOO Portal, read from the environment (django-environ).

Production differs from development by environment values only: see README.md, "Configuration".
"""

from email.utils import parseaddr
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from lcoo_portal.sso_config import oidc_providers_from_env, provider_origins, socialaccount_providers

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

# the embedded default's files (SQLite, the filesystem broker, static, backups); elsewhere for a second
# instance on the same checkout (the SQLite delivery test runs `make run`'s worker on its own)
VAR_DIR = Path(env.str("PORTAL_VAR_DIR", default=str(BASE_DIR / "var")))

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-development-key-not-for-production"  # noqa: S105 (DEBUG only)

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Benchmarks only: mounts /bench/floor, a constant tiny response through the whole middleware stack.
PORTAL_BENCH_FLOOR = env.bool("PORTAL_BENCH_FLOOR", default=False)
PORTAL_BASE_URL = env.str("PORTAL_BASE_URL", default="http://127.0.0.1:8000").rstrip("/")

# Branding: the coalition this installation serves. Pages, mail, calendars and feeds read these (the
# `brand` template tag, lcoo_portal/templatetags/portal_brand.py), so another coalition of companies runs
# the portal by setting them, without editing templates.
PORTAL_COALITION_NAME = env.str("PORTAL_COALITION_NAME", default="Large Contributing OpenStack Operators")
PORTAL_COALITION_SHORT_NAME = env.str("PORTAL_COALITION_SHORT_NAME", default="LCOO")
# the charter's wording of what the coalition is: the home page's introduction
PORTAL_COALITION_DESCRIPTION = env.str(
    "PORTAL_COALITION_DESCRIPTION",
    default=(
        "A coalition of companies — multi-cloud operators and network service providers — that contribute to "
        "OpenStack together. Membership is by company; every member company has one seat and one vote on the "
        "executive board."
    ),
)
PORTAL_NAME = env.str("PORTAL_NAME", default=f"{PORTAL_COALITION_SHORT_NAME} Portal")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "guardian",
    "simple_history",
    "django_celery_beat",
    "django_htmx",
    "csp",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "kernel",
    "lcoo_portal",
    "members",
    "meetings",
    "governance",
    "notifications",
]

MIDDLEWARE = [
    # outermost: counts, times and logs every request with its final status (lcoo_portal/observability.py)
    "lcoo_portal.observability.RequestObservabilityMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # HTML without a CSRF token, gzip-compressed (BREACH: see the class)
    "lcoo_portal.middleware.HtmlGZipMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "lcoo_portal.middleware.RefuseNulBytesMiddleware",
    "lcoo_portal.middleware.FormMethodsOnlyMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "members.middleware.UserTimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "lcoo_portal.middleware.SessionLimitsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "lcoo_portal.mfa.RequireMFAMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "lcoo_portal.middleware.PrivatePagesMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "lcoo_portal.middleware.PublicPageCacheMiddleware",
    # a visitor's kept API answer (or 304) before DRF's pipeline, counted against the address's rate limit
    "lcoo_portal.api.visitors.ApiVisitorAnswerMiddleware",
    "lcoo_portal.middleware.UniqueRaceMiddleware",
]
# Visitors' pages are cached whole until the public record changes (lcoo_portal/middleware.py), in
# Redis when there is one, in process memory otherwise; the expiry bounds what only the clock changes.
PORTAL_PAGE_CACHE = env.bool("PORTAL_PAGE_CACHE", default=True)
PORTAL_PAGE_CACHE_SECONDS = env.int("PORTAL_PAGE_CACHE_SECONDS", default=60)
# Parts of signed-in pages that every reader of one audience sees alike, cached the same way
# (kernel/fragments.py).
PORTAL_FRAGMENT_CACHE = env.bool("PORTAL_FRAGMENT_CACHE", default=True)
PORTAL_FRAGMENT_CACHE_SECONDS = env.int("PORTAL_FRAGMENT_CACHE_SECONDS", default=60)
# The calendar's and the feed's whole responses, the same for every reader (kernel/public_record.py).
PORTAL_RESPONSE_CACHE = env.bool("PORTAL_RESPONSE_CACHE", default=True)

# The read-only JSON API (lcoo_portal/api/): the session or a person's own token, read-only, cursor pages,
# rate limits per token (or signed-in person) and per address, kept in the shared cache.
PORTAL_API_TOKEN_MAX_DAYS = env.int("PORTAL_API_TOKEN_MAX_DAYS", default=365)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "lcoo_portal.api.authentication.AccessTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # read-only for everyone; AllowAny says so to the schema (visitors need no credentials)
    "DEFAULT_PERMISSION_CLASSES": ["lcoo_portal.api.authentication.ReadOnly", "rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "lcoo_portal.api.paging.Cursor",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "lcoo_portal.api.authentication.PerAddressThrottle",
        "lcoo_portal.api.authentication.PerReaderThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "address": env.str("PORTAL_API_RATE_PER_ADDRESS", default="600/min"),
        "reader": env.str("PORTAL_API_RATE_PER_READER", default="1200/min"),
    },
    # the visitor's address: REMOTE_ADDR, or behind N reverse proxies the Nth address from the right of
    # X-Forwarded-For (a client's own X-Forwarded-For is never trusted with the default 0)
    "NUM_PROXIES": env.int("PORTAL_API_NUM_PROXIES", default=0),
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "LCOO Portal API",
    "DESCRIPTION": "The coalition's public record, read-only: member companies, meetings, motions, the "
    "charter, the roadmap, the plan and teams. Visitors read what the pages show visitors; a signed-in person "
    "(session or personal access token, `Authorization: Bearer <token>`) reads what their pages show them.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "lcoo_portal.api.schema.add_error_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "CompanyStatusEnum": "members.models.Company.Status",
        "MeetingKindEnum": "meetings.models.Kind",
        "MeetingStatusEnum": "meetings.models.Meeting.Status",
        "ActionItemStatusEnum": "meetings.models.ActionItem.Status",
        "MotionKindEnum": "governance.models.Motion.Kind",
        "MotionStatusEnum": "governance.models.Motion.Status",
        "PlanTaskKindEnum": "governance.models.PlanTask.Kind",
    },
}

ROOT_URLCONF = "lcoo_portal.urls"
WSGI_APPLICATION = "lcoo_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lcoo_portal.context_processors.portal",
            ],
            # pages, mail and the plain 500 page (rendered without context processors) name the coalition
            "builtins": ["lcoo_portal.templatetags.portal_brand"],
        },
    },
]

# Database: SQLite under var/ by default (the embedded default of `make run`); PostgreSQL in CI and
# production through DATABASE_URL. Connections persist, with a health check before reuse.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'portal.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server, the worker and beat share the file: WAL and immediate transactions avoid
    # "database is locked" between them.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis carries the broker and the shared cache. Production needs it: an unset REDIS_URL with DEBUG off is
# an error, not a silent fall-back to a per-process cache and a filesystem broker. An empty value says
# "no Redis" on purpose (one process, as in tests on a laptop).
if "REDIS_URL" not in env.ENVIRON and not DEBUG:
    raise ImproperlyConfigured(
        "REDIS_URL must be set when DEBUG is off (redis://host:6379/0); set it empty (REDIS_URL=) to run "
        "deliberately without Redis: a per-process cache and a filesystem broker, for one process only."
    )
REDIS_URL = env.str("REDIS_URL", default="")

# Cache: shared through Redis when there is one (allauth keeps rate limits and used TOTP codes in
# the cache, so every server process must see the same one); process memory otherwise.
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's Redis cache that answers as an empty cache while Redis is down (lcoo_portal/cache.py)
            "BACKEND": "lcoo_portal.cache.TolerantRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="lcoo"),
            # a Redis that does not answer costs a page at most this long, not a hung worker
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "members.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# django-allauth: sign-in by e-mail, verified addresses, closed sign-up, TOTP and recovery codes.
ACCOUNT_ADAPTER = "members.sso.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
# Failed sign-ins: 10 a minute per client address; per account, 10 in 15 minutes and 40 a day from
# browsers the person has never signed in with (members/adapters.py: a known browser is held by the
# per-address limit only, so a stranger cannot lock a board member out). See README, "Security".
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,10/15m/key,40/d/key",
    "reset_password": "20/m/ip,5/m/key,10/d/key",
    "reset_password_from_key": "20/m/ip",
    "signup": "20/m/ip",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{PORTAL_COALITION_SHORT_NAME}] "
# allauth tells the person of every change to their account; the adapter turns each notice into a
# SecurityEvent, listed on the account's Security page and mailed through the outbox (members/security.py).
ACCOUNT_EMAIL_NOTIFICATIONS = True
# Adding an address that is another member's is refused without mailing them (members/forms.py).
ACCOUNT_FORMS = {"add_email": "members.forms.PortalAddEmailForm"}
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if PORTAL_BASE_URL.startswith("https") else "http"
PORTAL_SIGNUP_OPEN = env.bool("PORTAL_SIGNUP_OPEN", default=False)
# Whom people write to: the Secretariat's address, named on the 403 page, the footer and account pages.
PORTAL_CONTACT_EMAIL = env.str("PORTAL_CONTACT_EMAIL", default="secretariat@example.org")
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_TOTP_ISSUER = PORTAL_NAME
# The second factor at sign-in, limited so that a stranger who knows the password cannot lock its owner
# out (members/mfa_forms.py); see README, "Security".
MFA_FORMS = {
    "authenticate": "members.mfa_forms.PortalAuthenticateForm",
    "authenticate_webauthn": "members.mfa_forms.PortalAuthenticateWebAuthnForm",
}
# Passkeys (WebAuthn, through fido2) sign in without a password; browsers allow them on https and on
# localhost only, so a plain-HTTP development run is allowed to try with DEBUG on.
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
# The Secretariat, staff, board representatives and alternates and the board's officers must set up a
# second factor before they act (lcoo_portal/mfa.py); on by default in production, off with DEBUG on
# (the demo accounts of `make run`).
PORTAL_REQUIRE_MFA = env.bool("PORTAL_REQUIRE_MFA", default=not DEBUG)

# Single sign-on with OpenID Connect (issue 20): providers from OIDC_* (lcoo_portal/sso_config.py), through
# allauth's openid_connect provider and members/sso.py (nonce, signature, who is linked and when). The
# password form stays unless OIDC_PASSWORD_FORM is off (only once a provider is configured: checks.py).
OIDC_PROVIDERS = oidc_providers_from_env(env.ENVIRON)
SOCIALACCOUNT_PROVIDERS = socialaccount_providers(OIDC_PROVIDERS)
SOCIALACCOUNT_ADAPTER = "members.sso.SocialAccountAdapter"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False  # per provider: only a trusted provider's verified address
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_LOGIN_ON_GET = False
PORTAL_PASSWORD_FORM = env.bool("OIDC_PASSWORD_FORM", default=True)

# django-guardian: no anonymous user row; object permissions are only ever granted to people.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False

LANGUAGE_CODE = "en"
# Our own English wording over the libraries' (django-allauth's title case becomes sentence case).
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env.bool("STATIC_MANIFEST", default=not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# E-mail: the console in development, SMTP from EMAIL_URL in production.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default=f"{PORTAL_NAME} <portal@example.org>")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
# Who gets the mail of a server error (Django's AdminEmailHandler, active with DEBUG off): a comma-separated
# list of "Name <address>" or bare addresses.
ADMINS = [parseaddr(entry) for entry in env.list("ADMINS", default=[])]
if any("@" not in address for _, address in ADMINS):
    raise ImproperlyConfigured("ADMINS must be e-mail addresses, e.g. ADMINS=Ops <ops@example.org>,dev@example.org")

# Security. HTTPS settings follow DEBUG unless the environment says otherwise (tests and a local
# plain-HTTP run turn them off by environment, never by code).
SECURE = env.bool("SECURE", default=not DEBUG)
SECURE_SSL_REDIRECT = SECURE
# a load balancer's plain-HTTP probe gets the health report, and the scraper inside the network the metrics,
# not a redirect to https
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^metrics$"]
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if SECURE else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
BEHIND_PROXY = env.bool("BEHIND_PROXY", default=False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
# Where gunicorn listens (deploy/gunicorn.conf.py reads the same variable): the loopback or a Unix socket behind
# the proxy; the system check lcoo.W001 warns when BEHIND_PROXY is on and an address is reachable from outside.
PORTAL_BIND = env.list("PORTAL_BIND", default=["127.0.0.1:8000"])
# The client's address for rate limits (allauth): behind the proxy, the right-most X-Forwarded-For entry
# the trusted proxies appended (one proxy: the last entry; anything left of it is the client's own claim),
# or a header the proxy sets (TRUSTED_CLIENT_IP_HEADER, e.g. X-Real-IP). Without a proxy: REMOTE_ADDR.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=1) if BEHIND_PROXY else 0
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = (env.str("TRUSTED_CLIENT_IP_HEADER", default="") or None) if BEHIND_PROXY else None
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_HTTPONLY = True
# Sessions of a voting portal (lcoo_portal/middleware.py, SessionLimitsMiddleware): signed out after this
# long without a request, and this long after signing in whatever happens; "remember me" (password or
# passkey) keeps the session across browser restarts, within the same limits.
PORTAL_SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=60)
PORTAL_SESSION_MAX_HOURS = env.int("SESSION_MAX_HOURS", default=12)
SESSION_COOKIE_AGE = PORTAL_SESSION_MAX_HOURS * 3600
# A refused CSRF check shows the portal's own page, saying what to do (reload, cookies).
CSRF_FAILURE_VIEW = "lcoo_portal.views.csrf_failure"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        # the single sign-on buttons' forms are redirected to the providers (lcoo_portal/sso_config.py)
        "form-action": [SELF, *provider_origins(OIDC_PROVIDERS), *env.list("CSP_FORM_ACTION_EXTRA", default=[])],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

# Celery: Redis when REDIS_URL is set. Without it (the embedded default of `make run`) kombu's
# filesystem transport under var/celery carries the messages between the web server, one worker
# and one beat, all started by `make run`.
CELERY_TASK_ALWAYS_EAGER = False
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
else:
    _queue_dir = VAR_DIR / "celery" / "queue"
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "processed_folder": str(VAR_DIR / "celery" / "processed"),
        "control_folder": str(VAR_DIR / "celery" / "control"),
        "store_processed": False,
    }
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# nothing reads a task's return value: tasks record their outcome in the database (the outbox rows)
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = "UTC"
# django-celery-beat's database scheduler, behind a lock so that one beat sends (lcoo_portal/beat.py)
CELERY_BEAT_SCHEDULER = "lcoo_portal.beat:SingleBeatScheduler"
# /healthz: the worker's heartbeat (every minute) older than this is "stale" (lcoo_portal/health.py)
HEALTH_WORKER_STALE_SECONDS = env.int("HEALTH_WORKER_STALE_SECONDS", default=180)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# The charter's membership criteria and the portal's rules: settings, never literals in code.
PORTAL_CRITERIA = {
    "MIN_CONTRIBUTING_FTES": env.int("CRITERIA_MIN_CONTRIBUTING_FTES", default=4),
    "MIN_ROADMAP_FTES": env.int("CRITERIA_MIN_ROADMAP_FTES", default=2),
    "MIN_PARTICIPATION_RATE": env.float("CRITERIA_MIN_PARTICIPATION_RATE", default=0.5),
    "PARTICIPATION_WINDOW_DAYS": env.int("CRITERIA_PARTICIPATION_WINDOW_DAYS", default=183),
    # fewer meetings counted than this: participation is "not yet measured", never "not met"
    "MIN_PARTICIPATION_MEETINGS": env.int("CRITERIA_MIN_PARTICIPATION_MEETINGS", default=3),
}
# Where `members` learns each company's participation: a function provided by `meetings`, named here
# so that `members` never imports it.
PORTAL_PARTICIPATION_PROVIDER = env.str(
    "PORTAL_PARTICIPATION_PROVIDER", default="meetings.participation.participation_by_company"
)
# Which audience a reader of a cached fragment belongs to (kernel/fragments.py): a function provided by
# `members`, named here so that the kernel never imports an app.
PORTAL_READER_AUDIENCE = "members.audience.reader_audience"

# Logs go to the console (stderr), as plain lines or, with LOG_FORMAT=json, one JSON object a line for a log
# collector (python-json-logger); the access log is the logger lcoo_portal.access (ACCESS_LOG).
LOG_FORMAT = env.str("LOG_FORMAT", default="plain")
if LOG_FORMAT not in ("plain", "json"):
    raise ImproperlyConfigured("LOG_FORMAT must be plain or json.")
ACCESS_LOG = env.bool("ACCESS_LOG", default=not DEBUG)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# Meeting kinds of the wiki page and what each implies (meetings.kinds): default duration (minutes), how
# many days ahead the agenda must be published, whether it is the executive board's, whether attending it
# counts for a company's participation. Every kind must have an entry (a system check refuses otherwise).
MEETING_KINDS = {
    "topical_forum": {
        "duration": 90,
        "agenda_days_ahead": env.int("AGENDA_DAYS_TOPICAL_FORUM", default=7),
        "board": False,
        "counts_for_participation": False,
    },
    "general": {
        "duration": 60,
        "agenda_days_ahead": env.int("AGENDA_DAYS_GENERAL", default=2),
        "board": False,
        "counts_for_participation": True,
    },
    "executive_board": {
        "duration": 90,
        "agenda_days_ahead": env.int("AGENDA_DAYS_EXECUTIVE_BOARD", default=7),
        "board": True,
        "counts_for_participation": False,
    },
    "team": {
        "duration": 60,
        "agenda_days_ahead": env.int("AGENDA_DAYS_TEAM", default=1),
        "board": False,
        "counts_for_participation": False,
    },
}
# Local hours outside which a meeting counts as inconvenient for a time zone (fair rotation).
MEETING_CONVENIENT_HOURS = (7, 22)

# The board's quorum (members.quorum.QUORUM_RULES), for a board meeting's roll call and for motions:
# "majority_of_seats_cast": more than half of the seats take part (present, or cast a ballot; abstentions
# count).
BOARD_QUORUM = "majority_of_seats_cast"
# Governance rules per motion kind: quorum and threshold. "more_yes_than_no"; "two_thirds_of_seats":
# yes ballots from at least two thirds of all seats.
GOVERNANCE_RULES = {
    "default": {"quorum": BOARD_QUORUM, "threshold": "more_yes_than_no"},
    "charter_amendment": {"quorum": BOARD_QUORUM, "threshold": "two_thirds_of_seats"},
    "revoke": {"quorum": BOARD_QUORUM, "threshold": "two_thirds_of_seats"},
}
GOVERNANCE_CURE_PERIOD_DAYS = env.int("GOVERNANCE_CURE_PERIOD_DAYS", default=30)
# A company's FTE declaration is asked to be confirmed this long after it was made (the participation
# window: the charter's criteria are measured over about half a year).
PORTAL_FTES_CONFIRM_DAYS = env.int("PORTAL_FTES_CONFIRM_DAYS", default=90)
GOVERNANCE_OFFICER_TERM_WARNING_DAYS = 30

# --- Notifications (issue 6): the outbox's sending rules. Durations are timedeltas. ---
from datetime import timedelta  # noqa: E402

NOTIFICATIONS = {
    # attempts before a message is marked failed; backoff doubles from RETRY_BASE up to RETRY_MAX
    "MAX_ATTEMPTS": env.int("NOTIFICATIONS_MAX_ATTEMPTS", default=8),
    "RETRY_BASE": timedelta(seconds=env.int("NOTIFICATIONS_RETRY_BASE_SECONDS", default=60)),
    "RETRY_MAX": timedelta(hours=6),
    # a 'sending' claim older than this was lost with its worker: the sweeper re-queues it
    "CLAIM_TIMEOUT": timedelta(seconds=env.int("NOTIFICATIONS_CLAIM_TIMEOUT_SECONDS", default=600)),
    # the sweeper leaves a pending row this long to the task already queued for it
    "REQUEUE_GRACE": timedelta(seconds=env.int("NOTIFICATIONS_REQUEUE_GRACE_SECONDS", default=120)),
    # rows a sending task claims at once and sends over one connection; small enough that two workers
    # share an announcement
    "SEND_BATCH": env.int("NOTIFICATIONS_SEND_BATCH", default=50),
    "SMTP_TIMEOUT": env.int("NOTIFICATIONS_SMTP_TIMEOUT_SECONDS", default=30),
    "UNSUBSCRIBE_MAX_AGE": timedelta(days=730),
}

# --- Watching the installation (issue 21): metrics and Sentry (lcoo_portal/observability.py, sentry.py). ---
# /metrics answers only a scraper sending "Authorization: Bearer <METRICS_TOKEN>"; unset, it does not exist.
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")
# prometheus-client's multiprocess mode: gunicorn's workers and the Celery worker write their figures there
# and /metrics adds them up (the library reads the variable itself; named here so it is documented).
PROMETHEUS_MULTIPROC_DIR = env.str("PROMETHEUS_MULTIPROC_DIR", default="")
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    from lcoo_portal import __version__
    from lcoo_portal.sentry import sentry_init

    sentry_init(
        dsn=SENTRY_DSN,
        environment=env.str("SENTRY_ENVIRONMENT", default="production"),
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.1),
        release=__version__,
    )
