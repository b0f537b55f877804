from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from core.links import safe_next
from forum import selectors as forum_selectors
from forum.models import Condition

from . import selectors, services
from .forms import PreferencesForm
from .models import Kind, Notification

PER_PAGE = 30


def _back(request, default):
    return redirect(safe_next(request, default))


@login_required
def notification_list(request):
    page = Paginator(selectors.notification_list(user=request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "notifications/notification_list.html", {"page_obj": page})


@login_required
@require_POST
def notification_read(request, pk):
    try:
        notification = selectors.notification_get_for_user(user=request.user, pk=pk)
    except Notification.DoesNotExist as exc:
        raise Http404 from exc
    services.notification_mark_read(notification=notification, user=request.user)
    return _back(request, "notifications:notification_list")


@login_required
@require_POST
def notification_read_all(request):
    services.notification_mark_all_read(user=request.user)
    messages.success(request, _("All notifications are marked read."))
    return _back(request, "notifications:notification_list")


@login_required
def follow_list(request):
    threads = Paginator(
        selectors.follow_list_threads(user=request.user),
        settings.FORUM_THREADS_PER_PAGE,
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/follow_list.html",
        {
            "page_obj": threads,
            "condition_follows": selectors.follow_list_conditions(user=request.user),
        },
    )


@login_required
@require_POST
def follow_thread(request, pk):
    thread = forum_selectors.thread_get_for_user(user=request.user, pk=pk)
    services.follow_thread(user=request.user, thread=thread)
    messages.success(request, _("You follow this thread now."))
    return _back(request, thread)


@login_required
@require_POST
def unfollow_thread(request, pk):
    thread = forum_selectors.thread_get_for_user(user=request.user, pk=pk)
    services.unfollow_thread(user=request.user, thread=thread)
    messages.success(request, _("You no longer follow this thread."))
    return _back(request, thread)


@login_required
@require_POST
def follow_condition(request, slug):
    condition = get_object_or_404(Condition, slug=slug)
    services.follow_condition(user=request.user, condition=condition)
    messages.success(request, _("You follow this condition now."))
    return _back(request, condition)


@login_required
@require_POST
def unfollow_condition(request, slug):
    condition = get_object_or_404(Condition, slug=slug)
    services.unfollow_condition(user=request.user, condition=condition)
    messages.success(request, _("You no longer follow this condition."))
    return _back(request, condition)


@login_required
def preferences(request):
    form = PreferencesForm(
        request.POST or None,
        frequencies=services.preference_frequencies(user=request.user),
    )
    if request.method == "POST" and form.is_valid():
        services.preferences_set(user=request.user, frequencies=form.cleaned_data)
        messages.success(request, _("Your notification settings are saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})


# The signed token is the authority here, not a session: mail providers send
# the RFC 8058 one-click POST without cookies or a CSRF token.
@csrf_exempt
def unsubscribe(request, token):
    try:
        user, kinds = services.unsubscribe_read(token=token)
    except ValidationError:
        return render(request, "notifications/unsubscribe.html", {}, status=400)
    done = False
    if request.method == "POST":
        services.unsubscribe(token=token)
        done = True
    return render(
        request,
        "notifications/unsubscribe.html",
        {
            "valid": True,
            "done": done,
            "kinds": [Kind(k).label for k in kinds],
            "for_display_name": user.display_name,
        },
    )
