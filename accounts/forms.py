import math
import re

from django import forms
from django.conf import settings
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordResetForm,
    UserCreationForm,
)
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core import markup
from core.clientip import client_ip

from . import consent, throttle
from .backends import member_by_login
from .models import ClinicianApplication, ConditionStatement, User
from .services import STATEMENTS_MAX
from .tasks import send_password_reset

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
    # Two separate, unticked boxes: the age, and explicit consent to keep
    # health data (never bundled with terms, never pre-ticked).
    age_ok = forms.BooleanField(required=True)
    health_consent = forms.BooleanField(
        required=True,
        label=consent.HEALTH_DATA,
        error_messages={"required": consent.CONSENT_REFUSAL},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Built here: the minimum age is a setting.
        self.fields["age_ok"].label = consent.age_label()
        self.fields["age_ok"].error_messages["required"] = consent.age_refusal()

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email", "display_name")
        help_texts = {
            "username": _(
                "Private. You sign in with it or with your email; never shown "
                "to others."
            ),
        }

    def clean_email(self):
        # A taken email is not an error here: saying so would tell anyone
        # that this address has an account on a health forum. The service
        # emails the owner instead, and the visitor sees the usual page.
        return User.objects.normalize_email(self.cleaned_data["email"]).lower()

    def clean_display_name(self):
        return clean_display_name(self.cleaned_data["display_name"])

    def validate_unique(self):
        exclude = self._get_validation_exclusions() | {"email"}
        try:
            self.instance.validate_unique(exclude=exclude)
        except ValidationError as exc:
            self._update_errors(exc)


class SettingsForm(forms.ModelForm):
    # Not the model's field: its uniqueness check would say "another account
    # uses this email". A taken address is handled by the service, silently.
    email = forms.EmailField(label=_("Email address"))

    class Meta:
        model = User
        fields = ("display_name", "bio", "language")
        labels = {
            "display_name": _("Public display name"),
            "language": _("Language of the site and your emails"),
        }
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].initial = self.instance.email
        self.fields["email"].help_text = _("Private; never shown.")
        self.order_fields(["display_name", "email", "bio", "language"])
        # Left out (an older form, a script): the language stays as it is.
        self.fields["language"].required = False

    def clean_email(self):
        return User.objects.normalize_email(self.cleaned_data["email"]).lower()

    def clean_bio(self):
        return markup.normalise(self.cleaned_data["bio"]).strip()


# Lived experience --------------------------------------------------------------


class ConditionStatementForm(forms.ModelForm):
    """Add a condition the member lives with or cares for someone with. The
    condition list comes from the model's own field (the forum's conditions),
    named in the reader's language."""

    class Meta:
        model = ConditionStatement
        fields = ("condition", "relation", "is_public")
        widgets = {"relation": forms.RadioSelect}
        labels = {
            "relation": _("You"),
            "is_public": _("Show it on my profile and replies"),
        }
        help_texts = {
            "is_public": _(
                "Shown on your profile and as a label on your replies in this "
                "condition's threads. Unticked, only you see it."
            ),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        field = self.fields["condition"]
        field.queryset = field.queryset.order_by("name")
        field.label_from_instance = lambda condition: condition.local_name
        field.empty_label = _("Choose a condition")
        self.fields["relation"].choices = ConditionStatement.Relation.choices

    def clean_condition(self):
        condition = self.cleaned_data["condition"]
        if self.user.condition_statements.filter(condition=condition).exists():
            raise ValidationError(
                _(
                    "You already said this about %(condition)s. Remove it first "
                    "to change it."
                ),
                code="statement_exists",
                params={"condition": condition.local_name},
            )
        return condition

    def clean(self):
        data = super().clean()
        if self.user.condition_statements.count() >= STATEMENTS_MAX:
            raise ValidationError(
                _("You can list at most %(max)d conditions. Remove one first."),
                code="too_many_statements",
                params={"max": STATEMENTS_MAX},
            )
        return data

    def validate_unique(self):
        pass  # Checked in clean_condition with a clearer message.


# Clinician verification -------------------------------------------------------

# Checked against the file's first bytes: the name and the browser's declared
# type are chosen by the uploader and prove nothing.
PROOF_SIGNATURES = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
)


def sniff_proof(upload) -> tuple[str, str] | None:
    """(content type, extension) of an allowed proof file, judged by content."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for signature, content_type, extension in PROOF_SIGNATURES:
        if head.startswith(signature):
            return content_type, extension
    return None


class ClinicianApplicationForm(forms.ModelForm):
    proof = forms.FileField(
        label=_("Proof of registration (optional)"),
        required=False,
        help_text=_(
            "PDF, PNG or JPEG, up to 5 MB: for example your registration "
            "certificate. Only moderators can open it."
        ),
    )

    class Meta:
        model = ClinicianApplication
        fields = (
            "profession",
            "specialty",
            "registration_number",
            "issuing_body",
            "country",
            "conditions",
            "bio",
        )
        widgets = {
            "conditions": forms.CheckboxSelectMultiple,
            "bio": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "specialty": _("For example: Neurology, Rheumatology nursing."),
            "registration_number": _(
                "Private: only moderators see it, to check the public register."
            ),
            "issuing_body": _(
                "For example: General Medical Council, Ordre des "
                "médecins, State Board of Nursing."
            ),
            "conditions": _("The conditions you can answer questions about."),
            "bio": _("Public. A few lines about your practice (no contact details)."),
        }

    def clean_conditions(self):
        conditions = self.cleaned_data["conditions"]
        if len(conditions) > 20:
            raise ValidationError(
                _("Pick at most 20 conditions."), code="too_many_conditions"
            )
        return conditions

    def clean_bio(self):
        bio = markup.normalise(self.cleaned_data["bio"]).strip()
        if len(bio) < 20:
            raise ValidationError(
                _("Write at least 20 characters about your practice."),
                code="bio_too_short",
            )
        return bio

    def clean_proof(self):
        upload = self.cleaned_data.get("proof")
        if not upload:
            return None
        limit = settings.CLINICIAN_PROOF_MAX_BYTES
        if upload.size > limit:
            raise ValidationError(
                _("The file is %(size)s MB; the limit is %(limit)s MB."),
                code="proof_too_large",
                params={
                    "size": f"{upload.size / 1_048_576:.1f}",
                    "limit": f"{limit / 1_048_576:.0f}",
                },
            )
        sniffed = sniff_proof(upload)
        if sniffed is None:
            raise ValidationError(
                _("Upload a PDF, PNG or JPEG file. This file is none of those."),
                code="proof_type",
            )
        self.proof_content_type, extension = sniffed
        # Never keep the uploader's file name: it may carry personal data or
        # a misleading extension.
        upload.name = f"proof.{extension}"
        return upload


class LoginForm(AuthenticationForm):
    """Sign-in that tells a banned member why, but only after a correct
    password, so it reveals nothing about accounts to others. Repeated
    failures lock that username from that address for a while
    (``accounts.throttle``)."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "That username or email and password don't match an account. "
            "The password is case-sensitive."
        ),
        "throttled": _(
            "Too many failed sign-in attempts. Try again in %(minutes)d "
            "minutes, or reset your password."
        ),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Username or email")
        self.fields["username"].widget.attrs["autocomplete"] = "username"

    def clean(self):
        identifier = self.cleaned_data.get("username") or ""
        member = member_by_login(identifier)
        # One lockout count per account whichever name is typed (username or
        # email), and per typed name when no account matches.
        username = member.username if member else identifier.strip().casefold()
        ip = client_ip(self.request)
        wait = throttle.login_locked_for(username=username, ip=ip)
        if wait:
            raise ValidationError(
                self.error_messages["throttled"],
                code="throttled",
                params={"minutes": max(1, math.ceil(wait / 60))},
            )
        try:
            cleaned = super().clean()
        except ValidationError:
            throttle.login_failed(username=username, ip=ip)
            password = self.cleaned_data.get("password") or ""
            # One more hash whether or not the account exists, so the time a
            # failure takes doesn't tell a stranger which usernames are taken.
            if member is None:
                make_password(password)
            elif member.check_password(password) and member.is_banned:
                raise ValidationError(
                    _("This account is banned by the moderators."), code="banned"
                ) from None
            raise
        throttle.login_succeeded(username=username, ip=ip)
        return cleaned


class AccountDeleteForm(forms.Form):
    POSTS = [
        (
            "keep",
            _(
                "Keep my posts, shown as written by a former member "
                "(others' replies keep their context)"
            ),
        ),
        ("delete", _("Delete my posts (a question deletes its whole thread)")),
    ]
    posts = forms.ChoiceField(
        label=_("Your posts"), choices=POSTS, widget=forms.RadioSelect, initial="keep"
    )
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("To confirm that it is really you."),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        # Counted with sign-in failures, so a borrowed session can't be used
        # to guess the password here instead.
        username = self.user.username
        wait = throttle.login_locked_for(username=username, ip="")
        if wait:
            raise ValidationError(
                LoginForm.error_messages["throttled"],
                code="throttled",
                params={"minutes": max(1, math.ceil(wait / 60))},
            )
        if not self.user.check_password(password):
            throttle.login_failed(username=username, ip="")
            raise ValidationError(
                _("That password is not right. Your account is unchanged."),
                code="password_incorrect",
            )
        return password


class QueuedPasswordResetForm(PasswordResetForm):
    """Hands the address to the worker (``tasks.send_password_reset``), which
    looks it up and sends the link: the same one task whether or not an
    account uses the address."""

    def save(self, *, request=None, use_https=False, domain_override=None, **kwargs):
        send_password_reset.enqueue(
            email=self.cleaned_data["email"],
            domain=domain_override or (request.get_host() if request else ""),
            use_https=use_https,
        )
