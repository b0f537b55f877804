"""Whole pages for anonymous visitors, served from Django's cache, and the
generation tokens that make every change show at once.

Every cached page is stored under a key that includes the current token of
each *scope* it depends on:

- ``LISTS``: anything that changes a list of threads (a new thread or reply,
  a hide, a lock, a pin, a retag, a title, a clinician's answer): the home
  page, the conditions directory, search;
- ``condition_scope(slug)``: the same, for threads in one condition: that
  condition's pages and the related discussions on its threads' pages;
- ``thread_scope(pk)``: one thread's page (its posts, helpful counts, the
  accepted answer);

(the thread and condition scopes are the forum's: ``forum.cache``);
- ``SITE``: what any page may show about members and conditions (names,
  verified badges, condition names).

``bump`` replaces the tokens of the scopes a change touches, so the next
request renders afresh; old entries are never read again and expire. Bumping
happens at once and again when the transaction commits, so a request that
read the data before the commit cannot leave a stale page under the new
token. Signals in ``forum.signals`` bump on every model save; the services
bump after their queryset updates, which send no signal.

Only anonymous GET requests with no message waiting and only known query
parameters are served from the cache, and only 200 HTML responses are stored.
Per-request values are never stored: every CSRF token in the page is replaced
by a placeholder and filled in with the visitor's own token on the way out.
With several app processes the cache must be shared (Redis): a per-process
cache would miss the other processes' bumps.

Signed-in members' pages are rendered for them, but reuse what is the same
for everybody under the same tokens: list counts (``cached_count``), template
fragments (``{% cache %}`` blocks keyed by ``tokens``) and fragments shared
by a class of members (``fragment_*`` below, CSRF tokens filled in as for
pages).
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Callable, Iterable
from functools import wraps

from django.conf import settings
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import translation

LISTS = "lists"
SITE = "site"

HEADER = "X-Page-Cache"
#: Counts shared by everybody (``cached_count``) live this long at most;
#: rendered fragments, like pages, FORUM_PAGE_CACHE_SECONDS (relative dates).
COUNT_SECONDS = 600
_PREFIX = "page:"
_CSRF_RE = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
_CSRF_SLOT = b"\x00csrf\x00"  # Rendered text never holds NUL: markup strips it.


#: How long a scope's token lives without a change. Anything cached under it
#: lives far shorter, so a token that expires only costs a fresh render; and
#: tokens made for paths that name nothing (an unknown condition slug, a
#: thread id that doesn't exist) don't pile up in the cache for ever.
TOKEN_SECONDS = 24 * 3600


def _token_key(scope: str) -> str:
    if len(scope) > 80:  # A slug from the address bar can be any length.
        scope = hashlib.sha256(scope.encode()).hexdigest()
    return f"{_PREFIX}gen:{scope}"


def _new_token() -> str:
    return secrets.token_hex(8)


def tokens(scopes: Iterable[str]) -> str:
    """The current tokens of these scopes, joined; a missing token is made."""
    keys = [_token_key(s) for s in scopes]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            # ``add`` keeps whichever process was first; read back the winner.
            cache.add(key, _new_token(), timeout=TOKEN_SECONDS)
            found[key] = cache.get(key) or _new_token()
    return ".".join(found[key] for key in keys)


def bump(*scopes: str, forget: Iterable[str] = ()) -> None:
    """Make every page depending on these scopes render afresh (and drop the
    ``forget`` keys)."""
    forget = list(forget)

    def replace() -> None:
        fresh = {_token_key(s): _new_token() for s in scopes}
        cache.set_many(fresh, timeout=TOKEN_SECONDS)
        if forget:
            cache.delete_many(forget)

    replace()
    transaction.on_commit(replace)


def cached_count(queryset, scope_tokens: str, name: str) -> int:
    """``queryset.count()``, kept until one of the scopes behind
    ``scope_tokens`` (from ``tokens``) changes: list pages count thousands
    of rows otherwise on every request."""
    digest = hashlib.sha256(name.encode()).hexdigest()[:32]
    key = f"{_PREFIX}count:{digest}:{scope_tokens}"
    found = cache.get(key)
    if found is None:
        found = queryset.count()
        cache.set(key, found, COUNT_SECONDS)
    return found


def _cacheable_request(request: HttpRequest, params: frozenset[str]) -> bool:
    if request.method not in ("GET", "HEAD") or not settings.FORUM_PAGE_CACHE_SECONDS:
        return False
    if any(name not in params for name in request.GET):
        return False  # Unknown parameters: don't let them fill the cache.
    if CookieStorage.cookie_name in request.COOKIES:
        return False  # A message is waiting for this visitor.
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return True  # No session: anonymous, and no message can be waiting.
    return not request.user.is_authenticated and not len(get_messages(request))


def _page_key(request: HttpRequest, scopes: Iterable[str]) -> str:
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    language = translation.get_language() or ""
    return f"{_PREFIX}{language}:{tokens(scopes)}:{path}"


def anonymous_page(
    scopes: Callable[..., Iterable[str]], params: Iterable[str] = ()
) -> Callable:
    """Serve this view's page to anonymous visitors from the cache.

    ``scopes(request, *args, **kwargs)`` names what the page depends on;
    ``params`` are the query parameters the view reads (others skip the
    cache)."""
    allowed = frozenset(params)

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not _cacheable_request(request, allowed):
                return view(request, *args, **kwargs)
            key = _page_key(request, scopes(request, *args, **kwargs))
            stored = cache.get(key)
            if stored is not None:
                content_type, body = stored
                response = HttpResponse(_fill(request, body), content_type=content_type)
                response[HEADER] = "hit"
                return response
            response = view(request, *args, **kwargs)
            if _cacheable_response(request, response):
                body = _without_csrf(response.content)
                cache.set(
                    key,
                    (response["Content-Type"], body),
                    settings.FORUM_PAGE_CACHE_SECONDS,
                )
                response[HEADER] = "miss"
            return response

        return wrapped

    return decorator


def _without_csrf(body: bytes) -> bytes:
    return _CSRF_RE.sub(rb"\1" + _CSRF_SLOT + rb"\2", body)


# Shared fragments --------------------------------------------------------------
#
# Part of a signed-in member's page that is the same for a whole class of
# members (say, the posts of a thread as any ordinary reader sees them) is
# rendered once and reused, with facts about it (``meta``) that let the view
# check the next member belongs to that class before using it. Forms inside
# keep working: their CSRF tokens are filled in per member, as for pages.


def fragment_key(name: str, scope_tokens: str, *parts) -> str:
    """Key of a shared fragment, valid while ``scope_tokens`` (from
    ``tokens``) are current."""
    language = translation.get_language() or ""
    detail = hashlib.sha256(repr(parts).encode()).hexdigest()[:24]
    return f"{_PREFIX}fragment:{name}:{language}:{scope_tokens}:{detail}"


def fragment_get(request: HttpRequest, key: str) -> dict | None:
    """The stored fragment's ``meta``, or None. The view decides from it
    whether this member may be shown the fragment, and passes the key to the
    template only then."""
    stored = cache.get(key)
    if stored is None:
        return None
    request._fragments = {**getattr(request, "_fragments", {}), key: stored}
    return stored[1]


def fragment_render(request: HttpRequest, key: str, render, meta: dict) -> str:
    """What the template's ``{% shared_fragment %}`` block outputs: the stored
    fragment with this member's CSRF token, or a fresh rendering (stored)."""
    stored = getattr(request, "_fragments", {}).get(key)
    if stored is not None:
        return _fill(request, stored[0]).decode()
    html = render()
    body = _without_csrf(html.encode())
    cache.set(key, (body, meta), settings.FORUM_PAGE_CACHE_SECONDS)
    return html


def _cacheable_response(request: HttpRequest, response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and response["Content-Type"].startswith("text/html")
    )


def _fill(request: HttpRequest, body: bytes) -> bytes:
    if _CSRF_SLOT not in body:
        return body
    return body.replace(_CSRF_SLOT, get_token(request).encode())
