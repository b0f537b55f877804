"""A visitor with no account reports a post in Chromium (phone size), gets
the acknowledgement, and then the decision, by email; a moderator decides
from the Notices tab."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from forum.models import Visibility
from moderation.models import Notice
from tests import factories
from tests.browser.test_moderator_journey import signed_in_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_visitor_notice_acknowledged_then_decided(live_server, browser, shot):
    thread = factories.ThreadFactory(title="Pain relief after surgery?")
    post = factories.reply(
        thread, factories.UserFactory(), body="DM me for cheap oxycodone, no script."
    )
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{live_server.url}{thread.get_absolute_url()}")
    page.locator(f"#post-{post.pk}").get_by_role("link", name="Report").click()
    expect(page.get_by_role("heading", name="Report content")).to_be_visible()
    page.get_by_label("Illegal content").check()
    page.get_by_label("Explain what is wrong").fill(
        "Selling a controlled drug without a prescription."
    )
    page.get_by_label("Your email (optional)").fill("visitor@example.net")
    page.get_by_label("I believe what I report here is accurate").check()
    shot(page, "notice-form-390")
    page.get_by_role("button", name="Send the report").click()
    notice = Notice.objects.get()
    expect(page.get_by_text(f"reference {notice.pk}")).to_be_visible()
    assert any(
        m.to == ["visitor@example.net"] and f"reference {notice.pk}" in m.subject
        for m in mail.outbox
    )
    context.close()

    moderator = factories.ModeratorFactory(display_name="Mod Notice")
    mod_context, mod = signed_in_page(browser, live_server, moderator)
    mod.goto(f"{live_server.url}/moderation/notices/")
    item = mod.locator(".queue-item").filter(has_text="controlled drug")
    item.get_by_label("Hide the post").check()
    item.get_by_label("Reason, sent to the notifier").fill("Selling medicines.")
    item.get_by_role("button", name="Decide").click()
    expect(mod.get_by_text("Decided; the notifier is told.")).to_be_visible()
    mod_context.close()

    post.refresh_from_db()
    assert post.visibility == Visibility.HIDDEN
    decision = [
        m
        for m in mail.outbox
        if m.to == ["visitor@example.net"] and "Decision" in m.subject
    ]
    assert decision and "Selling medicines." in decision[0].body
