"""Full-text search backends: PostgreSQL (stored tsvector) and SQLite (FTS5).

Both take a parsed query (``search.query.ParsedQuery``) and return plain data;
``search.query`` is the interface the rest of the project uses. Highlights
come back with matches between ``START`` and ``STOP`` sentinels, for
``forum.markup.highlight`` to escape and mark up.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorField,
)
from django.db.models import F, OuterRef, Subquery
from django.db.models.expressions import Col, Expression
from django.urls import reverse

from forum.models import Thread, Visibility

from .models import ThreadDocument

if TYPE_CHECKING:
    from .query import Filters, ParsedQuery

START, STOP = "\x02", "\x03"
CONFIG = "english"
SNIPPET_WORDS = 24


@dataclass(frozen=True)
class Hit:
    thread_id: int
    title: str
    snippet: str


@dataclass(frozen=True)
class ThreadLink:
    """Just enough of a thread to link to it."""

    pk: int
    title: str
    reply_count: int
    has_clinician_answer: bool

    def get_absolute_url(self) -> str:
        return reverse("forum:thread_detail", args=[self.pk])


class Backend(Protocol):
    def count(self, query: ParsedQuery, filters: Filters) -> int: ...

    def page(
        self, query: ParsedQuery, filters: Filters, *, offset: int, limit: int
    ) -> list[Hit]: ...

    def similar(self, words: list[str], *, limit: int) -> list[ThreadLink]: ...

    def related(
        self, *, thread_id: int, condition_ids: list[int], words: list[str], limit: int
    ) -> list[ThreadLink]: ...


def get(connection) -> Backend:
    """The backend for the database in use."""
    if connection.vendor == "postgresql":
        return PostgresBackend()
    if connection.vendor == "sqlite":
        return SqliteBackend(connection)
    raise NotImplementedError(f"No search backend for {connection.vendor}.")


class DocumentVector(Expression):
    """The PostgreSQL-only ``vector`` column of ``search_threaddocument``.

    It is not a model field (see search/models.py), so this finds the
    document table's alias in the query the way a field reference would, and
    the resulting column is relabelled correctly inside subqueries."""

    output_field = SearchVectorField()

    def __init__(self, via: str = "title"):
        # A path to a non-key column of the document table, which a join
        # can't be trimmed away from.
        super().__init__()
        self.via = via

    def resolve_expression(self, query=None, *args, **kwargs):
        anchor = F(self.via).resolve_expression(query, *args, **kwargs)
        return Col(anchor.alias, _VECTOR_COLUMN, output_field=SearchVectorField())


# A stand-in field, never attached to the model, that names the column.
_VECTOR_COLUMN = SearchVectorField()
_VECTOR_COLUMN.set_attributes_from_name("vector")
_VECTOR_COLUMN.model = ThreadDocument


_LINK_FIELDS = ("pk", "title", "reply_count", "has_clinician_answer")


class PostgresBackend:
    """Matches on the stored ``vector`` column (GIN-indexed), ranks with
    ``ts_rank`` (title weighted A, condition terms B, body C)."""

    @staticmethod
    def _query(text: str) -> SearchQuery:
        return SearchQuery(text, search_type="websearch", config=CONFIG)

    def _matching(self, search: SearchQuery, filters: Filters | None = None):
        qs = ThreadDocument.objects.alias(vector=DocumentVector()).filter(
            vector=search, thread__visibility=Visibility.VISIBLE
        )
        if filters is None:
            return qs
        if filters.condition_id is not None:
            qs = qs.filter(thread__conditions=filters.condition_id)
        if filters.clinician_answered is not None:
            qs = qs.filter(thread__has_clinician_answer=filters.clinician_answered)
        if filters.created_from is not None:
            qs = qs.filter(thread__created_at__gte=filters.created_from)
        if filters.created_before is not None:
            qs = qs.filter(thread__created_at__lt=filters.created_before)
        return qs

    def count(self, query, filters):
        return self._matching(self._query(query.to_websearch()), filters).count()

    def page(self, query, filters, *, offset, limit):
        search = self._query(query.to_websearch())
        rows = (
            self._matching(search, filters)
            .annotate(
                rank=SearchRank(F("vector"), search),
                title_marked=SearchHeadline(
                    "title",
                    search,
                    config=CONFIG,
                    start_sel=START,
                    stop_sel=STOP,
                    highlight_all=True,
                ),
                snippet=SearchHeadline(
                    "body",
                    search,
                    config=CONFIG,
                    start_sel=START,
                    stop_sel=STOP,
                    max_words=SNIPPET_WORDS + 6,
                    min_words=SNIPPET_WORDS // 2,
                    max_fragments=2,
                    fragment_delimiter=" … ",
                ),
            )
            .order_by("-rank", "-thread__last_activity_at", "-thread_id")
            .values_list("thread_id", "title_marked", "snippet")[
                offset : offset + limit
            ]
        )
        return [Hit(*row) for row in rows]

    def similar(self, words, *, limit):
        search = self._query(" or ".join(words))
        rows = (
            self._matching(search)
            .annotate(rank=SearchRank(F("vector"), search))
            .order_by("-rank", "-thread__last_activity_at", "-thread_id")
            .values_list(
                "thread_id",
                "thread__title",
                "thread__reply_count",
                "thread__has_clinician_answer",
            )[:limit]
        )
        return [ThreadLink(*row) for row in rows]

    def related(self, *, thread_id, condition_ids, words, limit):
        shared = Thread.conditions.through.objects.filter(
            condition_id__in=condition_ids
        ).values("thread_id")
        qs = Thread.objects.filter(
            visibility=Visibility.VISIBLE, pk__in=shared
        ).exclude(pk=thread_id)
        order = ["-last_activity_at", "-id"]
        if words:
            search = self._query(" or ".join(words))
            rank = (
                self._matching(search)
                .filter(thread_id=OuterRef("pk"))
                .annotate(rank=SearchRank(F("vector"), search))
                .values("rank")[:1]
            )
            qs = qs.annotate(rank=Subquery(rank))
            order.insert(0, F("rank").desc(nulls_last=True))
        rows = qs.order_by(*order).values_list(*_LINK_FIELDS)[:limit]
        return [ThreadLink(*row) for row in rows]


class SqliteBackend:
    """Matches through the FTS5 table ``search_threadfts``, ranks with
    ``bm25()`` (title weighted above condition terms above body)."""

    FTS = "search_threadfts"
    BM25 = "bm25(search_threadfts, 10.0, 4.0, 1.0)"

    def __init__(self, connection):
        self.connection = connection
        self.thread_table = Thread._meta.db_table
        self.tags_table = Thread.conditions.through._meta.db_table

    def _execute(self, sql: str, params: list) -> list[tuple]:
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def _from(self, match: str, filters: Filters | None = None) -> tuple[str, list]:
        sql = (
            f"FROM {self.FTS} JOIN {self.thread_table} t ON t.id = {self.FTS}.rowid "
            f"WHERE {self.FTS} MATCH %s AND t.visibility = %s"
        )
        params: list = [match, Visibility.VISIBLE.value]
        if filters is None:
            return sql, params
        adapt = self.connection.ops.adapt_datetimefield_value
        if filters.condition_id is not None:
            sql += (
                f" AND EXISTS (SELECT 1 FROM {self.tags_table} tc"
                " WHERE tc.thread_id = t.id AND tc.condition_id = %s)"
            )
            params.append(filters.condition_id)
        if filters.clinician_answered is not None:
            sql += " AND t.has_clinician_answer = %s"
            params.append(filters.clinician_answered)
        if filters.created_from is not None:
            sql += " AND t.created_at >= %s"
            params.append(adapt(filters.created_from))
        if filters.created_before is not None:
            sql += " AND t.created_at < %s"
            params.append(adapt(filters.created_before))
        return sql, params

    def count(self, query, filters):
        sql, params = self._from(query.to_fts5(), filters)
        return self._execute(f"SELECT COUNT(*) {sql}", params)[0][0]

    def page(self, query, filters, *, offset, limit):
        sql, params = self._from(query.to_fts5(), filters)
        rows = self._execute(
            f"SELECT t.id, highlight({self.FTS}, 0, char(2), char(3)),"
            f" snippet({self.FTS}, 2, char(2), char(3), '…', {SNIPPET_WORDS}) "
            f"{sql} ORDER BY {self.BM25}, t.last_activity_at DESC, t.id DESC"
            " LIMIT %s OFFSET %s",
            [*params, limit, offset],
        )
        return [Hit(*row) for row in rows]

    def similar(self, words, *, limit):
        sql, params = self._from(_fts5_any(words))
        rows = self._execute(
            "SELECT t.id, t.title, t.reply_count, t.has_clinician_answer "
            f"{sql} ORDER BY {self.BM25}, t.last_activity_at DESC, t.id DESC"
            " LIMIT %s",
            [*params, limit],
        )
        return [ThreadLink(pk, title, n, bool(a)) for pk, title, n, a in rows]

    def related(self, *, thread_id, condition_ids, words, limit):
        placeholders = ", ".join(["%s"] * len(condition_ids))
        if words:
            scores = (
                f"SELECT rowid AS thread_id, {self.BM25} AS score FROM {self.FTS}"
                f" WHERE {self.FTS} MATCH %s"
            )
            score_params = [_fts5_any(words)]
        else:
            scores = "SELECT NULL AS thread_id, NULL AS score"
            score_params = []
        rows = self._execute(
            "SELECT t.id, t.title, t.reply_count, t.has_clinician_answer"
            f" FROM {self.thread_table} t LEFT JOIN ({scores}) m"
            " ON m.thread_id = t.id"
            " WHERE t.visibility = %s AND t.id <> %s AND t.id IN"
            f" (SELECT thread_id FROM {self.tags_table}"
            f" WHERE condition_id IN ({placeholders}))"
            " ORDER BY m.score IS NULL, m.score, t.last_activity_at DESC, t.id DESC"
            " LIMIT %s",
            [*score_params, Visibility.VISIBLE.value, thread_id, *condition_ids, limit],
        )
        return [ThreadLink(pk, title, n, bool(a)) for pk, title, n, a in rows]


def fts5_string(text: str) -> str:
    """Quote text as one FTS5 string: searched for as words, never as syntax."""
    return '"' + text.replace('"', '""') + '"'


def _fts5_any(words: list[str]) -> str:
    return " OR ".join(fts5_string(w) for w in words)
