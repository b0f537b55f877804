"""Search over public threads: one interface, a backend per database.

``search_threads`` returns a lazy result list that ``Paginator`` pages through
in a fixed number of queries; ``similar_threads`` and ``related_threads``
return up to a handful of threads in one query each. Only visible threads are
indexed (see ``search.index``), and every query also checks the thread's
visibility, so a hidden, pending or deleted post never reaches a result or a
snippet, whoever is asking.

A search ranks at most ``MAX_RESULTS`` threads: the most recently active
ones that match. A common word ("fatigue" is in most threads) would
otherwise mean scoring every thread on every request. Fewer matches than the
cap are all ranked; past the cap the page says how many were ranked, and
older matches need more words or a filter. On PostgreSQL the score comes
from the start of each thread (see ``backends.PostgresBackend``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import connection
from django.db.models import Prefetch
from django.utils import timezone

from core import markup
from forum.models import Condition, Thread
from forum.selectors import CONDITION_CHIPS

from . import backends
from .terms import Filters, ParsedQuery, Term

# The database wraps each match in these; ``markup.highlight`` turns them
# into <mark>. Stored text never contains them: ``markup.normalise`` strips
# control characters.
START, STOP = backends.START, backends.STOP

MAX_QUERY_CHARS = 200
MAX_QUERY_TERMS = 16
MAX_SIMILAR_WORDS = 12
SIMILAR_MIN_CHARS = 3
#: Matches ranked and paged through per search: 25 pages of 20. Checking a
#: candidate costs a few microseconds, so on a word most threads use every
#: 500 more add about 4 ms to each search page.
MAX_RESULTS = 500

# Words too common to say anything about what a title is about. PostgreSQL's
# English configuration drops these itself; FTS5 would match them.
STOPWORDS = frozenset(
    """a about after all also am an and any are as at be been before being but
    by can could did do does doing for from get got had has have having he her
    him his how i if in into is it its just me my no not of on or our out she
    should so some than that the their them then there these they this those to
    too up us was we were what when where which who why will with would you
    your""".split()
)

_TOKEN_RE = re.compile(r'(-*)"([^"]*)"?|(-*)([^\s"]+)')
_WORD_RE = re.compile(r"\w+")


def _has_word(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def parse(q: str) -> ParsedQuery:
    """Read websearch syntax: "quoted phrases", -exclusion and ``or``.

    Mirrors PostgreSQL's ``websearch_to_tsquery``: OR binds looser than AND.
    A group with nothing but exclusions is dropped, so a query always needs
    at least one word to look for."""
    text = markup.normalise_line(q or "")[:MAX_QUERY_CHARS]
    groups: list[list[Term]] = [[]]
    count = 0
    for match in _TOKEN_RE.finditer(text):
        dashes, phrase, word_dashes, word = match.groups()
        if phrase is None:
            dashes, phrase = word_dashes, word
            if phrase.lower() == "or":
                groups.append([])
                continue
        if not _has_word(phrase) or count >= MAX_QUERY_TERMS:
            continue
        groups[-1].append(Term(" ".join(phrase.split()), negated=bool(dashes)))
        count += 1
    kept = [g for g in groups if any(not t.negated for t in g)]
    return ParsedQuery(text=text, groups=kept)


def significant_words(text: str) -> list[str]:
    """The distinct words of a title that say what it is about."""
    words: list[str] = []
    for word in _WORD_RE.findall(markup.normalise_line(text).lower()):
        word = word.strip("_")
        if len(word) < 2 or word in STOPWORDS or word in words:
            continue
        words.append(word)
    return words[:MAX_SIMILAR_WORDS]


@dataclass(frozen=True)
class Highlighted:
    """Text escaped and marked up by ``markup.highlight``; print ``.html``."""

    html: str


@dataclass
class Result:
    thread: Thread
    title: Highlighted
    snippet: Highlighted


class ThreadSearch:
    """The matching threads, best first, fetched one page at a time.

    The first ``count()`` or slice reads the ranked thread ids (at most
    ``MAX_RESULTS``) in one query; each page then fetches its own titles,
    snippets and threads."""

    def __init__(self, backend: backends.Backend, query: ParsedQuery, filters):
        self._backend = backend
        self.query = query
        self.filters = filters
        self._ranked: list[int] | None = None
        self._capped = False

    def _ids(self) -> list[int]:
        if self._ranked is None:
            found = (
                []
                if self.query.is_empty
                else self._backend.candidates(
                    self.query, self.filters, limit=MAX_RESULTS + 1
                )
            )
            # One more than the cap is asked for, to know there are more; it
            # is the least recently active of them, so it goes.
            self._capped = len(found) > MAX_RESULTS
            # A stable sort: equal scores stay most recently active first.
            best = sorted(found[:MAX_RESULTS], key=lambda c: -c.score)
            self._ranked = [c.thread_id for c in best]
        return self._ranked

    @property
    def max_results(self) -> int:
        return MAX_RESULTS

    @property
    def is_capped(self) -> bool:
        """Whether more threads match than were ranked."""
        self._ids()
        return self._capped

    def count(self) -> int:
        return len(self._ids())

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key):
        """A page of results, read when first used (so a cached rendering of
        the page costs no search)."""
        if not isinstance(key, slice):
            raise TypeError("ThreadSearch supports slicing only.")
        return _LazyResults(lambda: self._results(key))

    def _results(self, key: slice) -> list[Result]:
        ids = self._ids()[key]
        if not ids:
            return []
        hits = {h.thread_id: h for h in self._backend.hits(self.query, ids)}
        threads = Thread.objects.filter(pk__in=list(hits))
        threads = threads.prefetch_related(
            Prefetch("conditions", queryset=CONDITION_CHIPS)
        ).in_bulk()
        return [
            Result(
                thread=threads[pk],
                title=Highlighted(markup.highlight(hits[pk].title, START, STOP)),
                snippet=Highlighted(markup.highlight(hits[pk].snippet, START, STOP)),
            )
            for pk in ids
            if pk in hits and pk in threads
        ]


class _LazyResults(Sequence):
    def __init__(self, load):
        self._load = load
        self._items: list[Result] | None = None

    def _all(self) -> list[Result]:
        if self._items is None:
            self._items = self._load()
        return self._items

    def __getitem__(self, index):
        return self._all()[index]

    def __len__(self) -> int:
        return len(self._all())

    def __eq__(self, other) -> bool:
        if isinstance(other, Sequence) and not isinstance(other, str):
            return self._all() == list(other)
        return NotImplemented

    def __repr__(self) -> str:
        return repr(self._all())


def _start_of_day(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def search_threads(
    *,
    q: str,
    condition: Condition | None = None,
    clinician_answered: bool | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> ThreadSearch:
    """Public threads matching a websearch-style query, best match first,
    among the ``MAX_RESULTS`` most recently active matches. ``date_from`` and
    ``date_to`` bound the question's date, both inclusive."""
    filters = Filters(
        condition_id=condition.pk if condition is not None else None,
        clinician_answered=clinician_answered,
        created_from=_start_of_day(date_from) if date_from else None,
        created_before=_start_of_day(date_to + timedelta(days=1)) if date_to else None,
    )
    return ThreadSearch(backends.get(connection), parse(q), filters)


def similar_threads(title: str, limit: int = 5) -> list[Thread]:
    """Public threads whose titles or text share words with a draft title,
    best first among the most recently active such threads (see
    ``backends.SIMILAR_CANDIDATES``). Only ``id``, ``title`` and
    ``reply_count`` are loaded."""
    words = significant_words(title)
    if not words:
        return []
    return backends.get(connection).similar(words, limit=limit)


def related_threads(thread: Thread, limit: int = 5) -> list[Thread]:
    """Other public threads in the same conditions, those sharing the most
    words with this one's title first, then the most recently active. Only
    the most recently active threads of those conditions are considered (see
    ``backends.RELATED_CANDIDATES``), since this runs on every thread page.
    One query; only ``id``, ``title``, ``reply_count`` and
    ``has_clinician_answer`` are loaded."""
    condition_ids = [c.pk for c in thread.conditions.all()]
    if not condition_ids:
        return []
    return backends.get(connection).related(
        thread_id=thread.pk,
        condition_ids=condition_ids,
        words=significant_words(thread.title),
        limit=limit,
    )
