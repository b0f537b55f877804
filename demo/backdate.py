"""Move what a service just wrote to the moment it happened in the demo's story.

``seed_demo`` writes the forum's history through the real services, so
counters, follows, notifications, flags and the moderation log are exactly
what the site itself would write. The services stamp everything with the
current time; ``happened_at`` then moves every timestamp the call wrote to
the moment the step belongs to. A notification then carries the time of the
reply that caused it, a flag the time it was raised, a log entry the time of
the decision.

Only the tables the call wrote to are swept: the statements it runs are
watched (``connection.execute_wrapper``), which keeps a seed of several
hundred steps quick.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import cache

from django.apps import apps
from django.db import connection
from django.db.models import Case, DateTimeField, F, Q, Value, When
from django.utils import timezone

# The apps whose rows the demo's services write. Their timestamp columns are
# read from the models, so a timestamp added to one of them later is moved
# too instead of quietly keeping the seeding time.
APPS = ("accounts", "forum", "notifications", "moderation", "safety")

# Deadlines are set relative to the decision (a suspension's end): they move
# with it, keeping their distance, instead of landing on the moment itself.
DEADLINES = {("accounts", "sanction", "ends_at")}

# The table an INSERT or UPDATE writes to ("INSERT OR IGNORE INTO" on SQLite).
_WRITE_RE = re.compile(r"^\s*(?:INSERT\b.*?\bINTO|UPDATE)\s+[\"`]?(\w+)", re.I | re.S)


@cache
def _timestamp_columns() -> list[tuple[type, list[str]]]:
    columns = []
    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            names = [
                f.attname
                for f in model._meta.concrete_fields
                if isinstance(f, DateTimeField)
            ]
            if names:
                columns.append((model, names))
    return columns


@contextmanager
def happened_at(moment: datetime) -> Iterator[None]:
    """Run service calls in the block as if at ``moment``: every timestamp
    they wrote (any value from the block's start on) becomes ``moment``, and
    deadlines move back by the same amount. One UPDATE per table written."""
    started = timezone.now()
    written: set[str] = set()

    def note_writes(execute, sql, params, many, context):
        match = _WRITE_RE.match(sql)
        if match:
            written.add(match.group(1))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(note_writes):
        yield
    shift = started - moment
    for model, names in _timestamp_columns():
        meta = model._meta
        if meta.db_table not in written:
            continue
        any_fresh = Q()
        changes = {}
        for name in names:
            fresh = Q(**{f"{name}__gte": started})
            any_fresh |= fresh
            if (meta.app_label, meta.model_name, name) in DEADLINES:
                value = F(name) - shift
            else:
                value = Value(moment)
            changes[name] = Case(
                When(fresh, then=value),
                default=F(name),
                output_field=DateTimeField(),
            )
        model.objects.filter(any_fresh).update(**changes)
