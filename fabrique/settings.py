"""Settings for Fabrique, read from environment variables (see README)."""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# The local .env (written by `make run`) holds development settings only; the environment wins.
if env.bool("DJANGO_READ_DOT_ENV", default=True):
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
# A development key only exists when DEBUG is on; production must provide its own.
SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key" if DEBUG else environ.Env.NOTSET)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Django's admin, entered only through allauth's login (rate limits, two-factor): fabrique/admin_site.py
    "fabrique.admin_apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_filters",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "core",
    "fabrique",
    "territories",
    "projects",
    "governance",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "fabrique.middleware.RequireCoordinatorMFAMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "fabrique.urls"
WSGI_APPLICATION = "fabrique.wsgi.application"

# Django's form renderer with drop-down lists written in Python (see core/form_renderer.py).
FORM_RENDERER = "core.form_renderer.FormRenderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "fabrique.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DB_CONN_MAX_AGE", default=0))
# The dashboard's covering indexes (`include=`) serve PostgreSQL; SQLite (`make run`) builds them without the
# included columns, which changes nothing there but its speed: no warning on every command.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiles a query its planner thinks costly (the dashboard's figures over 20,000 projects)
    # for 20 ms, more than such a query takes to run: off, as for most web workloads.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    # A Redis outage degrades to an empty cache (fabrique/cache.py), and short timeouts keep it from
    # holding requests: a cache call waits at most a second for an unreachable Redis.
    CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Sessions live in the database (or Redis when asked), never in a web process.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cache"
    if REDIS_URL and env.bool("SESSIONS_IN_REDIS", default=False)
    else "django.contrib.sessions.backends.db"
)

AUTH_USER_MODEL = "fabrique.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "core.auth_backends.StaffModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# django-allauth: email login, no public sign-up (accounts come from invitations).
ACCOUNT_ADAPTER = "fabrique.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# A password reset does not sign in: the next login goes through the rate limits and the two-factor stage.
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
# The login and password reset forms in the platform's style, with « Courriel » (fabrique/forms.py).
ACCOUNT_FORMS = {
    "login": "fabrique.forms.LoginForm",
    "reset_password": "fabrique.forms.ResetPasswordForm",
    "reset_password_from_key": "fabrique.forms.ResetPasswordKeyForm",
}
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    # 5 failures on an account lock it for one minute at most (sliding window): guessing stays slow, and a
    # lock anyone can cause ends a minute after they stop. The refusal says how long (fabrique/adapters.py).
    "login_failed": "10/m/ip,5/1m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Fabrique"
# Coordinators must enrol TOTP in production; off by default while developing.
MFA_REQUIRED_FOR_COORDINATORS = env.bool("MFA_REQUIRED_FOR_COORDINATORS", default=not DEBUG)
INVITATION_VALID_DAYS = 7

EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
# Only read by the file backend (EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend): the real-worker
# tests read the emails a Celery worker sent from there.
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default=str(BASE_DIR / "tmp" / "emails"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Fabrique <ne-pas-repondre@fabrique.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The platform's address as people reach it, for the links of emails (core.notifications.absolute_url).
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
CONTACT_EMAIL = env("CONTACT_EMAIL", default="contact@fabrique.example")  # the legal and personal-data pages
# A project with no journal entry (nor stage move) for this many days is stalled, and flagged in lists.
PROJECT_STALLED_DAYS = env.int("PROJECT_STALLED_DAYS", default=60)
# A project document: at most this many bytes (20 MB).
PROJECT_DOCUMENT_MAX_BYTES = 20 * 1024 * 1024

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("Anglais"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
# 184 392, not 184392: numbers in pages take French grouping (an id or a year in a page is `|unlocalize`d).
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules/bootstrap/dist"),
    ("vendor/htmx", BASE_DIR / "node_modules/htmx.org/dist"),
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG and env.bool("STATIC_MANIFEST", default=True)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Official geography: the JSON files of @etalab/decoupage-administratif installed by npm.
TERRITORY_DATA_DIR = Path(
    env.str("TERRITORY_DATA_DIR", default=str(BASE_DIR / "node_modules/@etalab/decoupage-administratif/data"))
)

# Celery: with no REDIS_URL, tasks run in the calling process. Background work follows core/jobs.py: a job row
# is the truth, the broker only a doorbell, so results are not kept and a lost message costs a delay only.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A Redis that does not answer fails a send within 2 seconds (the job waits for the sweeper), never hangs.
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2}
CELERY_TIMEZONE = TIME_ZONE
# The one declared schedule of periodic work (run by the single celery beat of docker-compose.yml).
CELERY_BEAT_SCHEDULE = {
    "sweep-jobs": {"task": "core.sweep_jobs", "schedule": 60.0, "options": {"expires": 50}},
    "send-due-notifications": {"task": "core.send_due_notifications", "schedule": 300.0, "options": {"expires": 290}},
    # The coordinators' weekly digest, Mondays at 7:00 (governance/notifications/digest.py).
    "weekly-digest": {
        "task": "governance.send_weekly_digest",
        "schedule": crontab(hour=7, minute=0, day_of_week="mon"),
        "options": {"expires": 3600},
    },
    # The referents' reminders (overdue next steps; 1- and 3-year follow-ups), planned daily at 6:00 and spread
    # over the week's morning slots (projects/notifications.py).
    "next-step-reminders": {
        "task": "projects.plan_next_step_reminders",
        "schedule": crontab(hour=6, minute=0),
        "options": {"expires": 3600},
    },
    "follow-up-reminders": {
        "task": "projects.plan_follow_up_reminders",
        "schedule": crontab(hour=6, minute=0),
        "options": {"expires": 3600},
    },
    # Personal data past its retention period is anonymised each night (fabrique/personal_data/retention.py).
    "personal-data-retention": {
        "task": "fabrique.personal_data_retention",
        "schedule": crontab(hour=3, minute=17),
        "options": {"expires": 3600},
    },
}
# Background jobs (core/jobs.py): a pending job sent this many seconds ago and not started is sent again; a
# running job silent this long is taken for dead and sent again, at most JOB_MAX_ATTEMPTS starts; a failing
# handler is retried JOB_MAX_RETRIES times, 1, 2, 4… seconds apart, at most JOB_RETRY_BACKOFF_MAX.
JOB_RESEND_AFTER = env.int("JOB_RESEND_AFTER", default=120)
JOB_STALE_AFTER = env.int("JOB_STALE_AFTER", default=600)
JOB_MAX_ATTEMPTS = env.int("JOB_MAX_ATTEMPTS", default=10)
JOB_MAX_RETRIES = env.int("JOB_MAX_RETRIES", default=5)
JOB_RETRY_BACKOFF_MAX = env.int("JOB_RETRY_BACKOFF_MAX", default=60)
# Personal data (fabrique/personal_data/): a project leader's details are anonymised this many years after the
# project was abandoned or its enterprise created; a call-for-ideas citizen's contact this many months after their
# idea was closed. The privacy page prints these same values.
PERSONAL_DATA_RETENTION_YEARS = env.int("PERSONAL_DATA_RETENTION_YEARS", default=5)
PERSONAL_DATA_IDEA_RETENTION_MONTHS = env.int("PERSONAL_DATA_IDEA_RETENTION_MONTHS", default=12)

# Security: strict when DEBUG is off; TLS is terminated by a proxy that sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The proxies (addresses or CIDR networks) whose X-Forwarded-For names the client (fabrique/client.py):
# without them every visitor behind the proxy would share its address, and its rate limits.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
# Open data (/api/…): requests per client address in a window of OPENDATA_RATE_WINDOW seconds; 0: no limit.
OPENDATA_RATE_LIMIT = env.int("OPENDATA_RATE_LIMIT", default=120)
OPENDATA_RATE_WINDOW = env.int("OPENDATA_RATE_WINDOW", default=60)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^health$"]
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # WeasyPrint logs a line per page it lays out: a 200-page committee pack would fill the worker's log.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}
