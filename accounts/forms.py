import re

from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from forum import markup

from .models import User

DISPLAY_NAME_MIN, DISPLAY_NAME_MAX = 3, 30
# Letters (any script), digits, spaces and a few joiners; no @ so a display
# name can't pass for an email address or a mention of someone else.
DISPLAY_NAME_RE = re.compile(r"^[\w][\w .'\-]*$")
PSEUDONYM_HELP = _(
    "This is the only name others see. Pick a pseudonym, not your real name."
)


def clean_display_name(value: str, *, exclude_pk: int | None = None) -> str:
    """Normalise a display name and check it is well-formed and not taken."""
    value = markup.normalise_line(value)
    if not DISPLAY_NAME_MIN <= len(value) <= DISPLAY_NAME_MAX:
        raise ValidationError(
            _("Use between %(min)d and %(max)d characters."),
            code="display_name_length",
            params={"min": DISPLAY_NAME_MIN, "max": DISPLAY_NAME_MAX},
        )
    if not DISPLAY_NAME_RE.match(value):
        raise ValidationError(
            _("Use letters, digits, spaces, dots, hyphens or apostrophes."),
            code="display_name_chars",
        )
    taken = User.objects.filter(display_name__iexact=value)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise ValidationError(
            _("That display name is taken. Try another."), code="display_name_taken"
        )
    return value


class SignUpForm(UserCreationForm):
    email = forms.EmailField(
        label=_("Email"),
        help_text=_("Private. Used to sign in and reset your password; never shown."),
    )
    display_name = forms.CharField(
        label=_("Public display name"), max_length=60, help_text=PSEUDONYM_HELP
    )

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email", "display_name")
        help_texts = {
            "username": _("Private. Used to sign in; never shown to others."),
        }

    def clean_email(self):
        email = User.objects.normalize_email(self.cleaned_data["email"]).lower()
        if User.objects.filter(email__iexact=email).exists():
            raise ValidationError(
                _("An account with this email already exists. Try signing in."),
                code="email_taken",
            )
        return email

    def clean_display_name(self):
        return clean_display_name(self.cleaned_data["display_name"])


class SettingsForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ("display_name", "email", "bio")
        labels = {"display_name": _("Public display name")}
        help_texts = {
            "display_name": PSEUDONYM_HELP,
            "email": _("Private; never shown."),
            "bio": _("Optional, public, plain text. Avoid details that identify you."),
        }
        widgets = {"bio": forms.Textarea(attrs={"rows": 4})}

    def clean_display_name(self):
        return clean_display_name(
            self.cleaned_data["display_name"], exclude_pk=self.instance.pk
        )

    def clean_email(self):
        email = User.objects.normalize_email(self.cleaned_data["email"]).lower()
        if User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk):
            raise ValidationError(
                _("Another account uses this email."), code="email_taken"
            )
        return email

    def clean_bio(self):
        return markup.normalise(self.cleaned_data["bio"]).strip()
