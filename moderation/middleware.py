from django.contrib import messages
from django.shortcuts import render
from django.utils.translation import gettext as _

from .ratelimit import RateLimited


class ModerationMiddleware:
    """Turns ``RateLimited`` into a 429 page that says when to retry, and shows
    a member each new moderator warning once."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.has_unread_warning:
            from .services import warnings_take_unread

            for warning in warnings_take_unread(user=user):
                messages.warning(
                    request,
                    _("A warning from the moderators: %(reason)s")
                    % {"reason": warning.reason},
                )
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, RateLimited):
            return None
        minutes = max(1, round(exception.retry_after / 60))
        response = render(
            request,
            "429.html",
            {"retry_after": exception.retry_after, "minutes": minutes},
            status=429,
        )
        response["Retry-After"] = str(exception.retry_after)
        return response
