"""The wording members agree to at sign-up, versioned: the version and the
time are stored on the member (and in their data export), so what each
member agreed to can always be shown. A new wording is a new version."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

VERSION = "2026-12-05"

HEALTH_DATA = _(
    "I agree that CareThread keeps and shows what I write about my health "
    "(questions, replies, the conditions I pick), under my pseudonym, to run "
    "this forum. I can withdraw this by deleting my account, which erases it."
)


def age_label() -> str:
    age = settings.ACCOUNTS_MINIMUM_AGE
    return ngettext_lazy(
        "I am %(age)d year old or older.", "I am %(age)d years old or older.", age
    ) % {"age": age}


def age_refusal() -> str:
    return _(
        "CareThread is for people aged %(age)d and over, so we can't create an "
        "account for you. If you need help now, see the crisis resources."
    ) % {"age": settings.ACCOUNTS_MINIMUM_AGE}


CONSENT_REFUSAL = _(
    "We need your explicit consent to keep what you write about your health. "
    "Without it you can read everything, but not join."
)
