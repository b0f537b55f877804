"""What search does when the forum writes (``forum.events``): keep each
thread's search document in step. Connected in ``apps.py``."""

from __future__ import annotations

from forum import events

from . import index


def _thread_changed(sender, *, thread_id, **kwargs) -> None:
    index.thread_reindex(thread_id)


def _reply_published(sender, *, thread_id, source, **kwargs) -> None:
    index.reply_append(thread_id=thread_id, source=source)


def connect() -> None:
    events.thread_changed.connect(_thread_changed, dispatch_uid="search.reindex")
    events.reply_published.connect(_reply_published, dispatch_uid="search.append")
