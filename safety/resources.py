"""Crisis resources per country, read from ``settings.SAFETY_CRISIS_RESOURCES``."""

from __future__ import annotations

import re

from django.conf import settings
from django.utils.translation import gettext_lazy as _

COUNTRY_NAMES = {
    "AU": _("Australia"),
    "CA": _("Canada"),
    "FR": _("France"),
    "GB": _("United Kingdom"),
    "IE": _("Ireland"),
    "US": _("United States"),
}

# "en-GB", "fr-FR;q=0.8": a language with a region subtag.
_REGION_RE = re.compile(r"^[a-z]{2,3}-([a-z]{2})$", re.IGNORECASE)


def countries() -> list[tuple[str, str]]:
    """Configured countries as (code, name), by name."""
    codes = [code for code in settings.SAFETY_CRISIS_RESOURCES if code != "default"]
    return sorted(((c, str(country_name(c))) for c in codes), key=lambda c: c[1])


def country_name(code: str) -> str:
    if code == "default":
        return _("Other countries")
    return COUNTRY_NAMES.get(code, code)


def for_country(code: str) -> list[dict]:
    """The resources for a country code, or the international ones."""
    table = settings.SAFETY_CRISIS_RESOURCES
    return list(table.get(code) or table.get("default", []))


def country_for(request) -> str:
    """The country to show first: ``?country=``, else the browser's language
    region (en-GB), else the configured default."""
    table = settings.SAFETY_CRISIS_RESOURCES
    chosen = request.GET.get("country", "").upper()
    if chosen in table:
        return chosen
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    for part in header.split(",")[:10]:
        match = _REGION_RE.match(part.split(";")[0].strip())
        if match and match.group(1).upper() in table:
            return match.group(1).upper()
    default = settings.SAFETY_CRISIS_DEFAULT_COUNTRY
    return default if default in table else "default"
