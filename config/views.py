from django.shortcuts import render


def csrf_failure(request, reason=""):
    """A plain-language page for an expired or missing CSRF token (no internals)."""
    return render(request, "403_csrf.html", status=403)
