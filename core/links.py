"""Paths of per-object pages, built from a pattern reversed once.

``reverse`` costs tens of microseconds, and a page of thirty posts asks for
a few hundred paths (permalink, author, helpful, edit, flag...). Each URL
name is reversed once (per script prefix) with a marker for the id, then
filled in; the result is what ``reverse`` would give for an integer id.

Also the one rule for which outside links count as reputable sources
(``is_reputable_source``), used by ``core.markup`` and the templates."""

from __future__ import annotations

import re
from functools import cache
from urllib.parse import urlsplit

from django.conf import settings
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


# Reputable sources ------------------------------------------------------------

# One DNS label: letters, digits and inner hyphens, at most 63 characters.
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_HOST_RE = re.compile(rf"{_LABEL}(?:\.{_LABEL})*")
_SCHEMES = frozenset({"http", "https"})


def source_host(url: str) -> str | None:
    """The host an http(s) address leads to, lower case and without the
    trailing dot of a fully qualified name; None for anything else.

    Addresses that browsers and ``urlsplit`` might read differently are
    refused rather than guessed: a user name ("https://nhs.uk@evil.com"
    leads to evil.com), backslashes, spaces and control characters, percent
    escapes and non-ASCII hosts (look-alike letters); so is a bad port."""
    if not isinstance(url, str) or len(url) > 2000:
        return None
    if any(ch.isspace() or ord(ch) < 0x20 or ch in "\\\x7f" for ch in url):
        return None
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a port out of range.
    except ValueError:
        return None
    netloc = parts.netloc
    if parts.scheme.lower() not in _SCHEMES or not netloc.isascii() or "@" in netloc:
        return None
    host = (parts.hostname or "").removesuffix(".")
    if len(host) > 253 or not _HOST_RE.fullmatch(host):
        return None
    return host


def _reputable_domains() -> frozenset[str]:
    listed = getattr(settings, "CARETHREAD_REPUTABLE_SOURCES", ())
    return frozenset(d.strip().strip(".").lower() for d in listed if d.strip(" ."))


def is_reputable_source(url: str) -> bool:
    """Whether ``url`` is an http(s) address on a listed domain or one of its
    subdomains (``CARETHREAD_REPUTABLE_SOURCES``), matched at a dot: "nhs.uk"
    and "www.nhs.uk" are, "evilnhs.uk" and "nhs.uk.evil.com" are not."""
    host = source_host(url)
    if host is None:
        return False
    return any(host == d or host.endswith("." + d) for d in _reputable_domains())
