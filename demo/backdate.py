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
DEADLINES = {
    ("accounts", "sanction", "ends_at"),
    ("accounts", "clinicianprofile", "verified_until"),
    ("forum", "thread", "answer_due_at"),
    ("forum", "thread", "next_escalation_at"),
    ("forum", "thread", "claimed_until"),
}

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


def _deadlines(model) -> list[str]:
    meta = model._meta
    return [
        f.attname
        for f in meta.concrete_fields
        if (meta.app_label, meta.model_name, f.name) in DEADLINES
    ]


@contextmanager
def happened_at(moment: datetime) -> Iterator[None]:
    """Run service calls in the block as if at ``moment``: every timestamp
    they wrote (any value from the block's start on) becomes ``moment``, and
    deadlines they set move back by the same amount. A deadline is in the
    future whether or not the block set it, so deadlines are compared with
    their values before the block instead."""
    started = timezone.now()
    written: set[str] = set()
    before = {
        model: {row[0]: row[1:] for row in model.objects.values_list("pk", *names)}
        for model, names in ((m, _deadlines(m)) for m, _ in _timestamp_columns())
        if names
    }

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
        deadlines = _deadlines(model)
        any_fresh = Q()
        changes = {}
        for name in names:
            if name in deadlines:
                continue
            fresh = Q(**{f"{name}__gte": started})
            any_fresh |= fresh
            changes[name] = Case(
                When(fresh, then=Value(moment)),
                default=F(name),
                output_field=DateTimeField(),
            )
        if changes:
            model.objects.filter(any_fresh).update(**changes)
        if deadlines:
            _move_deadlines(model, deadlines, before[model], shift)


def _move_deadlines(model, names: list[str], before: dict, shift) -> None:
    """Move back each deadline the block set (a new row's, or a changed one)."""
    for pk, *values in model.objects.values_list("pk", *names):
        old = before.get(pk, (None,) * len(names))
        moved = {
            name: value - shift
            for name, value, was in zip(names, values, old, strict=True)
            if value is not None and value != was
        }
        if moved:
            model.objects.filter(pk=pk).update(**moved)
