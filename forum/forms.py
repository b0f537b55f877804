from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.text import get_text_list
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core import markup
from safety import pii

from .models import Condition

TITLE_MIN, TITLE_MAX = 10, 150
BODY_MIN, BODY_MAX = 20, 20_000

MARKDOWN_HELP = _(
    "Markdown works: **bold**, *italic*, lists, > quotes and links. "
    "HTML is shown as text."
)
PRIVACY_HELP = _(
    "Don't include your real name, address, phone number or anything that "
    "identifies you."
)


class TitleField(forms.CharField):
    """Plain-text title: normalised, bidi controls stripped, 10–150 characters."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Title"))
        kwargs.setdefault("max_length", TITLE_MAX * 2)  # Checked after normalising.
        super().__init__(**kwargs)

    def to_python(self, value):
        return markup.normalise_line(super().to_python(value) or "")

    def validate(self, value):
        super().validate(value)
        if value and len(value) < TITLE_MIN:
            raise ValidationError(
                _("Make the title at least %(min)d characters so others can find it."),
                code="title_too_short",
                params={"min": TITLE_MIN},
            )
        if len(value) > TITLE_MAX:
            raise ValidationError(
                _("Keep the title to %(max)d characters or fewer."),
                code="title_too_long",
                params={"max": TITLE_MAX},
            )


class BodyField(forms.CharField):
    """Markdown body: 20–20,000 characters, and it must render."""

    widget = forms.Textarea

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", MARKDOWN_HELP)
        kwargs.setdefault("max_length", BODY_MAX * 2)  # Checked after normalising.
        super().__init__(strip=False, **kwargs)
        self.widget.attrs.setdefault("rows", 8)

    def to_python(self, value):
        return markup.normalise(super().to_python(value) or "").strip()

    def validate(self, value):
        super().validate(value)
        if value and len(value) < BODY_MIN:
            raise ValidationError(
                _("Write at least %(min)d characters."),
                code="body_too_short",
                params={"min": BODY_MIN},
            )
        if len(value) > BODY_MAX:
            raise ValidationError(
                _("Keep it under %(max)s characters (this has %(length)s)."),
                code="body_too_long",
                params={"max": f"{BODY_MAX:,}", "length": f"{len(value):,}"},
            )
        try:
            markup.render(value)
        except markup.MarkupError:
            raise ValidationError(
                _(
                    "This text could not be formatted. Simplify deeply nested "
                    "quotes or lists and try again."
                ),
                code="unrenderable",
            ) from None


class PersonalDataGuardMixin:
    """Stops a post that looks like it holds personal details (email, phone,
    ID numbers, date of birth, address) until the author has seen them
    highlighted and sends the form again with the confirmation field.

    The confirmation carries a fingerprint of exactly what was shown, so
    editing in new details brings the warning back. It is read from the raw
    data, not declared as a field, so ``cleaned_data`` still maps one to one
    onto the service's arguments."""

    CONFIRM_FIELD = "personal_data_ok"
    guarded_fields = ("title", "body")

    #: A ``safety.pii.Guard`` when something was found, for the template.
    personal_data = None

    def clean(self):
        cleaned_data = super().clean()
        texts = {
            name: (str(self.fields[name].label), cleaned_data[name])
            for name in self.guarded_fields
            if name in self.fields and cleaned_data.get(name)
        }
        guard = pii.guard(texts)
        if guard:
            self.personal_data = guard
            if self.data.get(self.CONFIRM_FIELD) != guard.fingerprint:
                raise ValidationError(
                    _(
                        "This may identify you: it looks like it contains "
                        "%(kinds)s. Posts are public and stay online. Edit the "
                        "highlighted parts out, or choose “Publish anyway”."
                    ),
                    code="personal_data",
                    params={"kinds": get_text_list(guard.kinds, _("and"))},
                )
        return cleaned_data


def AnonymousField(label):  # noqa: N802  (a field, named like one)
    return forms.BooleanField(
        label=label,
        required=False,
        help_text=_(
            "Others see “Anonymous member”: no name, no link to your profile. "
            "You can still edit it and get notifications. Moderators can find "
            "out who wrote it only with a recorded reason."
        ),
    )


class ThreadForm(PersonalDataGuardMixin, forms.Form):
    title = TitleField(
        help_text=_("A specific question gets better answers."),
    )
    body = BodyField(label=_("Your question"))
    conditions = forms.ModelMultipleChoiceField(
        label=_("Conditions"),
        queryset=Condition.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        # Lazy all the way: "%" on a lazy string would translate it at import.
        help_text=lazy(
            lambda: (
                ngettext(
                    "Pick up to %(max)d condition.",
                    "Pick between 1 and %(max)d conditions.",
                    settings.FORUM_MAX_CONDITIONS_PER_THREAD,
                )
                % {"max": settings.FORUM_MAX_CONDITIONS_PER_THREAD}
            ),
            str,
        )(),
        error_messages={"required": _("Pick at least one condition.")},
    )
    anonymous = AnonymousField(_("Ask anonymously"))

    def clean_conditions(self):
        conditions = self.cleaned_data["conditions"]
        limit = settings.FORUM_MAX_CONDITIONS_PER_THREAD
        if len(conditions) > limit:
            raise ValidationError(
                _("Pick at most %(max)d conditions."),
                code="too_many_conditions",
                params={"max": limit},
            )
        return conditions


class ReplyForm(PersonalDataGuardMixin, forms.Form):
    body = BodyField(label=_("Your reply"))
    anonymous = AnonymousField(_("Reply anonymously"))


class PostEditForm(PersonalDataGuardMixin, forms.Form):
    title = TitleField()
    body = BodyField(label=_("Text"))
    reason = forms.CharField(
        label=_("Reason for the edit (optional)"), max_length=300, required=False
    )

    def __init__(self, *args, is_question: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not is_question:
            del self.fields["title"]
