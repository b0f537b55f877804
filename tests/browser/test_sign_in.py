"""Signing in with the email address, in Chromium on a phone-sized screen:
the form says it takes a username or an email, a wrong password shows a clear
error and keeps the address typed, the right one signs the member in."""

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_member_signs_in_with_their_email(live_server, browser, shot):
    member = factories.UserFactory(
        display_name="Quiet Heron", email="heron@example.org"
    )
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}/accounts/login/")

    field = page.get_by_label("Username or email")
    field.fill("Heron@Example.org")
    page.get_by_label("Password").fill("not my password")
    page.get_by_role("button", name="Sign in").click()
    error = page.get_by_text("don't match an account")
    expect(error).to_be_visible()
    assert page.get_by_label("Username or email").input_value() == "Heron@Example.org"
    shot(page, "wrong-password")

    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")
    page.get_by_role("button", name="Toggle navigation").click()
    expect(page.get_by_role("button", name=member.display_name)).to_be_visible()
    assert page.get_by_role("link", name="Sign in").count() == 0
    shot(page, "signed-in")
    context.close()
