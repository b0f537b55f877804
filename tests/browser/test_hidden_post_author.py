"""A member whose reply a moderator hid, in Chromium on a phone and a
desktop: they see their own text with the reason and what they can do, and
the link to the moderators opens the contact form with the topic chosen;
another member sees only the placeholder."""

import pytest
from playwright.sync_api import expect

from forum.models import Condition
from moderation import services
from tests import factories
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = "Stop your injections; my turmeric tea cured me."
REASON = "Advice to stop a prescribed treatment (guideline 3)."


def signed_in(browser, live_server, user, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username or email").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")
    return context, page


@pytest.mark.parametrize("width", [390, 1280])
def test_hidden_post_author_sees_why_and_what_to_do(live_server, browser, shot, width):
    ms = Condition.objects.get(slug="multiple-sclerosis")
    thread = factories.ThreadFactory(title="Tired after my injections", conditions=[ms])
    author = factories.UserFactory(display_name="Tea Seller")
    post = factories.reply(thread, author, body=TEXT)
    services.post_hide(post=post, moderator=factories.ModeratorFactory(), reason=REASON)
    url = f"{live_server.url}{thread.get_absolute_url()}"

    context, page = signed_in(browser, live_server, author, width)
    page.goto(url)
    article = page.locator(f"#post-{post.pk}")
    expect(article.get_by_text(TEXT)).to_be_visible()
    notice = article.locator(".hidden-notice")
    expect(
        notice.get_by_text("Only you and the moderators can see this post.")
    ).to_be_visible()
    expect(notice.get_by_text(REASON)).to_be_visible()
    shot(page, f"hidden-author-{width}")
    notice.get_by_role("link", name="Write to the moderators").click()
    assert page.get_by_label("What is it about?").input_value() == "moderation"
    context.close()

    context, other = signed_in(browser, live_server, factories.UserFactory(), width)
    other.goto(url)
    expect(other.get_by_text("This post was hidden by a moderator.")).to_be_visible()
    assert other.get_by_text(TEXT).count() == 0
    context.close()
