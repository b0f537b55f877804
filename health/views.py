"""Liveness and readiness.

``/healthz`` (liveness): the process answers; touches nothing, so a load
balancer never takes a node out because a shared service is down.

``/readyz`` (readiness): can this node serve members? The database must
answer (else 503, take the node out); the cache may be away (200,
"degraded": pages are rendered instead of cached); the task queue reports
how long the oldest waiting task has waited, when the database queue is in
use; the private file storage (the local folder or the S3 bucket) may be
away too (200, "degraded": only clinicians' proof files are affected).
Hand-written (60 lines) rather than django-health-check or django-watchman:
those report any failing check as a failure, and here the cache and the
file storage are optional by design (config/cache.py).
"""

import json
import secrets

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import storages
from django.db import connection
from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@require_safe
def healthz(request):
    # Touches nothing (no database, session, cache or template), so it
    # answers while the database is down and measures the bare request cost.
    return HttpResponse("ok", content_type="text/plain")


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except Exception:  # Any failure to reach it is "down", whatever the driver.
        return "down"


def _cache() -> str:
    key, token = "readyz:probe", secrets.token_hex(4)
    cache.set(key, token, 10)
    return "ok" if cache.get(key) == token else "down"


def _storage() -> str:
    """Can the private storage (clinicians' proofs) be asked about a file?
    A missing file is fine; an unreachable store or bucket is not."""
    backend = storages["private"]
    try:
        if hasattr(backend, "bucket"):
            # S3: a HEAD on the bucket itself (a missing key is not an error).
            backend.connection.meta.client.head_bucket(Bucket=backend.bucket_name)
        else:
            backend.exists("readyz-probe")
        return "ok"
    except Exception:  # Unreachable, refused or missing: all mean "down".
        return "down"


def _task_queue_age() -> float | None:
    """Seconds the oldest task waiting for a worker has waited (database
    queue only; None when tasks run in-process)."""
    if "django_tasks_db" not in settings.TASKS["default"]["BACKEND"]:
        return None
    from django_tasks_db.models import DBTaskResult

    oldest = DBTaskResult.objects.ready().order_by("enqueued_at").first()
    if oldest is None:
        return 0.0
    return round((timezone.now() - oldest.enqueued_at).total_seconds(), 1)


@never_cache
@require_safe
def readyz(request):
    found = {"database": _database(), "cache": _cache(), "storage": _storage()}
    if found["database"] == "ok":
        found["task_queue_age_seconds"] = _task_queue_age()
    if found["database"] != "ok":
        found["status"] = "down"
    elif found["cache"] != "ok" or found["storage"] != "ok":
        found["status"] = "degraded"
    else:
        found["status"] = "ok"
    return HttpResponse(
        json.dumps(found),
        content_type="application/json",
        status=503 if found["status"] == "down" else 200,
    )
