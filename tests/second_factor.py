"""Two-factor authentication in tests: a session that passed it, and the
code an authenticator app would show right now."""

import time

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


def pass_second_factor(client, user) -> None:
    """Mark the client's session as having passed a second factor with the
    member's authenticator (made if needed), as typing a code does."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def app_code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """What an authenticator app shows for ``device`` now (or a step later:
    a code is good once, and for its step and the one either side)."""
    device.refresh_from_db()
    code = totp(
        device.bin_key,
        step=device.step,
        t0=device.t0,
        digits=device.digits,
        drift=device.drift + steps_ahead,
    )
    return f"{code:0{device.digits}d}"


def unused_app_code(device: TOTPDevice) -> str:
    """The app's code for the current step, or the next one if the current
    one was already used (a code is good once)."""
    device.refresh_from_db()
    now = int((time.time() - device.t0) // device.step) + device.drift
    return app_code(device, steps_ahead=max(0, device.last_t + 1 - now))
