"""Sign-in lockouts and small send limits, kept in Django's cache (Redis in
production) so they hold across processes and app servers.

Sign-in failures are counted per submitted username (whether or not such an
account exists, so a lockout reveals nothing) and per client IP. Reaching the
limit locks that key for ``ACCOUNT_LOGIN_LOCKOUT`` seconds; while locked, even
the right password is refused, so guessing can't go on in the background.
"""

from __future__ import annotations

import hashlib
import math
import time

from django.conf import settings
from django.core.cache import cache


def _digest(value: str) -> str:
    # Usernames never go into cache keys as typed: keys stay short and safe
    # for every cache backend, and a cache dump lists no usernames.
    return hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]


def _keys(username: str, ip: str) -> list[tuple[str, int]]:
    keys = [(f"login:acct:{_digest(username)}", settings.ACCOUNT_LOGIN_MAX_FAILURES)]
    if ip:
        keys.append((f"login:ip:{_digest(ip)}", settings.ACCOUNT_LOGIN_MAX_FAILURES_IP))
    return keys


def _incr(key: str, timeout: int) -> int:
    # add() only sets a missing key and incr() is atomic in Redis and in the
    # local-memory cache, so concurrent failures are counted exactly.
    cache.add(key, 0, timeout=timeout)
    try:
        return cache.incr(key)
    except ValueError:  # Expired between add() and incr().
        cache.add(key, 1, timeout=timeout)
        return 1


def login_locked_for(*, username: str, ip: str) -> int:
    """Seconds until sign-in may be tried again for this username or IP (0: now)."""
    now = time.time()
    until = max(
        (cache.get(f"{key}:locked") or 0 for key, _limit in _keys(username, ip)),
        default=0,
    )
    return max(0, math.ceil(until - now))


def login_failed(*, username: str, ip: str) -> None:
    """Count a failed sign-in; lock the username or IP once over its limit."""
    window = settings.ACCOUNT_LOGIN_FAILURE_WINDOW
    lockout = settings.ACCOUNT_LOGIN_LOCKOUT
    for key, limit in _keys(username, ip):
        if _incr(key, window) >= limit:
            cache.set(f"{key}:locked", time.time() + lockout, timeout=lockout)
            cache.delete(key)


def login_succeeded(*, username: str) -> None:
    """A correct password clears the account's failure count (not the IP's,
    so one good account can't launder guesses at others)."""
    cache.delete(_keys(username, "")[0][0])


def hit(name: str, *, count: int, seconds: int) -> int:
    """Count one use of a limited action in a fixed window. Returns 0 if it
    is allowed, else the seconds until the window ends (nothing counted)."""
    now = time.time()
    window = int(now // seconds)
    key = f"limit:{name}:{window}"
    if (cache.get(key) or 0) >= count:
        return max(1, math.ceil((window + 1) * seconds - now))
    _incr(key, seconds + 5)
    return 0
