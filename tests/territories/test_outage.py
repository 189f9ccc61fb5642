"""A Redis outage degrades the site, never errors it: tested on a real redis-server that the tests stop and restart."""

import datetime
import logging
import shutil
import socket
import subprocess
import time

import pytest
import redis
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from territories.models import Need
from territories.services.public import OUTAGE_TERRITORY_LIMIT, RATE_LIMIT

from ..conftest import require
from ..fabrique.factories import PASSWORD, UserFactory
from .factories import EngagedTerritoryFactory, NeedFactory


class RedisServer:
    """A redis-server of the test’s own, on a free port, with nothing kept on disk."""

    def __init__(self, executable):
        self.executable = executable
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [self.executable, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
            + ["--daemonize", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while True:
            try:
                redis.Redis.from_url(self.url, socket_connect_timeout=0.2).ping()
                return
            except redis.ConnectionError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError(f"redis-server did not start on port {self.port}") from None
                time.sleep(0.05)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


@pytest.fixture
def redis_server(settings):
    executable = shutil.which("redis-server")
    require(bool(executable), "needs redis-server: apt-get install redis-server (see .ci/run)")
    server = RedisServer(executable)
    server.start()
    # The production cache setting, on this server (fabrique/settings.py with REDIS_URL).
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": server.url,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    settings.REDIS_URL = server.url
    yield server
    server.stop()


def page(territory):
    return reverse("call_for_ideas", kwargs={"territory": territory.slug})


def submit(client, territory, text="Il manque un service de transport à la demande pour les villages."):
    return client.post(page(territory), {"text": text, "site_web": ""})


def test_the_call_for_ideas_survives_redis_stopping_and_gets_its_limit_back(client, territory, redis_server, caplog):
    for _ in range(RATE_LIMIT):
        assert submit(client, territory).status_code == 302
    assert submit(client, territory).status_code == 429  # the limit really is kept in this Redis

    redis_server.stop()
    started = time.monotonic()
    with caplog.at_level(logging.WARNING):
        response = submit(client, territory, text="Une idée envoyée pendant la panne de Redis.")
    elapsed = time.monotonic() - started
    assert response.status_code == 302
    assert Need.objects.filter(description="Une idée envoyée pendant la panne de Redis.").exists()
    assert "cache unavailable" in caplog.text
    assert elapsed < 3, f"an outage held the request {elapsed:.1f} s"
    assert client.get(page(territory)).status_code == 200
    health = client.get("/health")
    assert health.status_code == 503 and health.json()["checks"]["redis"].startswith("error")
    print(f"\nPOST during the outage answered in {elapsed * 1000:.0f} ms")

    # A fresh Redis on the same port: the connection pool reconnects, the count starts again.
    redis_server.start()
    for _ in range(RATE_LIMIT):
        assert submit(client, territory).status_code == 302
    assert submit(client, territory).status_code == 429
    assert Need.objects.filter(territory=territory).count() == 2 * RATE_LIMIT + 1
    assert client.get("/health").status_code == 200


def test_during_an_outage_a_territory_takes_a_capped_number_of_ideas_an_hour(client, territory, redis_server):
    other = EngagedTerritoryFactory(status="active")
    needs = NeedFactory.create_batch(OUTAGE_TERRITORY_LIMIT, territory=territory, source=Need.Source.CALL_FOR_IDEAS)
    redis_server.stop()
    response = submit(client, territory)
    assert response.status_code == 429
    assert "Vous avez déjà envoyé plusieurs idées dans l’heure." in response.content.decode()
    assert Need.objects.filter(territory=territory).count() == OUTAGE_TERRITORY_LIMIT
    # The cap is per territory and per hour.
    assert submit(client, other).status_code == 302
    Need.objects.filter(pk=needs[0].pk).update(created_at=timezone.now() - datetime.timedelta(hours=2))
    assert submit(client, territory).status_code == 302


def test_the_cache_answers_as_an_empty_cache_while_redis_is_down(redis_server):
    cache.set("clef", "valeur")
    assert cache.get("clef") == "valeur"
    redis_server.stop()
    assert cache.get("clef") is None
    assert cache.get("clef", "défaut") == "défaut"
    assert cache.get_many(["clef"]) == {}
    assert cache.has_key("clef") is False
    assert cache.add("verrou", 1) is True  # locks (allauth) and cache sessions carry on
    cache.set("clef", "autre")
    assert cache.set_many({"a": 1}) == ["a"]
    assert cache.get_or_set("calcul", lambda: 42) == 42
    cache.delete("clef")
    cache.clear()
    with pytest.raises(ValueError):
        cache.incr("compteur")


def test_logging_in_works_while_redis_is_down(client, db, redis_server):
    # allauth keeps its login rate limits in the cache: an outage must not turn the login into a 500.
    user = UserFactory()
    redis_server.stop()
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("home")).context["user"] == user


def test_sessions_kept_in_redis_degrade_too(client, territory, redis_server, settings):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cache"
    redis_server.stop()
    assert submit(client, territory).status_code == 302
    assert Need.objects.filter(territory=territory).count() == 1
    # The receipt lived in the session: it is lost, the page still answers.
    assert client.get(reverse("call_for_ideas_receipt", kwargs={"territory": territory.slug})).status_code == 200
