"""The one rate-limit mechanism: fixed-window counters kept in Django's cache
(Redis in production), so they hold across processes and app servers.

A limit is a key, a count and a window in seconds. ``check`` refuses once the
window's count is used up, ``record`` counts one use, ``hit`` does both.
``incr`` is the counting step, for callers that lock something out when a
count is reached (sign-in failures). Keys must be short and hold no personal
data: callers hash usernames and addresses (``digest``)."""

from __future__ import annotations

import hashlib
import math
import time

from django.core.cache import cache


class RateLimited(Exception):
    """Too many actions; ``retry_after`` seconds until the next is allowed."""

    def __init__(self, retry_after: int, message: str = ""):
        super().__init__(message or f"Rate limited for {retry_after}s")
        self.retry_after = retry_after


def digest(value: str) -> str:
    """A short, stable stand-in for a username or address in a cache key."""
    return hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]


def _window(key: str, seconds: int) -> tuple[str, float, int]:
    now = time.time()
    window = int(now // seconds)
    return f"rl:{key}:{window}", now, window


def retry_after(key: str, *, count: int, seconds: int) -> int:
    """Seconds until ``key`` may be used again (0: now)."""
    window_key, now, window = _window(key, seconds)
    if (cache.get(window_key) or 0) < count:
        return 0
    return max(1, math.ceil((window + 1) * seconds - now))


def check(key: str, *, count: int, seconds: int) -> None:
    """Raise ``RateLimited`` if ``key`` has used up ``count`` in this window."""
    wait = retry_after(key, count=count, seconds=seconds)
    if wait:
        raise RateLimited(wait)


def incr(key: str, timeout: int) -> int:
    """Add one to the counter ``key`` (made with ``timeout``); the new count.

    add() only sets a missing key and incr() is atomic in Redis and in the
    local-memory cache, so concurrent requests count exactly."""
    cache.add(key, 0, timeout=timeout)
    try:
        return cache.incr(key)
    except ValueError:  # Expired between add() and incr().
        cache.add(key, 1, timeout=timeout)
        return 1


def record(key: str, *, seconds: int) -> None:
    """Count one use of ``key`` in this window. A window's counter outlives
    the window, so it can't expire between ``check`` and ``record``."""
    window_key, _now, _window_no = _window(key, seconds)
    incr(window_key, seconds + 5)


def hit(key: str, *, count: int, seconds: int) -> None:
    """Check and count in one step."""
    check(key, count=count, seconds=seconds)
    record(key, seconds=seconds)
