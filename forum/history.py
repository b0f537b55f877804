"""A post's edit history as readers see it: each version with who made it
and when, and what changed from the one before, word by word.

Plain data only (text pieces marked kept, added or removed); the template
escapes every piece like any other text, so no user text becomes HTML here.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import datetime

from .models import Post

_TOKENS = re.compile(r"\s+|[^\s]+")


@dataclass
class Piece:
    kind: str  # "same", "added" or "removed"
    text: str


@dataclass
class Version:
    number: int
    editor: object
    at: datetime
    reason: str
    title: str
    source: str
    changes: list[Piece] = field(default_factory=list)
    title_changes: list[Piece] = field(default_factory=list)
    by_someone_else: bool = False


def word_diff(old: str, new: str) -> list[Piece]:
    """What changed from ``old`` to ``new``, by words (whitespace kept)."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    pieces: list[Piece] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(Piece("same", "".join(a[i1:i2])))
            continue
        if op in ("replace", "delete"):
            pieces.append(Piece("removed", "".join(a[i1:i2])))
        if op in ("replace", "insert"):
            pieces.append(Piece("added", "".join(b[j1:j2])))
    return pieces


def post_history(post: Post) -> list[Version]:
    """Every version of the post, newest first; empty if it was never edited.

    A revision keeps the text *before* an edit, with who edited and when:
    so version 1 is the first revision's text, by the author; version k+1
    is revision k+1's text (or the current one), by revision k's editor."""
    revisions = list(
        post.revisions.select_related("editor").order_by("created_at", "id")
    )
    if not revisions:
        return []
    texts = [r.source for r in revisions] + [post.source]
    thread_title = post.thread.title if post.is_question else ""
    titles = [r.title for r in revisions] + [thread_title]
    versions = [
        Version(
            number=1,
            editor=post.author,
            at=post.created_at,
            reason="",
            title=titles[0],
            source=texts[0],
        )
    ]
    for k, revision in enumerate(revisions, start=1):
        versions.append(
            Version(
                number=k + 1,
                editor=revision.editor,
                at=revision.created_at,
                reason=revision.reason,
                title=titles[k],
                source=texts[k],
                changes=word_diff(texts[k - 1], texts[k]),
                title_changes=word_diff(titles[k - 1], titles[k])
                if titles[k] != titles[k - 1]
                else [],
                by_someone_else=revision.editor_id != post.author_id,
            )
        )
    versions.reverse()
    return versions
