"""The forum's page-cache rules, in one place (``core.pagecache`` is the
machinery): which scopes a thread's page and a change to a thread touch, and
which signed-in readers share the rendered posts of a thread page.

Anonymous visitors get whole pages (``anonymous_page`` in the views). Signed-
in members get their own page around the posts; the posts themselves are
shared by every ordinary reader (signed in, may post, not a moderator or a
clinician using their powers, not the asker) whose own posts and helpful
marks are not on the page."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.core.cache import cache
from django.db.models import Q

from core import pagecache
from core.pagecache import LISTS, SITE, bump

from . import permissions, selectors
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
        cache.set(key, slugs, timeout=pagecache.TOKEN_SECONDS)
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


def _reader_fragment_key(request, thread, page_number, scope_tokens) -> str | None:
    """Key of the thread's posts as every ordinary reader sees them (signed
    in, may post, not a moderator or a clinician using their powers, not the
    asker), or None for anyone else."""
    user = request.user
    if (
        not user.is_authenticated
        or not permissions.can_post(user)
        or permissions.can_moderate(user)
        # Clinicians see review and correction forms under others' posts.
        or permissions.can_use_clinician_inbox(user)
        or thread.author_id == user.pk
        or thread.visibility != thread.Visibility.VISIBLE
    ):
        return None
    return pagecache.fragment_key(
        "thread-posts",
        scope_tokens,
        thread.pk,
        page_number or "1",
        request.GET.urlencode(),
    )


def thread_page_context(
    request,
    thread,
    page_number,
    *,
    frame: Callable[[str], dict],
    full: Callable[[str], dict],
) -> dict:
    """A signed-in reader's thread page: ``frame(tokens)`` (the page around the
    posts) when the shared posts fragment fits this reader, else
    ``full(tokens)`` (the page with its posts read from the database). Adds
    what the template's ``shared_fragment`` block needs."""
    scope_tokens = pagecache.tokens(thread_page_scopes(thread.pk))
    key = _reader_fragment_key(request, thread, page_number, scope_tokens)
    meta = pagecache.fragment_get(request, key) if key else None
    if meta is not None and selectors.reader_sees_shared_posts(
        user=request.user, thread=thread, meta=meta
    ):
        # The posts come from the cache; the rest of the page is this member's.
        context = frame(scope_tokens)
    else:
        context = full(scope_tokens)
        # Authors of the posts and of their correction notes (whose own
        # notes carry a delete button) don't share the fragment.
        authors = {p.author_id for p in context["shown"]}
        authors |= {
            note.author_id
            for p in context["shown"]
            for note in getattr(p, "shown_corrections", ())
        }
        meta = {
            "authors": sorted(authors),
            "posts": sorted(p.pk for p in context["shown"]),
        }
        if key and not selectors.reader_sees_shared_posts(
            user=request.user, thread=thread, meta=meta
        ):
            key = None  # Their own posts or marks are on this page.
    context["posts_fragment"] = key
    context["posts_fragment_meta"] = meta
    return context
