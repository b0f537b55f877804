"""Signing in through the form in a real browser, second factor included."""

import base64
import re

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from accounts.roles import is_staff_role
from tests.factories import PASSWORD
from tests.second_factor import unused_app_code


def sign_in(page, live_server, user, password=PASSWORD, *, give_app=True) -> None:
    """Username and password, then for staff (given an authenticator app if
    they have none, unless ``give_app`` is false) the app's code, as a
    moderator does every day."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None and give_app and is_staff_role(user):
        device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username or email").fill(user.username)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    if device is not None:
        expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
        page.get_by_label("Code from your app, or a recovery code").fill(
            unused_app_code(device)
        )
        page.get_by_role("button", name="Continue").click()
    # Signed in: off the sign-in and code pages (the menu may be folded on a
    # phone, so the page's address says it).
    expect(page).not_to_have_url(re.compile(r"/accounts/(login|two-factor)/"))


def enrol(page, shot=None) -> list[str]:
    """On the setup page: type the key shown into an "app" (the TOTP
    algorithm here), enter its code, note the recovery codes, go on."""
    expect(
        page.get_by_role("heading", name="Set up two-factor authentication")
    ).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("QR code"))).to_be_visible()
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    if shot:
        shot(page, "two-factor-setup")
    page.get_by_label("The 6-digit code from your app").fill(f"{totp(key):06d}")
    page.get_by_role("button", name="Turn on two-factor authentication").click()
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    codes = page.locator("#recovery-codes li").all_inner_texts()
    assert len(codes) == 10
    if shot:
        shot(page, "two-factor-codes")
    page.get_by_role("link", name="I have saved them").click()
    return codes
