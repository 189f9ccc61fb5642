"""Settings from the environment: SQLite and eager tasks by default, a clean deploy check in production."""

import os
import subprocess
import sys

from django.conf import settings

BASE = settings.BASE_DIR
# Variables of the test run that must not leak into a production-like process.
TEST_ONLY = ("DATABASE_URL", "REDIS_URL", "DJANGO_DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")
PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "SECRET_KEY": "a-production-like-secret-key-for-the-check-" + "x" * 40,
    "ALLOWED_HOSTS": "fabrique.example.org",
}


def run_django(code, **environment):
    env = {k: v for k, v in os.environ.items() if k not in TEST_ONLY}
    env.update(DJANGO_SETTINGS_MODULE="fabrique.settings", DJANGO_READ_DOT_ENV="0", **environment)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); from django.conf import settings as s; " + code],
        cwd=BASE,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_defaults_are_sqlite_eager_tasks_and_local_memory_cache():
    result = run_django(
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.CACHES['default']['BACKEND'], s.DEBUG)",
        DJANGO_DEBUG="1",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        "True",
        "django.core.cache.backends.locmem.LocMemCache",
        "True",
    ]


def test_environment_switches_to_postgresql_and_redis():
    result = run_django(
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.CELERY_BROKER_URL, "
        "s.CACHES['default']['BACKEND'], s.CACHES['default']['OPTIONS']['socket_timeout'])",
        DJANGO_DEBUG="1",
        DATABASE_URL="postgres://u@db:5432/fabrique",
        REDIS_URL="redis://cache:6379/0",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "False",
        "redis://cache:6379/0",
        "core.cache.ResilientRedisCache",  # degrades when Redis is down, with short timeouts
        "1",
    ]


def test_debug_is_off_unless_asked():
    result = run_django("print(s.DEBUG)", SECRET_KEY=PRODUCTION["SECRET_KEY"])
    assert result.stdout.strip() == "False"


def test_production_refuses_to_start_without_a_secret_key():
    result = run_django("print(s.DEBUG)")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_check_deploy_is_clean_in_production():
    env = {k: v for k, v in os.environ.items() if k not in TEST_ONLY}
    env.update(PRODUCTION, DJANGO_READ_DOT_ENV="0")
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_totp_is_required_for_coordinators_in_production():
    result = run_django("print(s.MFA_REQUIRED_FOR_COORDINATORS)", **PRODUCTION)
    assert result.stdout.strip() == "True"


def test_celery_app_discovers_tasks():
    from fabrique.celery import app

    assert app.main == "fabrique"
    assert app.conf.task_acks_late is True
