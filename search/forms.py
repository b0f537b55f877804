from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from forum.models import Condition

from .query import MAX_QUERY_CHARS


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search for"),
        required=False,
        max_length=MAX_QUERY_CHARS,
        help_text=_(
            'Use "quotes" for a phrase, a minus sign to leave a word out '
            "(-surgery) and or for either word."
        ),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    condition = forms.ModelChoiceField(
        label=_("Condition"),
        queryset=Condition.objects.only("name", "name_fr", "slug").order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label=_("All conditions"),
    )
    answered = forms.BooleanField(label=_("Answered by a clinician"), required=False)
    date_from = forms.DateField(
        label=_("Asked from"), required=False, widget=DateInput()
    )
    date_to = forms.DateField(
        label=_("Asked until"), required=False, widget=DateInput()
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            raise ValidationError(
                _("The start date must be on or before the end date."),
                code="date_order",
            )
        return cleaned
