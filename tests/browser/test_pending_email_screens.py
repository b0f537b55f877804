"""The settings page while a new email waits for confirmation, and the
"briefly unavailable" page, at phone and desktop widths: what a member sees,
with no sideways scrolling."""

import pytest
from django.db import OperationalError
from django.test import RequestFactory
from playwright.sync_api import expect

from accounts.models import User
from config.views import server_error
from tests import factories
from tests.browser.test_moderator_journey import signed_in_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [390, 1280])
def test_settings_show_the_address_waiting_for_confirmation(
    live_server, browser, shot, width
):
    member = factories.UserFactory(email="maple@example.org")
    User.objects.filter(pk=member.pk).update(pending_email="maple.new@example.org")
    context, page = signed_in_page(browser, live_server, member)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/accounts/settings/")
    notice = page.get_by_text("Waiting for you to open the link we sent to")
    expect(notice).to_be_visible()
    assert "maple.new@example.org" in notice.inner_text()
    assert "maple@example.org" in notice.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    shot(page, f"settings-pending-email-{width}")
    context.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_the_unavailable_page_reads_well(live_server, browser, shot, width):
    try:
        raise OperationalError("connection refused")
    except OperationalError:
        html = server_error(RequestFactory().get("/")).content.decode()
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(f"{live_server.url}/healthz")  # Same origin for the stylesheets.
    page.set_content(html.replace('href="/static/', f'href="{live_server.url}/static/'))
    heading = page.get_by_role("heading", name="CareThread is briefly unavailable")
    expect(heading).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    shot(page, f"unavailable-{width}")
    context.close()
