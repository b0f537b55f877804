from . import twofactor


def member(request):
    """After Django's ``auth`` processor: ``user`` is the member itself
    rather than the lazy wrappers on the request (authentication's, and
    django-otp's around it). Templates ask about ``user`` many times per page,
    and every access through a wrapper costs; they read it on every page
    anyway (the header), so nothing is loaded early."""
    user = getattr(request, "user", None)
    if user is None:  # A response made before authentication ran.
        return {}
    user.is_authenticated  # noqa: B018  (loads it if still lazy)
    while hasattr(user, "_wrapped"):
        user = user._wrapped
    return {
        "user": user,
        # Called only by the templates that ask (the staff banner).
        "needs_second_factor": lambda: twofactor.needs_second_factor(user),
    }
