"""Lists on a phone (390 px), in Chromium: the moderation log as cards (no
sideways scrolling, each value under its label), and search results before
the folded filters."""

import pytest
from playwright.sync_api import expect

from moderation import services
from tests import factories
from tests.browser.signin import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_log_and_search_read_well_on_a_phone(live_server, browser, shot):
    moderator = factories.ModeratorFactory(display_name="Mod Juniper")
    thread = factories.ThreadFactory(title="Fatigue and the summer heat with MS")
    bad = factories.reply(thread, factories.UserFactory(), body="Buy my pills!!")
    services.post_hide(
        post=bad, moderator=moderator, reason="Selling supplements (guideline 5)."
    )
    services.thread_lock(thread=thread, moderator=moderator, reason="Going in circles.")

    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(10_000)
    sign_in(page, live_server, moderator)

    page.goto(f"{live_server.url}/moderation/log/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    first = page.locator(".log-table tbody tr").first
    assert first.evaluate("row => getComputedStyle(row).display") == "block"
    expect(
        page.get_by_text("a post in “Fatigue and the summer heat with MS”")
    ).to_be_visible()
    shot(page, "log-390")

    page.goto(f"{live_server.url}/search/?q=fatigue")
    result = page.locator(".search-results .thread-item").first.bounding_box()
    filters = page.locator(".search-filters").bounding_box()
    assert result["y"] < filters["y"]
    expect(page.get_by_label("Answered by a clinician")).to_be_hidden()  # Folded.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "search-390")
    context.close()
