"""Two-factor pages: sign-in's second step, setting up an authenticator app,
recovery codes, turning it off. The rules are in ``accounts.twofactor``."""

from __future__ import annotations

import time

from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from core.links import safe_next

from . import twofactor
from .forms import LoginForm
from .models import User
from .roles import is_staff_role

# Wrong codes one password step may try before signing in starts again
# (django-otp also makes each wrong code wait 1, 2, 4 … seconds).
PENDING_ATTEMPTS = 5


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code from your app, or a recovery code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "off",
                "spellcheck": "false",
                "autofocus": True,
            }
        ),
    )


class SignInView(auth_views.LoginView):
    """Password first; a member with two-factor authentication then gives a
    code before the session is signed in."""

    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        if not twofactor.is_enabled(user):
            return super().form_valid(form)
        self.request.session.cycle_key()
        self.request.session[twofactor.PENDING_SESSION_KEY] = {
            "user": user.pk,
            "backend": user.backend,
            "at": time.time(),
            "attempts": 0,
            "next": self.get_success_url(),
        }
        return redirect("accounts:two_factor_verify")


def _pending(request) -> dict | None:
    pending = request.session.get(twofactor.PENDING_SESSION_KEY)
    if not isinstance(pending, dict):
        return None
    if time.time() - pending.get("at", 0) > twofactor.PENDING_SECONDS:
        request.session.pop(twofactor.PENDING_SESSION_KEY, None)
        return None
    return pending


def _refused(form, checked) -> None:
    if checked.wait_seconds:
        form.add_error(
            "code",
            _("Too many wrong codes. Wait %(seconds)d seconds and try again.")
            % {"seconds": checked.wait_seconds},
        )
    else:
        form.add_error("code", _("That code isn't right. Check your app's clock."))


@never_cache
@sensitive_post_parameters("code")
def two_factor_verify(request):
    """The code step: after the password, or for a signed-in staff member
    whose session hasn't passed a second factor yet."""
    if request.user.is_authenticated:
        user, pending = request.user, None
        if not twofactor.is_enabled(user):
            return redirect("accounts:two_factor_setup")
    else:
        pending = _pending(request)
        if pending is None:
            messages.info(request, _("Sign in again: the code step had expired."))
            return redirect("accounts:login")
        user = User.objects.filter(pk=pending["user"], is_active=True).first()
        if user is None:
            return redirect("accounts:login")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        checked = twofactor.check_code(user, form.cleaned_data["code"])
        if checked.device is not None:
            if pending is not None:
                request.session.pop(twofactor.PENDING_SESSION_KEY, None)
                login(request, user, backend=pending["backend"])
                back = pending["next"]
            else:
                back = safe_next(request, "forum:home")
            twofactor.mark_session(request, checked.device)
            if checked.device.name == twofactor.RECOVERY_NAME:
                messages.warning(
                    request,
                    _(
                        "You used a recovery code; %(left)d left. Make new ones "
                        "in your two-factor settings if you are running low."
                    )
                    % {"left": twofactor.recovery_codes_left(user)},
                )
            return redirect(back)
        _refused(form, checked)
        if pending is not None:
            pending["attempts"] += 1
            if pending["attempts"] >= PENDING_ATTEMPTS:
                request.session.pop(twofactor.PENDING_SESSION_KEY, None)
                messages.error(request, _("Too many wrong codes. Sign in again."))
                return redirect("accounts:login")
            request.session[twofactor.PENDING_SESSION_KEY] = pending
    return render(
        request,
        "accounts/two_factor_verify.html",
        {"form": form, "next": request.GET.get("next", ""), "signing_in": pending},
    )


@login_required
@never_cache
def two_factor(request):
    """Where a member sees and changes their two-factor authentication."""
    return _manage_page(request, CodeForm(), status=200)


@login_required
@never_cache
@sensitive_post_parameters("code")
def two_factor_setup(request):
    """Scan the QR code (or type the key), confirm with a first code, get
    recovery codes once."""
    if twofactor.is_enabled(request.user):
        if twofactor.needs_second_factor(request.user):
            return redirect("accounts:two_factor_verify")
        return redirect("accounts:two_factor")
    device = twofactor.setup_device(request.user)
    form = CodeForm(request.POST or None)
    form.fields["code"].label = _("The 6-digit code from your app")
    if request.method == "POST" and form.is_valid():
        codes = twofactor.confirm_setup(request.user, device, form.cleaned_data["code"])
        if codes is not None:
            twofactor.mark_session(request, device)
            return _show_codes(
                request, codes, back=safe_next(request, "accounts:two_factor")
            )
        form.add_error(
            "code", _("That code isn't right. Check your app's clock and try again.")
        )
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr": twofactor.qr_data_uri(device),
            "secret": twofactor.secret_text(device),
            "required": is_staff_role(request.user),
            "next": request.GET.get("next", ""),
        },
    )


def _show_codes(request, codes, back):
    """Shown once, never kept by a cache (the views are ``never_cache``)."""
    return render(
        request, "accounts/two_factor_codes.html", {"codes": codes, "next": back}
    )


def _confirmed_by_code(request):
    """A change to two-factor settings needs a current code: a stolen
    session alone can't turn it off."""
    form = CodeForm(request.POST)
    if not form.is_valid():
        return None, form
    checked = twofactor.check_code(request.user, form.cleaned_data["code"])
    if checked.device is None:
        _refused(form, checked)
        return None, form
    return checked.device, form


def _manage_page(request, form, status=400):
    return render(
        request,
        "accounts/two_factor.html",
        {
            "enabled": twofactor.is_enabled(request.user),
            "codes_left": twofactor.recovery_codes_left(request.user),
            "required": is_staff_role(request.user),
            "form": form,
        },
        status=status,
    )


@login_required
@require_POST
@never_cache
@sensitive_post_parameters("code")
def two_factor_recovery_codes(request):
    device, form = _confirmed_by_code(request)
    if device is None:
        return _manage_page(request, form)
    return _show_codes(
        request,
        twofactor.new_recovery_codes(request.user),
        reverse("accounts:two_factor"),
    )


@login_required
@require_POST
@sensitive_post_parameters("code")
def two_factor_disable(request):
    device, form = _confirmed_by_code(request)
    if device is None:
        return _manage_page(request, form)
    twofactor.disable(request.user)
    twofactor.forget_session(request)
    if is_staff_role(request.user):
        messages.warning(
            request,
            _(
                "Two-factor authentication is off. Your staff pages will ask "
                "you to set it up again."
            ),
        )
    else:
        messages.success(request, _("Two-factor authentication is off."))
    return redirect("accounts:two_factor")
