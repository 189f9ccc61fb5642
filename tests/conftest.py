"""Shared fixtures: users per role, an active territory, the official territories, and the real services needed.

A test that needs PostgreSQL, Redis or Chromium is skipped with a reason when that part is missing,
except under CI (the CI variable set), where a missing part fails the run.
"""

import os
import shutil

import pytest
from django.core.management import call_command
from django.db import connection

from core import parallel
from core.roles import Role

from .fabrique.factories import UserFactory
from .territories.factories import ActorFactory, EngagedTerritoryFactory
from .worker import background  # noqa: F401 - the real Celery worker and its own Redis (background work)

ROLES = [Role.COORDINATOR, Role.REFERENT, Role.PARTNER, Role.STAFF]


def require(condition, reason):
    """Skip (or fail under CI) when a real part of the platform is missing."""
    if condition:
        return
    if os.environ.get("CI"):
        pytest.fail(f"CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """pytest-django's test databases, with the connections of core.parallel's workers closed before they are
    dropped (PostgreSQL refuses to drop a database someone is connected to)."""
    yield
    parallel.close_workers()


@pytest.fixture
def postgresql(db):
    require(
        connection.vendor == "postgresql",
        "needs PostgreSQL: set DATABASE_URL=postgres://postgres@127.0.0.1:5432/fabrique (see .ci/run)",
    )
    return connection


@pytest.fixture
def redis_url():
    url = os.environ.get("REDIS_URL", "")
    require(bool(url), "needs Redis: start redis-server and set REDIS_URL=redis://127.0.0.1:6379/0 (see .ci/run)")
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        require(False, f"needs a running Redis at {url} ({error}): start redis-server (see .ci/run)")
    return url


@pytest.fixture(scope="session")
def chromium_path():
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    require(bool(path), "needs Chromium: apt-get install chromium (see .ci/run)")
    return path


@pytest.fixture
def official_territories(db):
    """The real official geography of the former Picardie, from the npm package."""
    with open(os.devnull, "w") as quiet:
        call_command("load_territories", verbosity=0, stdout=quiet)


@pytest.fixture
def territory(db):
    """An active territory: its call for ideas is open to the public."""
    return EngagedTerritoryFactory(name="Pays du Vermandois test", slug="vermandois-test", status="active")


@pytest.fixture
def organisation(db):
    return ActorFactory(name="Organisation de test")


@pytest.fixture
def coordinator(db):
    return UserFactory(role=Role.COORDINATOR, organisation=ActorFactory(name="CRESS de test"))


@pytest.fixture
def referent(db):
    return UserFactory(role=Role.REFERENT, organisation=ActorFactory(name="Référent de test"))


@pytest.fixture
def own_territory(referent):
    """A territory the `referent` fixture's organisation refers."""
    return EngagedTerritoryFactory(name="Beauvaisis", slug="beauvaisis", referent_actor=referent.organisation)


@pytest.fixture
def other_territory(db):
    return EngagedTerritoryFactory(name="Amiens Métropole", slug="amiens-metropole")


@pytest.fixture
def partner(db):
    return UserFactory(role=Role.PARTNER, organisation=ActorFactory(name="Financeur de test"))


@pytest.fixture
def staff(db):
    return UserFactory(role=Role.STAFF, organisation=ActorFactory(name="CRESS de test"))


@pytest.fixture
def client_for(client):
    """A test client logged in as the given user (or anonymous for None)."""

    def make(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    # Tests log in hundreds of times; the production hasher (PBKDF2) would take most of the run.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rate limits live in the cache: each test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path_factory):
    """Uploaded files (project documents) go to a temporary folder, never to the working tree."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def eager_background_jobs():
    """Background jobs run inline when their transaction commits, even when REDIS_URL is set (CI): only the
    real-worker tests (tests/worker.py) send them to a broker, which they start themselves."""
    from fabrique.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before
