"""Fixed-window rate limits kept in Django's cache (Redis in production), so
they hold across processes and app servers."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone


class RateLimited(Exception):
    """Too many actions; ``retry_after`` seconds until the next is allowed."""

    def __init__(self, retry_after: int, message: str = ""):
        super().__init__(message or f"Rate limited for {retry_after}s")
        self.retry_after = retry_after


@dataclass(frozen=True)
class Limit:
    count: int
    seconds: int


def limits_for(user, action: str) -> Limit:
    """The limit for this action; stricter for new accounts."""
    table = settings.FORUM_RATE_LIMITS[action]
    key = "new" if is_new_account(user) else "member"
    count, seconds = table[key]
    return Limit(count, seconds)


def is_new_account(user) -> bool:
    days = settings.FORUM_NEW_ACCOUNT_DAYS
    return (timezone.now() - user.date_joined).days < days


def _window(user, action: str) -> tuple[Limit, str, float, int]:
    limit = limits_for(user, action)
    now = time.time()
    window = int(now // limit.seconds)
    return limit, f"rl:{action}:{user.pk}:{window}", now, window


def check(user, action: str) -> None:
    """Raise ``RateLimited`` if this member has used up the action's limit."""
    limit, key, now, window = _window(user, action)
    if (cache.get(key) or 0) >= limit.count:
        retry_after = math.ceil((window + 1) * limit.seconds - now)
        raise RateLimited(max(1, retry_after))


def record(user, action: str) -> None:
    """Count one successful action."""
    limit, key, _now, _window_no = _window(user, action)
    # incr() is atomic in Redis and in the local-memory cache, so concurrent
    # requests count exactly; add() only sets a missing key, so of two first
    # actions in a window one adds and the other increments. A window's key
    # outlives the window, so it can't expire between these calls.
    try:
        cache.incr(key)
    except ValueError:  # The first action in this window.
        if not cache.add(key, 1, timeout=limit.seconds + 5):
            cache.incr(key)


def hit(user, action: str) -> None:
    """Check and count in one step."""
    check(user, action)
    record(user, action)
