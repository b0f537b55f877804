"""Thread lists paged by keyset: "next" and "previous" links carry the sort
key of the last (first) thread shown, so any page costs the same index range
read as the first one, however deep (no OFFSET over thousands of rows).

A plain ``?page=N`` (old links, bookmarks) still works by offset; every link
this module makes is a cursor. Page numbers travel in the links for display
only ("Page 100 of 271").

``KeysetPage`` offers what ``partials/_keyset_pagination.html`` and the list
templates use, and reads its rows only when the template iterates them, so a
cached fragment of the list costs no query.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import cached_property

from django.core.paginator import Paginator
from django.db import models
from django.db.models import F, QuerySet

# Row-value comparison "(a, b, c) < (x, y, z)": an index range condition on
# PostgreSQL and SQLite. Django uses it for composite primary keys.
from django.db.models.fields.tuple_lookups import (
    Tuple,
    TupleGreaterThan,
    TupleLessThan,
)

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)
MAX_CURSOR_CHARS = 80


def _encode(value) -> str:
    if isinstance(value, datetime):
        return str((value - _EPOCH) // _MICROSECOND)
    return str(int(value))  # bool or int


def _decode(text: str, kind):
    number = int(text)
    if kind is datetime:
        return _EPOCH + number * _MICROSECOND
    if kind is bool:
        if number not in (0, 1):
            raise ValueError
        return bool(number)
    return number


class KeysetPage:
    """One page of an ordered queryset whose ordering is all descending and
    ends with a unique column (``id``)."""

    def __init__(
        self,
        queryset: QuerySet,
        *,
        count: int,
        per_page: int,
        after: str | None = None,
        before: str | None = None,
        page: str | None = None,
    ):
        self._queryset = queryset
        self._per_page = per_page
        self.paginator = Paginator(range(count), per_page)  # numbers only
        self._keys = _sort_keys(queryset)
        self._key_types = {
            key: _kind(queryset.model._meta.get_field(key)) for key in self._keys
        }
        self._direction = None
        values = None
        for direction, text in (("after", after), ("before", before)):
            values = self._parse(text)
            if values is not None:
                self._direction = direction
                break
        self._values = values
        number = _to_int(page, default=1)
        if self._direction is None:
            # No cursor: an offset page, as Django's paginator reads it.
            self.number = self.paginator.validate_number(
                min(max(number, 1), self.paginator.num_pages)
            )
        else:
            self.number = min(max(number, 1), self.paginator.num_pages)

    def _parse(self, text: str | None) -> tuple | None:
        if not text or len(text) > MAX_CURSOR_CHARS:
            return None
        parts = text.split(".")
        if len(parts) != len(self._keys):
            return None
        try:
            return tuple(
                _decode(part, self._key_types[key])
                for part, key in zip(parts, self._keys, strict=True)
            )
        except (ValueError, OverflowError):
            return None

    @cached_property
    def object_list(self) -> list:
        qs, per = self._queryset, self._per_page
        if self._direction is None:
            start = (self.number - 1) * per
            return list(qs[start : start + per])
        lhs = Tuple(*(F(key) for key in self._keys))
        if self._direction == "after":
            return list(qs.filter(TupleLessThan(lhs, self._values))[:per])
        rows = list(qs.filter(TupleGreaterThan(lhs, self._values)).reverse()[:per])
        return rows[::-1]

    def _cursor(self, row) -> str:
        return _row_cursor(self._keys, row)

    @property
    def next_cursor(self) -> str:
        return self._cursor(self.object_list[-1]) if self.object_list else ""

    @property
    def previous_cursor(self) -> str:
        return self._cursor(self.object_list[0]) if self.object_list else ""

    def has_next(self) -> bool:
        return self.number < self.paginator.num_pages and bool(self.object_list)

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_previous() or self.has_next()

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


def cursor_at(queryset: QuerySet, index: int) -> str | None:
    """The "after" cursor that starts a page at row ``index`` of this
    ordered list (what the "Next" link of the page before it carries)."""
    if index <= 0:
        return None
    rows = list(queryset[index - 1 : index])
    return _row_cursor(_sort_keys(queryset), rows[0]) if rows else None


def _sort_keys(queryset: QuerySet) -> list[str]:
    return [name.lstrip("-") for name in queryset.query.order_by]


def _row_cursor(keys: list[str], row) -> str:
    return ".".join(_encode(getattr(row, key)) for key in keys)


def _kind(field) -> type:
    if isinstance(field, models.DateTimeField):
        return datetime
    if isinstance(field, models.BooleanField):
        return bool
    return int


def _to_int(text: str | None, *, default: int) -> int:
    try:
        return int(text) if text and len(text) < 10 else default
    except ValueError:
        return default
