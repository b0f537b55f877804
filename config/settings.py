"""CareThread settings: the only settings module, configured from the environment.

The defaults are safe for local development and tests. Production sets
DJANGO_DEBUG=0, DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS, DATABASE_URL and
REDIS_URL (see README.md and .env.example).
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item]


DEBUG = env_bool("DJANGO_DEBUG")
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "django-insecure-local-only")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "core",
    "accounts",
    "forum",
    "moderation",
    "search",
    "notifications",
    "safety",
    "members",
    "demo",
    "django_tasks_db",
    # Two-factor authentication: TOTP devices and one-time recovery codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "safety.middleware.PermissionsPolicyMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): this session passed a second factor.
    "django_otp.middleware.OTPMiddleware",
    # Staff without it are sent to set it up or enter a code.
    "accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "core.middleware.RateLimitMiddleware",
    "moderation.middleware.ModerationMiddleware",
    # Refusals for want of a confirmed email show how to confirm it.
    "accounts.middleware.EmailConfirmationMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "accounts.context_processors.member",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # One writer at a time; wait for the lock instead of failing at once.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
else:
    # A database that doesn't answer fails a request in seconds, not minutes.
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = int(
        os.environ.get("DJANGO_DB_CONNECT_TIMEOUT", "2")
    )
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3" and (
    os.environ.get("DJANGO_DB_POOL", "1") == "1"
):
    # PostgreSQL: a psycopg connection pool per app process (Django wants
    # CONN_MAX_AGE=0 with it; the pool keeps the connections open instead).
    # DJANGO_DB_POOL=0 falls back to persistent connections (CONN_MAX_AGE).
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1,
        "max_size": int(os.environ.get("DJANGO_DB_POOL_MAX", "10")),
        # How long a request waits for a connection: when PostgreSQL is down
        # it gets a 503 page after this, instead of hanging (config/views.py).
        "timeout": float(os.environ.get("DJANGO_DB_POOL_TIMEOUT", "1.5")),
    }
    # After an outage the pool reconnects with exponential backoff (1, 2, 4,
    # 8 s...), so a node could stay on its 503 page for seconds after
    # PostgreSQL is back. A fixed short delay instead: each process tries
    # every DJANGO_DB_RECONNECT_DELAY seconds (psycopg_pool has no option
    # for it; these are its class constants). make resilience measures it.
    from psycopg_pool.base import AttemptWithBackoff

    AttemptWithBackoff.INITIAL_DELAY = float(
        os.environ.get("DJANGO_DB_RECONNECT_DELAY", "0.25")
    )
    AttemptWithBackoff.DELAY_BACKOFF = 1.0

# A PostgreSQL streaming replica for reads (core.dbrouter): safe requests
# from browsers that haven't written in the last few seconds read there,
# everything else reads and writes the primary. Tests mirror it on the
# primary (no replication in a test database).
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = {
        **DATABASES["default"],
        **dj_database_url.parse(
            os.environ["DATABASE_REPLICA_URL"],
            conn_max_age=DATABASES["default"].get("CONN_MAX_AGE", 0),
            conn_health_checks=True,
        ),
        "OPTIONS": dict(DATABASES["default"].get("OPTIONS", {})),
        "TEST": {"MIRROR": "default"},
    }
    DATABASE_ROUTERS = ["core.dbrouter.ReplicaRouter"]
    # Decides per request whether its reads may use the replica; without a
    # replica it isn't in the stack at all.
    MIDDLEWARE.insert(
        MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1,
        "core.dbrouter.ReplicaMiddleware",
    )
# How long after a write a browser reads from the primary (read-your-writes):
# longer than the replica's lag under load (make bench measures it).
DATABASE_REPLICA_PIN_SECONDS = int(os.environ.get("DATABASE_REPLICA_PIN_SECONDS", "10"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["accounts.backends.MemberBackend"]

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "config.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("DJANGO_CACHE_KEY_PREFIX", ""),
            # Never wait long on the cache: it only holds copies (see
            # config/cache.py for what happens while Redis is away).
            "OPTIONS": {
                "socket_connect_timeout": float(
                    os.environ.get("REDIS_CONNECT_TIMEOUT", "0.25")
                ),
                "socket_timeout": float(os.environ.get("REDIS_TIMEOUT", "0.25")),
            },
        }
    }
    # Sessions read from Redis, written through to the database.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    # One process only (development, tests): with several app processes the
    # cache must be shared, or page-cache invalidation and rate limits would
    # only reach the process that saw the change.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

# Background work (emails). In-process by default; in production set
# TASKS_BACKEND=database and run `manage.py db_worker` beside the app servers.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend"
        if os.environ.get("TASKS_BACKEND") == "database"
        else "django.tasks.backends.immediate.ImmediateBackend"
    }
}

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "forum:home"
LOGOUT_REDIRECT_URL = "forum:home"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("Français"))]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG and env_bool("DJANGO_MANIFEST_STATIC", default=True)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Uploaded documents that must never be public (clinicians' proofs): a local
# folder by default; with several app nodes, a private S3-compatible bucket
# (django-storages). Never public URLs: moderators download through the app.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private"))
if os.environ.get("DJANGO_S3_BUCKET"):
    from botocore.config import Config as BotoConfig

    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["DJANGO_S3_BUCKET"],
            # Empty for AWS itself; the address of any S3-compatible service.
            "endpoint_url": os.environ.get("DJANGO_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("DJANGO_S3_REGION") or None,
            "location": os.environ.get("DJANGO_S3_PREFIX", "private"),
            "default_acl": "private",
            "querystring_auth": True,
            # A new upload never replaces another member's file of that name.
            "file_overwrite": False,
            # Fail in seconds, not minutes, when the storage is away.
            "client_config": BotoConfig(
                connect_timeout=2,
                read_timeout=5,
                retries={"max_attempts": 2, "mode": "standard"},
            ),
        },
    }
else:
    STORAGES["private"] = {"BACKEND": "accounts.storage.LocalPrivateStorage"}
CLINICIAN_PROOF_MAX_BYTES = 5 * 1024 * 1024
# A clinician's verification holds this long after a moderator last checked
# their registration; reminders go out 30 and 7 days before it runs out
# (`manage.py check_verifications`, hourly).
CLINICIAN_VERIFICATION_DAYS = int(
    os.environ.get("CARETHREAD_CLINICIAN_VERIFICATION_DAYS", "365")
)

if os.environ.get("EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ["EMAIL_HOST"],
                "port": int(os.environ.get("EMAIL_PORT", "587")),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", default=True),
            },
        }
    }
else:
    # Development: emails (password resets…) are printed on the console.
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
# Absolute links in emails (notifications, digests, unsubscribe).
SITE_URL = os.environ.get("DJANGO_SITE_URL", "http://localhost:8000")
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "CareThread <no-reply@localhost>"
)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Flash messages ride in a signed cookie (the session only if they don't
# fit), so showing "Your reply is posted" costs no session write.
MESSAGE_STORAGE = "django.contrib.messages.storage.fallback.FallbackStorage"

# Security headers. No inline script or style anywhere, so the policy is strict.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    # No nonce: there is no inline script, and pages served from the cache
    # to anonymous visitors must not carry one nonce for everybody.
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "config.views.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Behind HTTPS in production set DJANGO_HTTPS=1 (redirect and secure cookies).
# How many proxies of ours stand in front of the app (load balancer: 1): the
# client's address is read from X-Forwarded-For that many hops from the right
# (core/clientip.py). 0: no proxy, the header is ignored.
TRUSTED_PROXY_COUNT = int(os.environ.get("DJANGO_TRUSTED_PROXIES", "0"))
SECURE_SSL_REDIRECT = env_bool("DJANGO_HTTPS")
# Probes answer over plain HTTP: a balancer that checks a node directly may
# not say X-Forwarded-Proto.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SESSION_COOKIE_SECURE = SECURE_SSL_REDIRECT
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Forum rules.
FORUM_THREADS_PER_PAGE = 25
# How long a clinician's "I'm answering this" claim on a question holds.
FORUM_CLAIM_HOURS = int(os.environ.get("FORUM_CLAIM_HOURS", "3"))
# Anonymous visitors' pages are served from the cache for up to this long
# (relative dates such as "5 minutes ago" age by at most this); every change
# shows at once regardless (core/pagecache.py). 0 turns the page cache off.
FORUM_PAGE_CACHE_SECONDS = int(os.environ.get("FORUM_PAGE_CACHE_SECONDS", "60"))
FORUM_REPLIES_PER_PAGE = 30
FORUM_MAX_CONDITIONS_PER_THREAD = 5
# Who may join: the minimum age members confirm at sign-up (the UK Online
# Safety Act and most national rules on a child's consent sit at 13 to 16).
# Notices about content from anyone: at most this many per address (or
# member) per window.
MODERATION_NOTICE_RATE_LIMIT = (5, 3600)
ACCOUNTS_MINIMUM_AGE = int(os.environ.get("CARETHREAD_MINIMUM_AGE", "16"))
# Moderators, administrators and verified clinicians use their powers only in
# a session that passed a second factor (accounts.twofactor). Off only for a
# throwaway development site; `check --deploy` warns when it is off.
ACCOUNTS_STAFF_2FA = env_bool("CARETHREAD_STAFF_2FA", default=True)
OTP_TOTP_ISSUER = "CareThread"
# A code is good for its 30-second step and the one either side.
OTP_TOTP_TOLERANCE = 1
# Moderation: the first N posts of a new account wait for approval; flags from
# this many distinct members hide a post until a moderator looks.
FORUM_PREMODERATION_POSTS = int(os.environ.get("FORUM_PREMODERATION_POSTS", "2"))
FORUM_FLAG_HIDE_THRESHOLD = int(os.environ.get("FORUM_FLAG_HIDE_THRESHOLD", "3"))
FORUM_NEW_ACCOUNT_DAYS = 7
FORUM_NEW_ACCOUNT_MAX_LINKS = 1
# Links to these domains (or their subdomains) are labelled "reputable source"
# in posts, clinicians' reviews and corrections (core.links). A comma-separated
# environment variable replaces the whole list.
CARETHREAD_REPUTABLE_SOURCES = env_list(
    "CARETHREAD_REPUTABLE_SOURCES",
    ",".join(
        [
            "nhs.uk",
            "nice.org.uk",
            "gov.uk",
            "who.int",
            "cdc.gov",
            "nih.gov",
            "medlineplus.gov",
            "fda.gov",
            "cancer.gov",
            "cochrane.org",
            "cochranelibrary.com",
            "ema.europa.eu",
            "ecdc.europa.eu",
            "canada.ca",
            "has-sante.fr",
            "ameli.fr",
            "sante.gouv.fr",
            "ansm.sante.fr",
            "santepubliquefrance.fr",
            "inserm.fr",
            "vidal.fr",
        ]
    ),
)
# (count, seconds) per member, for new accounts and for established members.
FORUM_RATE_LIMITS = {
    "post": {"new": (3, 600), "member": (10, 600)},
    "flag": {"new": (5, 3600), "member": (20, 3600)},
    # Saying which conditions one lives with: each change refreshes every
    # cached page (the labels), so a loop of them must not.
    "statement": {"new": (20, 3600), "member": (30, 3600)},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    # One line per task run is noise in development; failures still log.
    "loggers": {"django.tasks": {"level": "WARNING"}},
}

# --- Account security ---
# Password reset links work once (the token hashes the password) and expire.
PASSWORD_RESET_TIMEOUT = 60 * 60
# Email confirmation links (signed, carry the address they confirm).
ACCOUNT_EMAIL_VERIFICATION_MAX_AGE = 3 * 24 * 60 * 60
# (count, seconds): "send the confirmation link again" per member.
ACCOUNT_VERIFICATION_RESENDS = (3, 60 * 60)
# Sign-in throttling through the cache: this many failures within the window,
# for one username from one client address, lock that pair for
# ACCOUNT_LOGIN_LOCKOUT seconds (accounts/throttle.py).
ACCOUNT_LOGIN_MAX_FAILURES = int(os.environ.get("ACCOUNT_LOGIN_MAX_FAILURES", "5"))
ACCOUNT_LOGIN_FAILURE_WINDOW = 15 * 60
ACCOUNT_LOGIN_LOCKOUT = 15 * 60

# --- Safety and hardening ---
# Production runs with at least these (checked in CI by
# `manage.py check --deploy --fail-level WARNING`, which must print nothing):
#   DJANGO_DEBUG=0  DJANGO_SECRET_KEY=<50+ random characters>
#   DJANGO_ALLOWED_HOSTS=forum.example.org  DJANGO_SITE_URL=https://forum.example.org
#   DJANGO_HTTPS=1 (redirect to HTTPS, Secure cookies)
#   DJANGO_HSTS_SECONDS=31536000 (start lower, e.g. 3600, and raise it once
#   HTTPS is known to work everywhere)  DJANGO_HSTS_PRELOAD=1 (only once
#   every subdomain serves HTTPS: preload lists are slow to leave)
#   EMAIL_HOST=... (a real mail server; the console backend fails the check)
#   optional: DJANGO_SECRET_KEY_FALLBACKS (old keys while rotating),
#   DJANGO_MODERATORS_EMAIL, DJANGO_SECURITY_CONTACT, DJANGO_CRISIS_COUNTRY.
SECRET_KEY_FALLBACKS = env_list("DJANGO_SECRET_KEY_FALLBACKS", "")
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD") and SECURE_HSTS_SECONDS > 0
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Browser features nobody on a Q&A forum needs; an empty list means "nobody".
SAFETY_PERMISSIONS_POLICY = {
    "accelerometer": [],
    "autoplay": [],
    "camera": [],
    "display-capture": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "usb": [],
}
# RFC 9116 security.txt. Expires: an ISO 8601 date-time, or empty for 180 days
# from today (keep the contact address monitored either way).
SAFETY_SECURITY_CONTACT = os.environ.get(
    "DJANGO_SECURITY_CONTACT", "mailto:security@example.org"
)
SAFETY_SECURITY_TXT_EXPIRES = os.environ.get("DJANGO_SECURITY_TXT_EXPIRES", "")
SAFETY_SECURITY_TXT_LANGUAGES = "en"
# Contact form: an address for the moderators, or empty to email every active
# member of the Moderators group. (count, seconds) per member or per IP.
SAFETY_MODERATORS_EMAIL = os.environ.get("DJANGO_MODERATORS_EMAIL", "")
SAFETY_CONTACT_RATE_LIMIT = (3, 60 * 60)
# Crisis resources shown to a member whose post suggests they may be at risk,
# and on /support/crisis/. The page picks ?country=, then the browser's
# language region (en-GB), then SAFETY_CRISIS_DEFAULT_COUNTRY, then "default".
# Check these numbers with the services themselves at least once a year.
SAFETY_CRISIS_DEFAULT_COUNTRY = os.environ.get("DJANGO_CRISIS_COUNTRY", "")
_EMERGENCY = _("Emergency services")
_EMERGENCY_NOTE = _("If your life or someone else's is in danger now.")
_ALWAYS_OPEN = _("Free, 24 hours a day, every day.")
SAFETY_CRISIS_RESOURCES = {
    "GB": [
        {"name": _EMERGENCY, "phone": "999", "note": _EMERGENCY_NOTE},
        {
            "name": "Samaritans",
            "phone": "116 123",
            "note": _ALWAYS_OPEN,
            "url": "https://www.samaritans.org/",
        },
        {
            "name": "NHS 111",
            "phone": "111",
            "note": _(
                "Urgent help for your mental health. In England, choose the "
                "mental health option."
            ),
        },
        {
            "name": "Shout",
            "text": _("Text SHOUT to 85258"),
            "note": _("Free text support, 24 hours a day."),
            "url": "https://giveusashout.org/",
        },
    ],
    "IE": [
        {"name": _EMERGENCY, "phone": "112", "note": _EMERGENCY_NOTE},
        {
            "name": "Samaritans Ireland",
            "phone": "116 123",
            "note": _ALWAYS_OPEN,
            "url": "https://www.samaritans.org/ireland/",
        },
        {
            "name": "Text 50808",
            "text": _("Text HELLO to 50808"),
            "note": _("Free text support, 24 hours a day."),
            "url": "https://text50808.ie/",
        },
    ],
    "FR": [
        {
            "name": _("SAMU (medical emergencies)"),
            "phone": "15",
            "note": _EMERGENCY_NOTE,
        },
        {
            "name": _("3114, national suicide prevention line"),
            "phone": "3114",
            "note": _ALWAYS_OPEN,
            "url": "https://3114.fr/",
        },
        {
            "name": "SOS Amitié",
            "phone": "09 72 39 40 50",
            "note": _("Listening, 24 hours a day."),
            "url": "https://www.sos-amitie.com/",
        },
    ],
    "US": [
        {"name": _EMERGENCY, "phone": "911", "note": _EMERGENCY_NOTE},
        {
            "name": "988 Suicide & Crisis Lifeline",
            "phone": "988",
            "text": _("or text 988"),
            "note": _ALWAYS_OPEN,
            "url": "https://988lifeline.org/",
        },
        {
            "name": "Crisis Text Line",
            "text": _("Text HOME to 741741"),
            "note": _("Free text support, 24 hours a day."),
            "url": "https://www.crisistextline.org/",
        },
    ],
    "CA": [
        {"name": _EMERGENCY, "phone": "911", "note": _EMERGENCY_NOTE},
        {
            "name": _("9-8-8 Suicide Crisis Helpline"),
            "phone": "988",
            "text": _("or text 988"),
            "note": _ALWAYS_OPEN,
            "url": "https://988.ca/",
        },
    ],
    "AU": [
        {"name": _EMERGENCY, "phone": "000", "note": _EMERGENCY_NOTE},
        {
            "name": "Lifeline",
            "phone": "13 11 14",
            "note": _("24 hours a day."),
            "url": "https://www.lifeline.org.au/",
        },
    ],
    "default": [
        {
            "name": _("Your local emergency number"),
            "phone": "112",
            "note": _(
                "112 reaches emergency services from any phone in the European "
                "Union and from mobile phones in many other countries."
            ),
        },
        {
            "name": "Find A Helpline",
            "note": _("Free, confidential helplines, searchable by country."),
            "url": "https://findahelpline.com/",
        },
    ],
}
