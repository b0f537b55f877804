"""Reads on a PostgreSQL streaming replica, when one is configured
(``DATABASE_REPLICA_URL``), with read-your-writes.

A read goes to the replica only when all of these hold:
- it happens while a request is handled, one that is safe (GET, HEAD,
  OPTIONS) and from a browser that has not written in the last
  ``DATABASE_REPLICA_PIN_SECONDS`` (a short cookie set after any unsafe
  request: the member who just posted reads their post from the primary,
  whatever the replica's lag);
- it is not inside a write transaction on the primary (a service reading
  what it is about to change reads the primary, under its locks).
Everything else, and every write, goes to the primary: commands, the task
worker, migrations. The replica is never migrated (it follows the primary).
"""

from __future__ import annotations

from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"
PIN_COOKIE = "ct_primary"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}

# Set by the middleware for the request being handled: reads may go to the
# replica. Outside a request (commands, tasks), always False.
_replica_ok: ContextVar[bool] = ContextVar("replica_ok", default=False)


class ReplicaRouter:
    """``DATABASE_ROUTERS`` entry, active only with a replica configured."""

    def db_for_read(self, model, **hints):
        if not _replica_ok.get():
            return DEFAULT_DB_ALIAS
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS  # Inside a write: the primary, locks and all.
        return REPLICA

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # The same data on both.

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS


class ReplicaMiddleware:
    """Decides, per request, whether its reads may use the replica, and pins
    a browser that has just written to the primary for a few seconds. In
    the stack only with a replica configured (settings)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        safe = request.method in SAFE_METHODS
        token = _replica_ok.set(safe and PIN_COOKIE not in request.COOKIES)
        try:
            response = self.get_response(request)
        finally:
            _replica_ok.reset(token)
        if not safe:
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.DATABASE_REPLICA_PIN_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
