"""Email confirmation links: a signed token naming the member and the address
it confirms."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.urls import reverse

EMAIL_VERIFICATION_SALT = "accounts.email-verification"


def signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=EMAIL_VERIFICATION_SALT)


def email_verification_token(*, user, address: str = "") -> str:
    """A signed token naming the member and the address it confirms (their
    current one unless ``address``), so a link sent to an old address can't
    confirm a new one."""
    return signer().sign_object({"u": user.pk, "e": (address or user.email).lower()})


def email_verification_url(*, user, address: str = "") -> str:
    """The absolute confirmation link for the member's current email, or for
    the new ``address`` they asked for."""
    token = email_verification_token(user=user, address=address)
    path = reverse("accounts:verify_email", args=[token])
    return settings.SITE_URL.rstrip("/") + path
