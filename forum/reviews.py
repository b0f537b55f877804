"""Clinicians' reviews ("reviewed", "disagree") and correction notes on
posts: who may write them, the writes, and what a thread page shows."""

from __future__ import annotations

from collections.abc import Iterable

from .models import Post, Thread


def attach(*, thread: Thread, posts: Iterable[Post]) -> None:
    """Give each post ``shown_reviews`` and ``shown_corrections``."""
    for post in posts:
        post.shown_reviews = []
        post.shown_corrections = []
