"""Lived experience: members' statements that they live with a condition or
care for someone who does, and the labels on their replies."""

from __future__ import annotations

from collections.abc import Iterable

from .models import Post, Thread


def attach_labels(*, thread: Thread, posts: Iterable[Post]) -> None:
    """Give each post ``experience_label``: "" or the author's public
    statement for one of the thread's conditions."""
    for post in posts:
        post.experience_label = ""
