"""What search sees of each visible thread: one row per thread, rebuilt by
``search.index.thread_reindex`` whenever what is public in the thread changes.

The table is the same on every database; the full-text index over it is not,
so ``migrations/0002_fulltext_index`` adds it by vendor:

- PostgreSQL: a stored, weighted ``tsvector`` column ``vector`` (title A,
  condition terms B, body C) with a GIN index. It is a generated column, so it
  can never disagree with the text. It is not a model field because
  ``SearchVectorField`` and ``GinIndex`` need ``django.contrib.postgres``
  installed, which the SQLite setup does not have; queries reach it through
  ``search.backends.VECTOR``.
- SQLite: the FTS5 table ``search_threadfts`` with this table as its external
  content, kept in step by triggers (so a flush also empties the index).
"""

from django.db import models

from forum.models import Thread


class ThreadDocument(models.Model):
    """The searchable text of one visible thread."""

    thread = models.OneToOneField(
        Thread,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_document",
    )
    title = models.TextField()
    # Condition names and synonyms, so "MS" finds multiple sclerosis threads.
    terms = models.TextField(blank=True)
    # Source text of the thread's visible posts, never their stored HTML.
    body = models.TextField(blank=True)

    def __str__(self):
        return self.title
