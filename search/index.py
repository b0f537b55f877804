"""Keeps the search index in step with the forum. (Stub: filled in by the
search feature; services already call it at every visibility change.)"""


def thread_reindex(thread_id: int) -> None:
    """Re-index one thread from its visible posts, or drop it if not visible."""
