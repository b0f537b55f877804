from django.contrib import messages
from django.utils.translation import gettext as _


class ModerationMiddleware:
    """Shows a member each new moderator warning once."""

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
