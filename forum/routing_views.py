"""The routing buttons on a thread page: a clinician's claim ("I'm
answering this") and its release, and "I have this question too". POST
only; each refuses (403, or 404 for a thread the member can't see) anyone
not allowed, and changes nothing then."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from . import routing, selectors


@login_required
@require_POST
def thread_claim(request, pk):
    thread = selectors.thread_get_for_user(user=request.user, pk=pk, for_page=False)
    if not routing.may_claim(request.user, thread):
        raise PermissionDenied(
            _("Only clinicians verified by the moderators can claim a question.")
        )
    try:
        routing.claim(thread=thread, user=request.user)
    except PermissionDenied as exc:
        # Another clinician got there first, or it was answered meanwhile:
        # not a forgery, so say so on the page.
        messages.error(request, str(exc))
    else:
        hours = settings.FORUM_CLAIM_HOURS
        messages.success(
            request,
            ngettext(
                "Others now see that you are answering this question, for %(n)s hour.",
                "Others now see that you are answering this question, for %(n)s hours.",
                hours,
            )
            % {"n": hours},
        )
    return redirect(thread)


@login_required
@require_POST
def thread_release(request, pk):
    thread = selectors.thread_get_for_user(user=request.user, pk=pk, for_page=False)
    if not routing.can_release(request.user, thread):
        raise PermissionDenied(_("Only the clinician who claimed it can release it."))
    routing.release(thread=thread, user=request.user)
    messages.success(request, _("You released the question: others can claim it."))
    return redirect(thread)


@login_required
@require_POST
def thread_me_too(request, pk):
    thread = selectors.thread_get_for_user(user=request.user, pk=pk, for_page=False)
    if request.POST.get("action") == "withdraw":
        routing.me_too_remove(thread=thread, user=request.user)
        messages.success(request, _("You no longer have this question too."))
    else:
        routing.me_too_add(thread=thread, user=request.user)
        messages.success(
            request,
            _(
                "Noted: clinicians see how many members have this question. "
                "You follow it now and hear about answers."
            ),
        )
    return redirect(thread)
