import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

# What a database that can't be reached raises: Django's wrappers of the
# driver's errors, and the connection pool's wait running out.
try:
    from psycopg_pool import PoolTimeout
except ImportError:  # An install without PostgreSQL.
    _UNAVAILABLE: tuple[type[Exception], ...] = (OperationalError, InterfaceError)
else:
    _UNAVAILABLE = (OperationalError, InterfaceError, PoolTimeout)

RETRY_AFTER = 30


def bad_request(request, exception=None):
    """The 400 page. Django's own is wrapped in ``requires_csrf_token``,
    which reads the body again: a body Django refused (a form in UTF-16, a
    broken multipart) then raised a second time and became a 500."""
    return render(request, "400.html", status=400)


def csrf_failure(request, reason=""):
    """A plain-language page for an expired or missing CSRF token (no internals)."""
    return render(request, "403_csrf.html", status=403)


def server_error(request):
    """The 500 page, or a 503 with ``Retry-After`` when the database can't be
    reached: an outage, not a bug, and the member should simply try again.

    Rendered without context processors, which may ask the database."""
    unavailable = isinstance(sys.exc_info()[1], _UNAVAILABLE)
    template, status = ("503.html", 503) if unavailable else ("500.html", 500)
    response = HttpResponse(render_to_string(template), status=status)
    if unavailable:
        response["Retry-After"] = str(RETRY_AFTER)
    return response
