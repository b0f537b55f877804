"""The forum's page-cache rules: which scopes a thread's page and a change to
a thread touch (see ``core.pagecache`` for the machinery)."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.cache import cache
from django.db.models import Q

from core.pagecache import LISTS, SITE, bump

from .models import Condition

_PREFIX = "page:"


def thread_scope(pk: int) -> str:
    return f"thread:{pk}"


def condition_scope(slug: str) -> str:
    return f"condition:{slug}"


def _conditions_key(thread_id: int) -> str:
    return f"{_PREFIX}conditions:{thread_id}"


def _condition_slugs(thread_id: int, condition_ids: Iterable[int] = ()) -> list[str]:
    """The slugs of a thread's conditions, and of ``condition_ids``."""
    matching = Q(threads=thread_id)
    if condition_ids:
        matching |= Q(pk__in=list(condition_ids))
    slugs = Condition.objects.filter(matching).values_list("slug", flat=True)
    return sorted(set(slugs))


def thread_page_scopes(thread_id: int) -> list[str]:
    """What a thread's page shows: the thread, its conditions' threads (the
    related discussions) and names and badges."""
    slugs = _condition_slugs_cached(thread_id)
    return [thread_scope(thread_id), SITE, *map(condition_scope, slugs)]


def _condition_slugs_cached(thread_id: int) -> list[str]:
    """The thread's condition slugs, kept until a retag forgets them."""
    key = _conditions_key(thread_id)
    slugs = cache.get(key)
    if slugs is None:
        slugs = _condition_slugs(thread_id)
        cache.set(key, slugs, timeout=None)
    return slugs


def bump_thread(
    thread_id: int, condition_ids: Iterable[int] = (), *, retagged: bool = False
) -> None:
    """A change to a thread: its page and every list that may show it, in
    its conditions. After a retag (``retagged``), in its current conditions
    and in ``condition_ids`` (those it just left or joined), read afresh."""
    if retagged:
        slugs = _condition_slugs(thread_id, condition_ids)
        forget = [_conditions_key(thread_id)]
    else:
        slugs = _condition_slugs_cached(thread_id)
        forget = []
    bump(thread_scope(thread_id), LISTS, *map(condition_scope, slugs), forget=forget)
