from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from .roles import needs_email_confirmation

# Views that write: refused because of an unconfirmed email, they show how to
# confirm it instead of a bare "not allowed".
POSTING_VIEWS = frozenset(
    {
        "forum:thread_create",
        "forum:post_create",
        "forum:post_edit",
        "forum:post_delete",
        "forum:post_helpful",
        "forum:post_accept",
        "forum:thread_unaccept",
        "moderation:flag_create",
    }
)


class EmailConfirmationMiddleware:
    """Turns a posting refusal for a member who hasn't confirmed their email
    into the "Confirm your email to post" page with a resend button."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, PermissionDenied):
            return None
        match = getattr(request, "resolver_match", None)
        if match is None or match.view_name not in POSTING_VIEWS:
            return None
        if not needs_email_confirmation(request.user):
            return None
        return render(request, "accounts/confirm_email_required.html", {}, status=403)
