from django import forms

from .models import Frequency, Kind
from .services import EMAIL_KINDS


class PreferencesForm(forms.Form):
    """One email frequency per kind of notification."""

    def __init__(self, *args, frequencies: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for kind in EMAIL_KINDS:
            self.fields[kind] = forms.ChoiceField(
                label=Kind(kind).label,
                choices=Frequency.choices,
                initial=frequencies[kind],
            )
