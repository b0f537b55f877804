"""Checks run on every new post and edit before it is written: the watched
words moderators keep, and the link limit for new accounts. (Pre-moderation
of a new account's first posts is the forum's: ``forum.services``.)"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accounts.roles import is_new_account, is_trusted

from .models import WatchedWord

_CACHE_KEY = "moderation:watched-words:v1"
_LINK_RE = re.compile(r"<a\s[^>]*href=", re.IGNORECASE)


@dataclass
class Screening:
    """What to do with a new post."""

    needs_approval: bool = False
    flag_words: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)


def _watched_words() -> list[tuple[str, str, re.Pattern]]:
    words = cache.get(_CACHE_KEY)
    if words is None:
        words = list(WatchedWord.objects.values_list("word", "action"))
        cache.set(_CACHE_KEY, words, 300)
    return [
        (word, action, re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", re.IGNORECASE))
        for word, action in words
    ]


def forget_watched_words() -> None:
    """Drop the cached list after moderators change it."""
    cache.delete(_CACHE_KEY)


def screen(*, author, text: str, html: str) -> Screening:
    """Decide whether a new post is blocked (ValidationError), held or flagged."""
    result = Screening()
    # Trust may cost a query (remembered on the member) and matters only to
    # new accounts, watched words and pre-moderation, so it is asked last:
    # an established member's post is screened with a single query.
    if is_new_account(author):
        links = len(_LINK_RE.findall(html))
        limit = settings.FORUM_NEW_ACCOUNT_MAX_LINKS
        if links > limit and not is_trusted(author):
            raise ValidationError(
                {
                    "body": _(
                        "New members can include at most %(limit)d link per post "
                        "(this has %(count)d). Remove some, or describe them."
                    )
                    % {"limit": limit, "count": links}
                },
                code="too_many_links",
            )
    for word, action, pattern in _watched_words():
        if not pattern.search(text):
            continue
        if action == WatchedWord.Action.BLOCK and not is_trusted(author):
            raise ValidationError(
                {
                    "body": _(
                        "Your post contains “%(word)s”, which isn't allowed here. "
                        "Please rephrase it."
                    )
                    % {"word": word}
                },
                code="watched_word_block",
            )
        if action == WatchedWord.Action.REQUIRE_APPROVAL and not is_trusted(author):
            result.needs_approval = True
            result.reasons.append(word)
        elif action == WatchedWord.Action.FLAG:
            result.flag_words.append(word)
    return result
