"""Members' limits, on the one mechanism in ``core.ratelimit``: how often a
member may post, reply or flag (stricter for new accounts), sign-in lockouts
and small send limits.

Sign-in failures are counted per submitted username and client address
together (whether or not such an account exists, so a lockout reveals
nothing), as django-axes does. Reaching the limit locks that pair for
``ACCOUNT_LOGIN_LOCKOUT`` seconds; while locked, even the right password is
refused from that address, so guessing can't go on in the background. A
stranger's failures never lock anyone else out: not from another address,
and not another account from the same one (a clinic or hospital network
behind one address). What that leaves open: guessing one password from
many addresses, five tries each per lockout window, each costing an Argon2
hash; and trying many accounts from one address (password spraying).
"""

from __future__ import annotations

import math
import time

from django.conf import settings
from django.core.cache import cache

from core import ratelimit
from core.ratelimit import RateLimited, digest

from .roles import is_new_account

__all__ = ["RateLimited", "action_check", "action_hit", "action_record"]


def _action_limit(user, action: str) -> tuple[str, int, int]:
    """The key, count and window of a member's action; stricter when new."""
    table = settings.FORUM_RATE_LIMITS[action]
    count, seconds = table["new" if is_new_account(user) else "member"]
    return f"{action}:{user.pk}", count, seconds


def action_check(user, action: str) -> None:
    """Raise ``RateLimited`` if this member has used up the action's limit."""
    key, count, seconds = _action_limit(user, action)
    ratelimit.check(key, count=count, seconds=seconds)


def action_record(user, action: str) -> None:
    """Count one successful action."""
    key, _count, seconds = _action_limit(user, action)
    ratelimit.record(key, seconds=seconds)


def action_hit(user, action: str) -> None:
    """Check and count in one step."""
    action_check(user, action)
    action_record(user, action)


def _keys(username: str, ip: str) -> list[tuple[str, int]]:
    """The counter a failure adds to: this username from this address (``ip``
    "": re-typing one's password while signed in, the username alone)."""
    who = f"{username.strip().lower()}|{ip}"
    return [(f"login:{digest(who)}", settings.ACCOUNT_LOGIN_MAX_FAILURES)]


def login_locked_for(*, username: str, ip: str) -> int:
    """Seconds until this username may sign in again from this address (0: now)."""
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
        if ratelimit.incr(key, window) >= limit:
            cache.set(f"{key}:locked", time.time() + lockout, timeout=lockout)
            cache.delete(key)


def login_succeeded(*, username: str, ip: str) -> None:
    """A correct password clears this username's count from this address."""
    cache.delete(_keys(username, ip)[0][0])


def hit(name: str, *, count: int, seconds: int) -> int:
    """Count one use of a limited action in a fixed window. Returns 0 if it
    is allowed, else the seconds until the window ends (nothing counted)."""
    wait = ratelimit.retry_after(name, count=count, seconds=seconds)
    if not wait:
        ratelimit.record(name, seconds=seconds)
    return wait
