"""Paths of per-object pages, built from a pattern reversed once.

``reverse`` costs tens of microseconds, and a page of thirty posts asks for
a few hundred paths (permalink, author, helpful, edit, flag...). Each URL
name is reversed once (per script prefix) with a marker for the id, then
filled in; the result is what ``reverse`` would give for an integer id."""

from __future__ import annotations

from functools import cache

from django.urls import get_script_prefix, reverse
from django.utils.http import url_has_allowed_host_and_scheme

_MARKER = 918273645


@cache
def _pattern(name: str, prefix: str) -> str:
    path = reverse(name, args=[_MARKER])
    if path.count(str(_MARKER)) != 1:
        raise ValueError(f"{name} has no single integer argument")
    return path.replace(str(_MARKER), "{}")


def path_for(name: str, pk: int) -> str:
    return _pattern(name, get_script_prefix()).format(int(pk))


def safe_next(request, fallback) -> str:
    """Where a form sends the member back to: its ``next`` field if that is a
    path on this site ("/t/12/", not "abc", "//evil.example" or
    "https://elsewhere"), else ``fallback``: a path, a URL name or an object
    with ``get_absolute_url``."""
    target = request.POST.get("next", "") or request.GET.get("next", "")
    if (
        target.startswith("/")
        and not target.startswith("//")
        and url_has_allowed_host_and_scheme(
            target,
            allowed_hosts={request.get_host()},
            require_https=request.is_secure(),
        )
    ):
        return target
    if hasattr(fallback, "get_absolute_url"):
        return fallback.get_absolute_url()
    return fallback if fallback.startswith("/") else reverse(fallback)
