"""Forms of clinicians' reviews and correction notes (``forum.reviews``)."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from core.links import source_host

from .models import Review
from .reviews import CORRECTION_MAX, NOTE_MAX, SOURCE_MAX


class SourceField(forms.URLField):
    """An optional web address of a source: http or https only, and nothing
    that disguises where it leads (a user name before the host)."""

    default_validators = [URLValidator(schemes=["http", "https"])]

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Source (optional)"))
        kwargs.setdefault(
            "help_text",
            _("A link to a reliable source, e.g. an NHS, WHO or HAS page."),
        )
        super().__init__(
            max_length=SOURCE_MAX, required=False, assume_scheme="https", **kwargs
        )

    def clean(self, value):
        url = super().clean(value)
        if url and source_host(url) is None:
            raise ValidationError(
                _(
                    "Give a plain web address starting with https:// or http://, "
                    "with no user name, spaces or special characters in the "
                    "site name."
                ),
                code="source",
            )
        return url


class ReviewForm(forms.Form):
    """A verdict on an answer; on a question (``for_question``) only
    "reviewed", for the whole thread."""

    verdict = forms.ChoiceField(
        label=_("Your verdict"),
        choices=[
            (Review.Verdict.REVIEWED, _("Reviewed: the information is sound")),
            (Review.Verdict.DISAGREE, _("I disagree")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=NOTE_MAX,
        required=False,
        help_text=_("Required when you disagree: say briefly what is wrong."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    source_url = SourceField()

    def __init__(self, *args, for_question: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if for_question:
            self.fields["verdict"].choices = [
                (
                    Review.Verdict.REVIEWED,
                    _("Reviewed: the question and its answers are sound"),
                )
            ]
            self.fields["verdict"].initial = Review.Verdict.REVIEWED
            self.fields["note"].help_text = _("Optional: a word for the readers.")

    def clean(self):
        data = super().clean()
        if (
            data.get("verdict") == Review.Verdict.DISAGREE
            and not (data.get("note") or "").strip()
        ):
            self.add_error("note", _("Say briefly what you disagree with."))
        return data


class CorrectionForm(forms.Form):
    text = forms.CharField(
        label=_("Correction"),
        max_length=CORRECTION_MAX,
        help_text=_("Plain text: what is wrong in the post and what is right."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    source_url = SourceField()
