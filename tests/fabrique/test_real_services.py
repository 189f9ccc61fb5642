"""The platform on its real services: PostgreSQL, Redis as cache and as Celery broker."""

import uuid

from django.conf import settings
from django.core.cache import cache, caches
from django.urls import reverse

from territories.models import EPCI, Commune


def test_database_is_postgresql(postgresql):
    with postgresql.cursor() as cursor:
        cursor.execute("SHOW server_version")
        assert int(cursor.fetchone()[0].split(".")[0]) >= 13


def test_official_territories_load_on_postgresql(postgresql, official_territories):
    assert Commune.objects.filter(departement__code__in=["02", "60", "80"]).count() == 2248
    assert EPCI.objects.get(siren="248000531").communes.count() == 39


def test_cache_is_redis(redis_url):
    assert redis_url == settings.REDIS_URL
    assert "RedisCache" in settings.CACHES["default"]["BACKEND"]
    key = f"test-{uuid.uuid4()}"
    cache.set(key, "valeur", 30)
    import redis

    client = redis.Redis.from_url(redis_url)
    assert any(key in k.decode() for k in client.keys(f"*{key}*"))
    assert cache.get(key) == "valeur"


def test_the_cache_keeps_one_redis_client(redis_url):
    """Django builds a Redis client for every operation; ours keeps the one of its connection pool."""
    backend = caches["default"]
    backend.set(f"test-{uuid.uuid4()}", 1, 30)
    first = backend._cache.get_client()
    assert backend._cache.get_client(write=True) is first
    assert backend.get_many([f"absent-{uuid.uuid4()}"]) == {}
    assert backend._cache.get_client() is first


def test_celery_broker_is_reachable(redis_url):
    from fabrique.celery import app

    assert app.conf.broker_url == redis_url
    # Configured to send to Redis (the tests themselves run jobs inline: tests/conftest.py).
    assert settings.CELERY_TASK_ALWAYS_EAGER is False
    with app.connection_for_write() as connection:
        connection.ensure_connection(max_retries=1)


def test_health_checks_redis(client, db, redis_url):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "redis": "ok"}
