from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse

from . import twofactor
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


# Pages of the moderation app that every member uses (not staff powers).
MEMBER_PAGES = frozenset(
    {
        "moderation:flag_create",
        "moderation:my_flags",
        "moderation:decision",
    }
)
STAFF_NAMESPACES = frozenset({"moderation", "review", "admin"})
# A verified clinician's answers carry the badge: writing them is a power.
CLINICIAN_PAGES = frozenset(
    {
        "forum:clinician_inbox",
        "forum:thread_create",
        "forum:post_create",
        "forum:post_edit",
        # Reviews and corrections carry the clinician's name and badge too.
        "forum:post_review",
        "forum:review_withdraw",
        "forum:correction_create",
    }
)


class SecondFactorMiddleware:
    """Moderators, administrators and verified clinicians whose session
    hasn't passed a second factor are sent from their staff pages to set up
    two-factor authentication (or, with it set up, to enter a code), then
    back. Everywhere else they are ordinary members until they do
    (``roles.can_moderate`` reads the same session)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or not _is_staff_page(request.user, match):
            return None
        if not twofactor.needs_second_factor(request.user):
            return None
        target = (
            "accounts:two_factor_verify"
            if twofactor.is_enabled(request.user)
            else "accounts:two_factor_setup"
        )
        url = reverse(target)
        if back := _back_to(request, match):
            url = f"{url}?{urlencode({'next': back})}"
        return redirect(url)


def _back_to(request, match) -> str:
    """Where to return once the code is entered: the page itself, or for a
    form sent by POST the page that shows it again."""
    if request.method == "GET":
        return request.get_full_path()
    if match.view_name in ("forum:thread_create", "forum:post_edit"):
        return request.path
    if match.view_name == "forum:post_create":
        return reverse("forum:thread_detail", kwargs=match.kwargs)
    return ""


def _is_staff_page(user, match) -> bool:
    if not user.is_authenticated:
        return False
    if match.view_name in CLINICIAN_PAGES:
        return match.view_name == "forum:clinician_inbox" or bool(
            user.verified_clinician
        )
    return bool(set(match.namespaces) & STAFF_NAMESPACES) and (
        match.view_name not in MEMBER_PAGES
    )
