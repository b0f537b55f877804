from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import twofactor_views, views
from .forms import QueuedPasswordResetForm

app_name = "accounts"
urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("signup/check-your-inbox/", views.signup_done, name="signup_done"),
    path("verify/<str:token>/", views.verify_email, name="verify_email"),
    path("verify-resend/", views.verify_email_resend, name="verify_email_resend"),
    path("login/", twofactor_views.SignInView.as_view(), name="login"),
    path("two-factor/", twofactor_views.two_factor, name="two_factor"),
    path(
        "two-factor/set-up/",
        twofactor_views.two_factor_setup,
        name="two_factor_setup",
    ),
    path(
        "two-factor/code/", twofactor_views.two_factor_verify, name="two_factor_verify"
    ),
    path(
        "two-factor/recovery-codes/",
        twofactor_views.two_factor_recovery_codes,
        name="two_factor_recovery_codes",
    ),
    path(
        "two-factor/turn-off/",
        twofactor_views.two_factor_disable,
        name="two_factor_disable",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("settings/", views.settings_view, name="settings"),
    path(
        "settings/conditions/",
        views.condition_statement_add,
        name="condition_statement_add",
    ),
    path(
        "settings/conditions/<id:pk>/remove/",
        views.condition_statement_remove,
        name="condition_statement_remove",
    ),
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(
            success_url=reverse_lazy("accounts:password_change_done")
        ),
        name="password_change",
    ),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(
            form_class=QueuedPasswordResetForm,
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            success_url=reverse_lazy("accounts:password_reset_complete")
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("clinician/", views.clinician_apply, name="clinician_apply"),
    path("clinician/withdraw/", views.clinician_withdraw, name="clinician_withdraw"),
]
