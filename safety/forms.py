from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core import markup

MESSAGE_MIN, MESSAGE_MAX = 20, 5000


class ContactForm(forms.Form):
    TOPICS = [
        ("moderation", _("A post, a flag or a moderation decision")),
        ("account", _("My account, sign-in or clinician verification")),
        ("privacy", _("My personal data (access, correction, deletion)")),
        ("safety", _("Someone may be at risk")),
        ("other", _("Something else")),
    ]

    name = forms.CharField(
        label=_("Your name or pseudonym (optional)"), max_length=80, required=False
    )
    email = forms.EmailField(
        label=_("Your email address"),
        help_text=_("Only the moderators see it, to reply to you."),
    )
    topic = forms.ChoiceField(label=_("What is it about?"), choices=TOPICS)
    message = forms.CharField(
        label=_("Your message"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=MESSAGE_MAX * 2,  # Checked after normalising.
        strip=False,
        help_text=_(
            "Please don't include health details the moderators don't need. "
            "If you or someone else is in danger now, call your local "
            "emergency number instead."
        ),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None and user.is_authenticated:
            # Replies go to the account's address; members aren't asked again.
            del self.fields["email"]
            del self.fields["name"]

    def clean_name(self):
        return markup.normalise_line(self.cleaned_data["name"])

    def clean_message(self):
        message = markup.normalise(self.cleaned_data["message"]).strip()
        if len(message) < MESSAGE_MIN:
            raise ValidationError(
                _("Write at least %(min)d characters so the moderators can help."),
                code="message_too_short",
                params={"min": MESSAGE_MIN},
            )
        if len(message) > MESSAGE_MAX:
            raise ValidationError(
                _("Keep it under %(max)d characters."),
                code="message_too_long",
                params={"max": MESSAGE_MAX},
            )
        return message

    def topic_label(self) -> str:
        return str(dict(self.TOPICS)[self.cleaned_data["topic"]])
