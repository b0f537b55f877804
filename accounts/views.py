from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from forum import selectors as forum_selectors

from .forms import SettingsForm, SignUpForm
from .models import User


def signup(request):
    if request.user.is_authenticated:
        return redirect("forum:home")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome, %(name)s.") % {"name": user.display_name})
        return redirect("forum:home")
    return render(request, "accounts/signup.html", {"form": form})


def profile(request, pk):
    member = get_object_or_404(
        User.objects.select_related("clinician_profile"), pk=pk, is_active=True
    )
    posts = forum_selectors.post_list_by_author(author=member, viewer=request.user)
    page = Paginator(posts, 20).get_page(request.GET.get("page"))
    return render(
        request, "accounts/profile.html", {"member": member, "page_obj": page}
    )


@login_required
def settings_view(request):
    form = SettingsForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your settings are saved."))
        return redirect("accounts:settings")
    if request.method == "POST":
        request.user.refresh_from_db()
    return render(request, "accounts/settings.html", {"form": form})
