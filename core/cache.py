"""The Redis cache, degraded and never an error when Redis is down: a miss for readers, a warning for operators.

Every cache user goes through it: our rate limits, allauth's login limits and TOTP replay guard, and the
sessions when they live in Redis. Redis failures are caught in one place, `_call`.
"""

import logging
import time
from functools import partial

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# One warning a minute per process is enough to see an outage; one per cache call would flood the logs.
WARNING_INTERVAL_SECONDS = 60
_last_warning = float("-inf")


class CacheUnavailable(Exception):
    """Redis did not answer (down, unreachable, timed out, refusing writes)."""


def _call(backend, name, *args, **kwargs):
    """RedisCache's own `name` operation on `backend`, with any Redis failure raised as CacheUnavailable."""
    try:
        return getattr(RedisCache, name)(backend, *args, **kwargs)
    except RedisError as error:
        raise CacheUnavailable(f"{type(error).__name__}: {error}") from error


def _warn(name, error):
    global _last_warning
    now = time.monotonic()
    if now - _last_warning >= WARNING_INTERVAL_SECONDS:
        _last_warning = now
        logger.warning("Redis cache unavailable (%s during %s): answering as an empty cache", error, name)


class _KeptClient(RedisCacheClient):
    """Django's Redis client, kept per connection pool: Django builds a new `redis.Redis` for every operation, and
    each one fills its table of some three hundred reply handlers, a fifth of a millisecond for nothing on every
    cached read. A `redis.Redis` is safe to share; the pool behind it reconnects after an outage as before."""

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        kept = self.__dict__.setdefault("_kept_clients", {})
        client = kept.get(id(pool))
        if client is None:
            client = kept[id(pool)] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    """Django's RedisCache whose operations answer as an empty cache that accepts writes while Redis is down.

    `add` answers True (as if stored) so that allauth's locks and Django's cache sessions carry on instead
    of waiting and failing: while Redis is down, the limits kept in it do not hold (the health check and
    the warnings say so). Callers with a fallback of their own use `strict()` instead.
    """

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _KeptClient

    def _or(self, fallback, name, *args, **kwargs):
        try:
            return _call(self, name, *args, **kwargs)
        except CacheUnavailable as error:
            _warn(name, error)
            return fallback

    def get(self, key, default=None, version=None):
        return self._or(default, "get", key, default, version)

    def get_many(self, keys, version=None):
        return self._or({}, "get_many", keys, version)

    def has_key(self, key, version=None):
        return self._or(False, "has_key", key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._or(True, "add", key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._or(None, "set", key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._or(list(data), "set_many", data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._or(False, "touch", key, timeout, version)

    def delete(self, key, version=None):
        return self._or(False, "delete", key, version)

    def delete_many(self, keys, version=None):
        return self._or(None, "delete_many", keys, version)

    def clear(self):
        return self._or(False, "clear")

    def incr(self, key, delta=1, version=None):
        try:
            return _call(self, "incr", key, delta, version)
        except CacheUnavailable as error:
            _warn("incr", error)
            # Django's answer for a key the cache does not hold, which is the case of an empty cache.
            raise ValueError(f"Key {key!r} not found (cache unavailable).") from error


class _Strict:
    def __init__(self, backend):
        self._backend = backend

    def __getattr__(self, name):
        return partial(_call, self._backend, name)


def strict(backend=None):
    """The cache (default: the default cache) for a caller with a fallback of its own.

    On Redis, its operations raise CacheUnavailable instead of degrading; other backends (local memory in
    development and tests) are returned as they are, as they cannot be unavailable.
    """
    # caches[...] rather than django.core.cache.cache: that proxy hides the backend's class.
    backend = backend if backend is not None else caches["default"]
    return _Strict(backend) if isinstance(backend, RedisCache) else backend
