"""Django's Redis cache, made to degrade instead of failing the site.

The cache holds nothing the database doesn't: pages, fragments, counts,
rate-limit counters and a copy of each session (``cached_db``). So when
Redis is down or frozen, every operation answers as a miss at once: reads
give their default, writes are dropped, counters start again. Three things
make that quick:

- short socket timeouts (``OPTIONS`` in settings: a quarter of a second to
  connect or to answer), so one call never waits long;
- a breaker: after a failure, this process skips Redis for
  ``BREAKER_SECONDS`` and answers as a miss without trying, so a page that
  asks the cache ten times doesn't wait ten timeouts;
- one redis-py client per connection pool (Django's client builds a new
  ``redis.Redis`` for every operation, about a tenth of a millisecond each).

What each use does while Redis is away is in docs/deploy.md (failure modes):
pages render from the database, sessions are read from it, rate limits and
sign-in lockouts fail open, immediate notification emails wait for the next
one or the digest.

Not django-redis: its ``IGNORE_EXCEPTIONS`` mode has no breaker, so a frozen
Redis would still cost a timeout per call.
"""

from __future__ import annotations

import functools
import logging
import time

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger("carethread.cache")

BREAKER_SECONDS = 5.0
# redis-py's connection and timeout errors are RedisErrors; a socket may
# still raise the bare OSError underneath.
_FAILURES = (RedisError, OSError)


class _SharedClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


def _degrades(miss):
    """Run the operation unless the breaker is open; on a Redis failure open
    the breaker and answer ``miss(*args, **kwargs)`` instead."""

    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            if time.monotonic() < self._down_until:
                return miss(*args, **kwargs)
            try:
                return method(self, *args, **kwargs)
            except _FAILURES as exc:
                if time.monotonic() >= self._down_until:
                    logger.warning(
                        "Cache unreachable (%s); answering as misses for %ss",
                        exc.__class__.__name__,
                        BREAKER_SECONDS,
                    )
                self._down_until = time.monotonic() + BREAKER_SECONDS
                return miss(*args, **kwargs)

        return wrapper

    return decorate


def _default(key, default=None, *args, **kwargs):
    return default


def _missing(key, *args, **kwargs):
    # What incr/decr do for a missing key: callers start the count again.
    raise ValueError(f"Key '{key}' not found (cache unreachable)")


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _SharedClient
        self._down_until = 0.0

    get = _degrades(_default)(DjangoRedisCache.get)
    get_many = _degrades(lambda keys, *a, **k: {})(DjangoRedisCache.get_many)
    has_key = _degrades(lambda *a, **k: False)(DjangoRedisCache.has_key)
    add = _degrades(lambda *a, **k: False)(DjangoRedisCache.add)
    set = _degrades(lambda *a, **k: None)(DjangoRedisCache.set)
    set_many = _degrades(lambda data, *a, **k: list(data))(DjangoRedisCache.set_many)
    touch = _degrades(lambda *a, **k: False)(DjangoRedisCache.touch)
    delete = _degrades(lambda *a, **k: False)(DjangoRedisCache.delete)
    delete_many = _degrades(lambda *a, **k: None)(DjangoRedisCache.delete_many)
    incr = _degrades(_missing)(DjangoRedisCache.incr)
    decr = _degrades(_missing)(DjangoRedisCache.decr)
    clear = _degrades(lambda *a, **k: False)(DjangoRedisCache.clear)
