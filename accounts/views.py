from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views import i18n as i18n_views
from django.views.decorators.http import require_POST

from accounts.roles import refuse_if_suspended
from core.links import safe_next

from . import consent, permissions, services, twofactor
from .forms import (
    ClinicianApplicationForm,
    ConditionStatementForm,
    SettingsForm,
    SignUpForm,
)
from .models import ClinicianApplication, User


def signup(request):
    if request.user.is_authenticated:
        return redirect("forum:home")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.member_signup(
            username=form.cleaned_data["username"],
            email=form.cleaned_data["email"],
            display_name=form.cleaned_data["display_name"],
            password=form.cleaned_data["password1"],
            language=translation.get_language() or "",
            consent_version=consent.VERSION,
        )
        # The same page whether or not the email already had an account.
        return redirect("accounts:signup_done")
    return render(request, "accounts/signup.html", {"form": form})


def signup_done(request):
    return render(request, "accounts/signup_done.html")


def verify_email(request, token):
    """Open a confirmation link. Safe to open twice; nothing changes on a bad link."""
    try:
        user, changed = services.email_verify(token=token)
    except services.VerificationError as exc:
        return render(
            request,
            "accounts/verify_email.html",
            {"error": " ".join(exc.messages), "code": exc.code},
            status=400,
        )
    if changed:
        messages.success(request, _("Your email is confirmed. You can post now."))
    else:
        messages.info(request, _("Your email was already confirmed."))
    if request.user.is_authenticated and request.user.pk == user.pk:
        return redirect("forum:home")
    return redirect("accounts:login")


@login_required
@require_POST
def verify_email_resend(request):
    if request.user.email_verified:
        messages.info(request, _("Your email is already confirmed."))
        return redirect("accounts:settings")
    wait = services.email_verification_resend(user=request.user)
    if wait:
        messages.error(
            request,
            _(
                "A link was sent a short while ago. Check your inbox and spam "
                "folder, or ask again in %(minutes)d minutes."
            )
            % {"minutes": max(1, round(wait / 60))},
        )
    else:
        messages.success(
            request,
            _("We sent a new confirmation link to %(email)s.")
            % {"email": request.user.email},
        )
    return redirect(safe_next(request, "accounts:settings"))


def _settings_page(request, form, statement_form=None, status=200):
    """The settings page, with its forms (bound after a failed POST)."""
    application = request.user.clinician_applications.order_by(
        "-submitted_at", "-id"
    ).first()
    statements = request.user.condition_statements.select_related("condition").order_by(
        "condition__name"
    )
    return render(
        request,
        "accounts/settings.html",
        {
            "form": form,
            "application": application,
            "clinician": getattr(request.user, "clinician_profile", None),
            "two_factor": twofactor.is_enabled(request.user),
            "statements": statements,
            "statement_form": statement_form
            or ConditionStatementForm(user=request.user),
        },
        status=status,
    )


@login_required
def settings_view(request):
    form = SettingsForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        email_changed = "email" in form.changed_data
        services.member_settings_update(user=request.user, **form.cleaned_data)
        if email_changed:
            messages.success(
                request,
                _(
                    "Your settings are saved. Open the link we sent to your new "
                    "email to confirm it; your email changes then."
                ),
            )
        else:
            messages.success(request, _("Your settings are saved."))
        return redirect("accounts:settings")
    if request.method == "POST":
        request.user.refresh_from_db()
    return _settings_page(request, form)


@login_required
@require_POST
def condition_statement_add(request):
    """Add a condition the member lives with or cares for someone with."""
    statement_form = ConditionStatementForm(request.POST, user=request.user)
    if statement_form.is_valid():
        try:
            services.condition_statement_add(
                user=request.user, **statement_form.cleaned_data
            )
        except ValidationError as exc:
            statement_form.add_error(None, exc)
        else:
            messages.success(request, _("Added to your conditions."))
            return redirect(reverse("accounts:settings") + "#conditions")
    form = SettingsForm(instance=request.user)
    return _settings_page(request, form, statement_form, status=400)


@login_required
@require_POST
def condition_statement_remove(request, pk):
    """Remove one of the member's statements (someone else's: 404)."""
    if not services.condition_statement_remove(user=request.user, statement_id=pk):
        raise Http404
    messages.success(request, _("Removed from your conditions."))
    return redirect(reverse("accounts:settings") + "#conditions")


# Clinician verification ---------------------------------------------------------


@login_required
def clinician_apply(request):
    """Apply as a clinician, or see where the application stands."""
    if request.method == "POST" and not permissions.can_apply_as_clinician(
        request.user
    ):
        refuse_if_suspended(request.user)
        raise PermissionDenied(_("You can't apply as a clinician right now."))
    latest = (
        request.user.clinician_applications.order_by("-submitted_at", "-id")
        .prefetch_related("conditions")
        .first()
    )
    profile = getattr(request.user, "clinician_profile", None)
    can_apply = permissions.can_apply_as_clinician(request.user) and not (
        latest and latest.status == ClinicianApplication.Status.PENDING
    )
    form = None
    if can_apply:
        instance = latest if latest and latest.is_open else None
        form = ClinicianApplicationForm(
            request.POST or None, request.FILES or None, instance=instance
        )
        if request.method == "POST" and form.is_valid():
            data = dict(form.cleaned_data)
            proof = data.pop("proof")
            try:
                services.clinician_application_submit(
                    user=request.user,
                    proof=proof,
                    proof_content_type=getattr(form, "proof_content_type", ""),
                    **data,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request,
                    _("Your application is sent. The moderators will review it."),
                )
                return redirect("accounts:clinician_apply")
    elif request.method == "POST":
        if latest and latest.status == ClinicianApplication.Status.PENDING:
            raise PermissionDenied(
                _("Your application is already awaiting review. You can withdraw it.")
            )
        raise PermissionDenied(_("You can't apply as a clinician right now."))
    return render(
        request,
        "accounts/clinician_apply.html",
        {"form": form, "latest": latest, "profile": profile},
    )


@login_required
@require_POST
def clinician_withdraw(request):
    application = get_object_or_404(
        request.user.clinician_applications,
        status__in=ClinicianApplication.OPEN_STATES,
    )
    services.clinician_application_withdraw(application=application, user=request.user)
    messages.success(request, _("Your application is withdrawn."))
    return redirect("accounts:clinician_apply")


def set_language(request):
    """Django's language switcher, which also keeps a signed-in member's
    choice on their account: their emails and digests follow it."""
    response = i18n_views.set_language(request)
    language = request.POST.get("language", "")
    if (
        request.method == "POST"
        and request.user.is_authenticated
        and language in dict(settings.LANGUAGES)
        and language != request.user.language
    ):
        User.objects.filter(pk=request.user.pk).update(language=language)
    return response
