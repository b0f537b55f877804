"""Reading position in Chromium: a member back on a thread they follow is
told how many replies are new and jumps to the first, on its page."""

import pytest
from playwright.sync_api import expect

from notifications import services as notification_services
from tests import factories
from tests.browser.test_moderator_journey import signed_in_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [390, 1280])
def test_jump_to_first_unread_reply(live_server, browser, shot, settings, width):
    settings.FORUM_REPLIES_PER_PAGE = 5
    asker = factories.UserFactory(display_name="Returning Redshank")
    others = [factories.UserFactory() for _ in range(3)]
    thread = factories.ThreadFactory(author=asker, title="Month two on the new dose")
    notification_services.follow_thread(user=asker, thread=thread)
    for n in range(12):
        factories.reply(thread, others[n % 3], body=f"Earlier reply number {n + 1}.")

    context, page = signed_in_page(browser, live_server, asker)
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{live_server.url}{thread.get_absolute_url()}")
    page.goto(f"{live_server.url}{thread.get_absolute_url()}")
    expect(page.locator(".unread-jump")).to_have_count(0)  # All read now.

    new = [
        factories.reply(thread, others[n % 3], body=f"New reply number {n + 1}.")
        for n in range(4)
    ]
    page.goto(f"{live_server.url}{thread.get_absolute_url()}")
    banner = page.get_by_role("status").filter(has_text="since your last visit")
    expect(banner).to_contain_text("4 new replies since your last visit.")
    shot(page, f"banner-{width}")
    banner.get_by_role("link", name="Jump to the first unread").click()
    page.wait_for_url(f"**/t/{thread.pk}/?page=3#post-{new[0].pk}")
    first = page.locator(f"#post-{new[0].pk}")
    expect(first).to_contain_text("New reply number 1.")
    expect(first).to_be_in_viewport()
    context.close()
