def member(request):
    """After Django's ``auth`` processor: ``user`` is the member itself
    rather than the lazy wrapper on the request. Templates ask about ``user``
    many times per page, and every access through the wrapper costs; they
    read it on every page anyway (the header), so nothing is loaded early."""
    user = getattr(request, "user", None)
    if user is None:  # A response made before authentication ran.
        return {}
    user.is_authenticated  # noqa: B018  (loads it if still lazy)
    return {"user": getattr(user, "_wrapped", user)}
