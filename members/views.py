"""A member's public page, and their data: export and deletion."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import credentials
from accounts.forms import AccountDeleteForm
from accounts.models import ClinicianProfile, User
from accounts.roles import can_moderate
from forum import experience
from forum import selectors as forum_selectors
from moderation.forms import ClinicianStatusForm, SanctionForm
from moderation.permissions import can_sanction

from . import services


def profile(request, pk):
    member = get_object_or_404(
        User.objects.select_related("clinician_profile"), pk=pk, is_active=True
    )
    posts = forum_selectors.post_list_by_author(author=member, viewer=request.user)
    page = Paginator(posts, 20).get_page(request.GET.get("page"))
    context = {
        "member": member,
        "page_obj": page,
        # Public statements only: private ones are the member's own business.
        "experience_labels": [
            experience.label_for(statement)
            for statement in experience.statement_list_public(user=member)
        ],
    }
    profile = getattr(member, "clinician_profile", None)
    if profile is not None and profile.status != ClinicianProfile.Status.PENDING:
        context["clinician"] = profile
        context["clinician_conditions"] = profile.conditions.all()
        context["registration_masked"] = credentials.mask_registration_number(
            profile.registration_number
        )
        context["stats"] = forum_selectors.clinician_stats(clinician=member)
        if can_moderate(request.user) and request.user.pk != member.pk:
            context["status_form"] = ClinicianStatusForm()
    if can_sanction(request.user, member):
        context["sanction_form"] = SanctionForm()
        context["sanctions"] = member.sanctions.all()[:20]
    return render(request, "accounts/profile.html", context)


@login_required
def account_export(request):
    """Download everything kept about the member, as JSON."""
    data = services.account_export(user=request.user)
    response = JsonResponse(
        data, json_dumps_params={"indent": 2, "ensure_ascii": False}
    )
    stamp = timezone.now().strftime("%Y-%m-%d")
    response["Content-Disposition"] = (
        f'attachment; filename="carethread-data-{stamp}.json"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def account_delete(request):
    form = AccountDeleteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.account_delete(
            user=request.user,
            password=form.cleaned_data["password"],
            delete_posts=form.cleaned_data["posts"] == "delete",
        )
        logout(request)
        messages.success(request, _("Your account is deleted. Take care."))
        return redirect("forum:home")
    return render(request, "accounts/account_delete.html", {"form": form})
