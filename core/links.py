"""Paths of per-object pages, built from a pattern reversed once.

``reverse`` costs tens of microseconds, and a page of thirty posts asks for
a few hundred paths (permalink, author, helpful, edit, flag...). Each URL
name is reversed once (per script prefix) with a marker for the id, then
filled in; the result is what ``reverse`` would give for an integer id."""

from __future__ import annotations

from functools import cache

from django.urls import get_script_prefix, reverse

_MARKER = 918273645


@cache
def _pattern(name: str, prefix: str) -> str:
    path = reverse(name, args=[_MARKER])
    if path.count(str(_MARKER)) != 1:
        raise ValueError(f"{name} has no single integer argument")
    return path.replace(str(_MARKER), "{}")


def path_for(name: str, pk: int) -> str:
    return _pattern(name, get_script_prefix()).format(int(pk))
