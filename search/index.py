"""Keeps the search index in step with the forum.

Forum and moderation services call ``thread_reindex`` inside their write
transaction after every change to what is public in a thread, so the index
commits or rolls back with the change itself. A new reply is the exception:
``reply_append`` adds just its text to the end, without reading the thread's
other posts.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, transaction

from forum.models import Condition, Post, Thread, Visibility

from .models import ThreadDocument

#: Upper bound on indexed body text. PostgreSQL refuses a tsvector over 1 MB,
#: and the index is written inside every reply's transaction; replies past
#: the limit still appear in the thread, only not in search.
MAX_BODY_CHARS = 200_000
SEPARATOR = "\n\n"

# Plain SQL that PostgreSQL and SQLite both understand (substr and length
# count characters in both, as Python's slicing does).
_APPEND_SQL = f"""
    UPDATE {ThreadDocument._meta.db_table}
    SET body = substr(
        body || CASE WHEN body = '' THEN '' ELSE %s END || %s, 1, %s
    )
    WHERE thread_id = %s AND length(body) < %s
"""


def document_fields(
    *, title: str, sources: Iterable[str], conditions: Iterable[Condition]
) -> dict[str, str]:
    """The indexed text of a thread: title, condition terms and post sources."""
    terms = []
    for condition in conditions:
        # Both languages' names: "sclérose en plaques" finds MS threads.
        terms.extend(condition.search_terms)
    body = SEPARATOR.join(sources)[:MAX_BODY_CHARS]
    return {"title": title, "terms": ", ".join(terms), "body": body}


@transaction.atomic(savepoint=False)
def thread_reindex(thread_id: int) -> None:
    """Re-index one thread from its visible posts, or drop it if not visible."""
    # Lock the thread row before reading its posts. Most callers already hold
    # it; for the rest (a body-only edit), this makes a concurrent change to
    # another post commit first, so the posts read below include it and a
    # just-hidden post can't be written back into the index.
    thread = (
        Thread.objects.select_for_update()
        .filter(pk=thread_id)
        .values("title", "visibility")
        .first()
    )
    if thread is None or thread["visibility"] != Visibility.VISIBLE:
        ThreadDocument.objects.filter(thread_id=thread_id).delete()
        return
    sources = (
        Post.objects.filter(thread_id=thread_id, visibility=Visibility.VISIBLE)
        .order_by("created_at", "id")
        .values_list("source", flat=True)
    )
    conditions = Condition.objects.filter(threads=thread_id).only(
        "name", "synonyms", "name_fr", "synonyms_fr"
    )
    fields = document_fields(
        title=thread["title"], sources=sources, conditions=conditions
    )
    # The thread row lock above means no one else writes this row meanwhile.
    if not ThreadDocument.objects.filter(thread_id=thread_id).update(**fields):
        ThreadDocument.objects.create(thread_id=thread_id, **fields)


def reply_append(*, thread_id: int, source: str) -> None:
    """Add a reply that has just become public to the end of its thread's
    document, as ``thread_reindex`` would, without reading the other posts.

    Only for the newest visible post of a thread whose row lock the caller
    holds (a new reply); a change anywhere else in the thread (an approval of
    an older post, a hide, an edit) needs ``thread_reindex``. A body already
    at ``MAX_BODY_CHARS`` stays as it is, since a rebuild would cut the new
    text off too; then the row is not written at all, which on PostgreSQL
    also spares recomputing its text vectors."""
    with connection.cursor() as cursor:
        cursor.execute(
            _APPEND_SQL,
            [SEPARATOR, source, MAX_BODY_CHARS, thread_id, MAX_BODY_CHARS],
        )
        appended = cursor.rowcount
    if not appended and not ThreadDocument.objects.filter(thread_id=thread_id).exists():
        thread_reindex(thread_id)  # No document yet (say, indexed before search).


def rebuild_all() -> int:
    """Re-index every visible thread and drop entries for the rest. Each
    thread is its own transaction, so search keeps working and writers are
    never held up for long while this runs."""
    ids = Thread.objects.filter(visibility=Visibility.VISIBLE).values_list(
        "pk", flat=True
    )
    count = 0
    for thread_id in list(ids.order_by("pk")):
        thread_reindex(thread_id)
        count += 1
    ThreadDocument.objects.exclude(thread__visibility=Visibility.VISIBLE).delete()
    return count
