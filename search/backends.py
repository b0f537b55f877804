"""Full-text search backends: PostgreSQL (stored tsvector) and SQLite (FTS5).

Both take a parsed query (``search.terms.ParsedQuery``) and return plain data;
``search.query`` is the interface the rest of the project uses. Highlights
come back with matches between ``START`` and ``STOP`` sentinels, for
``core.markup.highlight`` to escape and mark up.

Every query here does a bounded amount of work, whatever the query matches:
a search looks at the most recently active matching threads only (at most
the ``limit`` it is given) and scores just those; snippets are made for the
threads on the page only; similar and related threads are picked among the
``SIMILAR_CANDIDATES`` and ``RELATED_CANDIDATES`` most recently active ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from django.urls import reverse

from forum.models import Thread, Visibility

from .models import ThreadDocument
from .terms import Filters, ParsedQuery, fts5_string

START, STOP = "\x02", "\x03"
CONFIG = "carethread"  # English with unaccent: search/migrations/0005.
SNIPPET_WORDS = 24

#: PostgreSQL scores and snippets come from the start of a thread only: its
#: title, condition terms and this many characters of body, which is about
#: the question itself. The stored ``head`` vector covers the same text
#: (migrations/0004_document_head); keep the two numbers equal.
HEAD_CHARS = 1000

#: Similar questions come from this many most recently active matches, and
#: related discussions from this many most recently active threads sharing a
#: condition: both run while people type or read, so they stay a few ms.
SIMILAR_CANDIDATES = 300
RELATED_CANDIDATES = 200


@dataclass(frozen=True)
class Candidate:
    """A matching thread and how well it matches: higher is better."""

    thread_id: int
    score: float


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
    def candidates(
        self, query: ParsedQuery, filters: Filters, *, limit: int
    ) -> list[Candidate]:
        """Up to ``limit`` matching threads, most recently active first."""
        ...

    def hits(self, query: ParsedQuery, thread_ids: list[int]) -> list[Hit]:
        """Highlighted title and snippet of those of ``thread_ids`` still
        public, in any order."""
        ...

    def similar(self, words: list[str], *, limit: int) -> list[ThreadLink]: ...

    def related(
        self, *, thread_id: int, condition_ids: list[int], words: list[str], limit: int
    ) -> list[ThreadLink]: ...


def get(connection) -> Backend:
    """The backend for the database in use."""
    if connection.vendor == "postgresql":
        return PostgresBackend(connection)
    if connection.vendor == "sqlite":
        return SqliteBackend(connection)
    raise NotImplementedError(f"No search backend for {connection.vendor}.")


_THREADS = Thread._meta.db_table
_TAGS = Thread.conditions.through._meta.db_table
_DOCUMENTS = ThreadDocument._meta.db_table
_RECENT_FIRST = "t.last_activity_at DESC, t.id DESC"


class _Base:
    def __init__(self, connection):
        self.connection = connection

    def _execute(self, sql: str, params: list) -> list[tuple]:
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def _filter_sql(self, filters: Filters | None) -> tuple[str, list]:
        """Conditions on the thread aliased ``t``, each starting with AND."""
        sql, params = "", []
        if filters is None:
            return sql, params
        adapt = self.connection.ops.adapt_datetimefield_value
        if filters.condition_id is not None:
            sql += (
                f" AND EXISTS (SELECT 1 FROM {_TAGS} tc"
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


class PostgresBackend(_Base):
    """Matches on the stored ``vector`` column (GIN-indexed: title A,
    condition terms B, the whole body C) and scores with ``ts_rank`` on the
    stored ``head`` column, the same text cut to ``HEAD_CHARS`` of body.

    Scoring the full vector meant reading every matching thread's whole text
    (a few KB, up to ~1 MB each) on every search. The head is about a KB and
    kept in the table row, so scoring the candidates of a search costs about
    a millisecond. The price: words that only occur further down a long
    thread still make it match, but no longer make it rank higher."""

    # websearch_to_tsquery is immutable: with literal arguments the planner
    # sees the query itself and estimates how many threads it matches, which
    # decides between walking threads most recently active first until the
    # limit is reached (common words) and the GIN index (rarer words). That
    # needs table statistics: on a database never ANALYZEd, PostgreSQL takes
    # forum_thread for a few dozen rows and checks every thread's vector.
    TSQUERY = "websearch_to_tsquery(%s::regconfig, %s)"
    TITLE_MARKS = f'StartSel="{START}", StopSel="{STOP}", HighlightAll=true'
    SNIPPET_MARKS = (
        f'StartSel="{START}", StopSel="{STOP}", MaxWords={SNIPPET_WORDS + 6},'
        f' MinWords={SNIPPET_WORDS // 2}, MaxFragments=2, FragmentDelimiter=" … "'
    )

    def _recent_matches(
        self, text: str, filters: Filters | None, *, columns: str, limit: int
    ) -> tuple[str, list]:
        where, params = self._filter_sql(filters)
        sql = (
            f"SELECT {columns}, t.last_activity_at FROM {_THREADS} t"
            f" JOIN {_DOCUMENTS} d ON d.thread_id = t.id"
            f" WHERE t.visibility = %s AND d.vector @@ {self.TSQUERY}{where}"
            f" ORDER BY {_RECENT_FIRST} LIMIT %s"
        )
        return sql, [Visibility.VISIBLE.value, CONFIG, text, *params, limit]

    def _head_rank(self, text: str) -> tuple[str, list]:
        # A subquery per candidate, after the LIMIT: a ranking expression in
        # the inner select list would run on every match the planner reads
        # before it sorts, which on the GIN path is all of them.
        sql = (
            f"(SELECT ts_rank(d.head, {self.TSQUERY}) FROM {_DOCUMENTS} d"
            " WHERE d.thread_id = c.id)"
        )
        return sql, [CONFIG, text]

    def candidates(self, query, filters, *, limit):
        text = query.to_websearch()
        inner, inner_params = self._recent_matches(
            text, filters, columns="t.id", limit=limit
        )
        rank, rank_params = self._head_rank(text)
        rows = self._execute(
            f"SELECT c.id, {rank} FROM ({inner}) c"
            " ORDER BY c.last_activity_at DESC, c.id DESC",
            [*rank_params, *inner_params],
        )
        return [Candidate(pk, score or 0.0) for pk, score in rows]

    def hits(self, query, thread_ids):
        if not thread_ids:
            return []
        rows = self._execute(
            "SELECT d.thread_id, ts_headline(%s::regconfig, d.title, q, %s),"
            # The start of the thread only: ts_headline re-reads the text it
            # is given, and bodies run to 200,000 characters. A thread found
            # by a word further down shows its opening lines.
            " ts_headline(%s::regconfig, left(d.body, %s), q, %s)"
            f" FROM {_DOCUMENTS} d JOIN {_THREADS} t ON t.id = d.thread_id,"
            f" {self.TSQUERY} q"
            " WHERE d.thread_id = ANY(%s) AND t.visibility = %s",
            [
                CONFIG,
                self.TITLE_MARKS,
                CONFIG,
                HEAD_CHARS,
                self.SNIPPET_MARKS,
                CONFIG,
                query.to_websearch(),
                list(thread_ids),
                Visibility.VISIBLE.value,
            ],
        )
        return [Hit(*row) for row in rows]

    def similar(self, words, *, limit):
        text = " or ".join(words)
        inner, inner_params = self._recent_matches(
            text,
            None,
            columns="t.id, t.title, t.reply_count, t.has_clinician_answer",
            limit=SIMILAR_CANDIDATES,
        )
        rank, rank_params = self._head_rank(text)
        rows = self._execute(
            "SELECT c.id, c.title, c.reply_count, c.has_clinician_answer"
            f" FROM ({inner}) c"
            f" ORDER BY {rank} DESC, c.last_activity_at DESC, c.id DESC LIMIT %s",
            [*inner_params, *rank_params, limit],
        )
        return [ThreadLink(*row) for row in rows]

    def related(self, *, thread_id, condition_ids, words, limit):
        inner = (
            "SELECT t.id, t.title, t.reply_count, t.has_clinician_answer,"
            f" t.last_activity_at FROM {_THREADS} t"
            " WHERE t.visibility = %s AND t.id <> %s AND EXISTS ("
            f"SELECT 1 FROM {_TAGS} tc"
            " WHERE tc.thread_id = t.id AND tc.condition_id = ANY(%s))"
            f" ORDER BY {_RECENT_FIRST} LIMIT %s"
        )
        params: list = [
            Visibility.VISIBLE.value,
            thread_id,
            list(condition_ids),
            RELATED_CANDIDATES,
        ]
        order = "c.last_activity_at DESC, c.id DESC"
        if words:
            text = " or ".join(words)
            # NULL for a thread whose head shares no word, so it sorts last.
            order = (
                f"(SELECT ts_rank(d.head, {self.TSQUERY}) FROM {_DOCUMENTS} d"
                f" WHERE d.thread_id = c.id AND d.head @@ {self.TSQUERY})"
                f" DESC NULLS LAST, {order}"
            )
            params += [CONFIG, text, CONFIG, text]
        rows = self._execute(
            "SELECT c.id, c.title, c.reply_count, c.has_clinician_answer"
            f" FROM ({inner}) c ORDER BY {order} LIMIT %s",
            [*params, limit],
        )
        return [ThreadLink(*row) for row in rows]


class SqliteBackend(_Base):
    """Matches through the FTS5 table ``search_threadfts``, ranks with
    ``bm25()`` (title weighted above condition terms above body) over the
    whole text. The same bounds as on PostgreSQL, so both pick the same
    threads.

    Each query first picks its candidates without scoring, then scores just
    those in a second pass over the match: ``bm25()`` costs more than
    matching, and in one pass it would run on every match before the sort.
    CROSS JOIN keeps the full-text scan on the outside; the other order
    re-runs the match once per candidate."""

    FTS = "search_threadfts"
    BM25 = "bm25(search_threadfts, 10.0, 4.0, 1.0)"

    def _recent_matches(
        self, match: str, filters: Filters | None, *, limit: int
    ) -> tuple[str, list]:
        where, params = self._filter_sql(filters)
        sql = (
            f"SELECT t.id, t.last_activity_at FROM {self.FTS}"
            f" JOIN {_THREADS} t ON t.id = {self.FTS}.rowid"
            f" WHERE {self.FTS} MATCH %s AND t.visibility = %s{where}"
            f" ORDER BY {_RECENT_FIRST} LIMIT %s"
        )
        return sql, [match, Visibility.VISIBLE.value, *params, limit]

    def _scores(self) -> str:
        """Scores of the candidates ``c`` (lower is better) as ``m``."""
        return (
            f"m AS MATERIALIZED (SELECT c.id AS thread_id, c.last_activity_at,"
            f" {self.BM25} AS score FROM {self.FTS} CROSS JOIN c"
            f" ON c.id = {self.FTS}.rowid WHERE {self.FTS} MATCH %s)"
        )

    def candidates(self, query, filters, *, limit):
        match = query.to_fts5()
        recent, params = self._recent_matches(match, filters, limit=limit)
        rows = self._execute(
            f"WITH c AS MATERIALIZED ({recent}), {self._scores()}"
            " SELECT thread_id, -score FROM m"
            " ORDER BY last_activity_at DESC, thread_id DESC",
            [*params, match],
        )
        return [Candidate(pk, score) for pk, score in rows]

    def hits(self, query, thread_ids):
        if not thread_ids:
            return []
        placeholders = ", ".join(["%s"] * len(thread_ids))
        rows = self._execute(
            f"SELECT t.id, highlight({self.FTS}, 0, char(2), char(3)),"
            f" snippet({self.FTS}, 2, char(2), char(3), '…', {SNIPPET_WORDS})"
            f" FROM {self.FTS} JOIN {_THREADS} t ON t.id = {self.FTS}.rowid"
            f" WHERE {self.FTS} MATCH %s AND t.visibility = %s"
            f" AND t.id IN ({placeholders})",
            [query.to_fts5(), Visibility.VISIBLE.value, *thread_ids],
        )
        return [Hit(*row) for row in rows]

    def similar(self, words, *, limit):
        match = _fts5_any(words)
        recent, params = self._recent_matches(match, None, limit=SIMILAR_CANDIDATES)
        rows = self._execute(
            f"WITH c AS MATERIALIZED ({recent}), {self._scores()}"
            " SELECT t.id, t.title, t.reply_count, t.has_clinician_answer"
            f" FROM m JOIN {_THREADS} t ON t.id = m.thread_id"
            " ORDER BY m.score, m.last_activity_at DESC, m.thread_id DESC LIMIT %s",
            [*params, match, limit],
        )
        return [ThreadLink(pk, title, n, bool(a)) for pk, title, n, a in rows]

    def related(self, *, thread_id, condition_ids, words, limit):
        placeholders = ", ".join(["%s"] * len(condition_ids))
        recent = (
            f"SELECT t.id, t.last_activity_at FROM {_THREADS} t"
            " WHERE t.visibility = %s AND t.id <> %s AND t.id IN"
            f" (SELECT thread_id FROM {_TAGS} WHERE condition_id IN ({placeholders}))"
            f" ORDER BY {_RECENT_FIRST} LIMIT %s"
        )
        params = [Visibility.VISIBLE.value, thread_id, *condition_ids]
        params.append(RELATED_CANDIDATES)
        if words:
            scores = self._scores()
            params.append(_fts5_any(words))
        else:
            scores = "m AS (SELECT NULL AS thread_id, NULL AS score)"
        rows = self._execute(
            f"WITH c AS MATERIALIZED ({recent}), {scores}"
            " SELECT t.id, t.title, t.reply_count, t.has_clinician_answer"
            f" FROM c JOIN {_THREADS} t ON t.id = c.id"
            " LEFT JOIN m ON m.thread_id = c.id"
            " ORDER BY m.score IS NULL, m.score, c.last_activity_at DESC, c.id DESC"
            " LIMIT %s",
            [*params, limit],
        )
        return [ThreadLink(pk, title, n, bool(a)) for pk, title, n, a in rows]


def _fts5_any(words: list[str]) -> str:
    return " OR ".join(fts5_string(w) for w in words)
