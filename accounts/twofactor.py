"""Two-factor authentication: a TOTP app and one-time recovery codes
(django-otp's devices), required for staff, optional for every member.

Who needs it: moderators, administrators (``is_staff``) and verified
clinicians. They use their powers (the moderation and review pages, the admin,
the clinician inbox, posting under the verified badge) only in a session that
passed a second factor: ``roles.can_moderate`` and the inbox check read it, and
``accounts.middleware.SecondFactorMiddleware`` sends them to set it up or to
enter a code. Anybody with a device signs in in two steps: password, then
code (``accounts.views.SignInView`` and ``two_factor_verify``).

A user object that did not come through a request (a management command, a
task, a service called from a test) has no ``is_verified``: the session rule
does not apply to it."""

from __future__ import annotations

import base64
import math
import time
from dataclasses import dataclass

import segno
from django.db import transaction
from django_otp import DEVICE_ID_SESSION_KEY, verify_token
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .roles import is_staff_role, second_factor_passed

RECOVERY_CODES = 10
TOTP_NAME = "authenticator"
RECOVERY_NAME = "recovery"
# The password step is good for this long before the code must follow.
PENDING_SECONDS = 300
PENDING_SESSION_KEY = "two_factor_pending"


def needs_second_factor(user) -> bool:
    """A staff member whose session hasn't passed a second factor."""
    return is_staff_role(user) and not second_factor_passed(user)


def authenticator(user) -> TOTPDevice | None:
    """The member's confirmed authenticator app, if any."""
    if not user.is_authenticated:
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def is_enabled(user) -> bool:
    return authenticator(user) is not None


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(
        device__user=user, device__name=RECOVERY_NAME, device__confirmed=True
    ).count()


def setup_device(user) -> TOTPDevice:
    """The unconfirmed authenticator being set up (the same one until it is
    confirmed, so reloading the page keeps the QR code the app scanned)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
    return device


def secret_text(device: TOTPDevice) -> str:
    """The key as people type it into an app: base32 in groups of four."""
    b32 = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(b32[i : i + 4] for i in range(0, len(b32), 4))


def qr_data_uri(device: TOTPDevice) -> str:
    """The ``otpauth://`` link as an SVG QR code in a ``data:`` URI (an
    ``<img>``: nothing is marked safe)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=4, border=2)


@dataclass(frozen=True)
class Checked:
    device: TOTPDevice | StaticDevice | None
    wait_seconds: int = 0


def _wait(device) -> int:
    allowed, data = device.verify_is_allowed()
    if allowed or not data or "locked_until" not in data:
        return 0
    return max(1, math.ceil(data["locked_until"].timestamp() - time.time()))


def check_code(user, code: str) -> Checked:
    """The device that accepts ``code`` (a 6-digit app code or a recovery
    code, which is then used up), or how long to wait after wrong codes."""
    code = "".join((code or "").split()).lower()
    if not code or len(code) > 16:
        return Checked(None)
    if code.isdigit():
        devices = list(TOTPDevice.objects.filter(user=user, confirmed=True))
    else:
        devices = list(
            StaticDevice.objects.filter(user=user, name=RECOVERY_NAME, confirmed=True)
        )
    wait = 0
    for device in devices:
        # After a wrong code django-otp refuses any code for 1, 2, 4, 8 … s.
        if blocked := _wait(device):
            wait = max(wait, blocked)
            continue
        verified = verify_token(user, device.persistent_id, code)
        if verified is not None:
            return Checked(verified)
    return Checked(None, wait_seconds=wait)


@transaction.atomic
def confirm_setup(user, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the authenticator with its first code: the new recovery codes,
    or None if the code is wrong. Any previous devices are replaced."""
    if device.user_id != user.pk or device.confirmed:
        return None
    code = "".join((code or "").split())
    if not code.isdigit() or not device.verify_token(code):
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return new_recovery_codes(user)


@transaction.atomic
def new_recovery_codes(user) -> list[str]:
    """Replace the member's recovery codes with fresh ones (shown once)."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(
        StaticToken(device=device, token=code) for code in codes
    )
    return codes


@transaction.atomic
def disable(user) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def mark_session(request, device) -> None:
    """This session passed a second factor with ``device``."""
    otp_login(request, device)


def forget_session(request) -> None:
    request.session.pop(DEVICE_ID_SESSION_KEY, None)
