"""The crisis detector's possible tier end to end in Chromium: a member's
reply that may signal distress is published, its author sees a gentle link
to support, the post waits in the moderators' possible-risk list, and a
moderator escalates it to the urgent queue."""

import pytest
from playwright.sync_api import expect

from forum.models import Condition, Post, Visibility
from moderation.models import Flag
from tests import factories
from tests.browser.test_moderator_journey import signed_in_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

WORDS = "Six months of flares. Honestly I can't see a future anymore, I'm so tired."


@pytest.mark.parametrize("width", [390, 1280])
def test_possible_risk_post_gentle_link_and_escalation(
    live_server, browser, shot, width
):
    ms = Condition.objects.get(slug="multiple-sclerosis")
    asker = factories.UserFactory(display_name="Quiet Heron")
    author = factories.UserFactory(display_name="Tired Robin")
    moderator = factories.ModeratorFactory(display_name="Mod Rowan")
    thread = factories.ThreadFactory(
        author=asker, title="How do you cope with the fatigue?", conditions=[ms]
    )

    context, page = signed_in_page(browser, live_server, author)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}{thread.get_absolute_url()}")
    page.get_by_label("Your reply").fill(WORDS)
    page.get_by_role("button", name="Post reply").click()

    # Published as usual, on the thread, with a gentle word and a link.
    support = page.locator(".alert-support")
    expect(support.get_by_text("If you're going through a hard time")).to_be_visible()
    post = Post.objects.get(thread=thread, is_question=False)
    assert post.visibility == Visibility.VISIBLE
    assert "/support/crisis/" not in page.url
    expect(
        page.locator(f"#post-{post.pk}").get_by_text("can't see a future")
    ).to_be_visible()
    link = support.get_by_role("link", name="See who you can talk to, any time")
    expect(link).to_be_visible()
    shot(page, f"author-{width}")
    link.click()
    expect(
        page.get_by_role("heading", name="You don't have to face this alone")
    ).to_be_visible()
    context.close()

    # The moderator finds it in the possible-risk list, not in the urgent queue.
    mod_context, mod = signed_in_page(browser, live_server, moderator)
    mod.set_viewport_size({"width": width, "height": 900})
    mod.goto(f"{live_server.url}/moderation/?tab=urgent")
    expect(mod.get_by_text("No urgent flags.")).to_be_visible()
    mod.get_by_role("link", name="Possible risk").click()
    item = mod.locator(".queue-item").filter(has_text="can't see a future")
    expect(item.get_by_text("Possible risk", exact=True)).to_be_visible()
    shot(mod, f"possible-list-{width}")
    item.get_by_label("Reason").fill("Hopelessness, and alone at night.")
    item.get_by_role("button", name="Escalate to urgent").click()
    expect(mod.get_by_text("Moved to the urgent queue.")).to_be_visible()
    expect(mod.get_by_text("No posts to review for possible risk.")).to_be_visible()

    mod.get_by_role("link", name="Urgent").click()
    urgent = mod.locator(".queue-item.is-urgent").filter(has_text="can't see a future")
    expect(urgent.get_by_text("Self-harm risk")).to_be_visible()
    assert "Escalated from the possible-risk list by Mod Rowan" in urgent.inner_text()
    shot(mod, f"urgent-{width}")
    assert Flag.objects.get(post=post, reason=Flag.Reason.SELF_HARM).is_open
    mod_context.close()
