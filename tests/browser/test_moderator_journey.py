"""A member flags a post and a moderator acts on it, in a real browser (Chromium):
hide the post from the review queue, lock the thread, suspend the author, who
is then refused when replying."""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import Sanction
from forum.models import Condition, Post, Visibility
from moderation.models import Flag, ModerationEvent
from tests import factories
from tests.browser.signin import enrol, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

VIEWPORT = {"width": 1280, "height": 900}
BAD_ADVICE = "Stop your MS injections: my turmeric tea is all you need."


def signed_in_page(browser, live_server, user):
    """A new browser context with the user signed in through the login form."""
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.set_default_timeout(10_000)
    sign_in(page, live_server, user)
    return context, page


def test_moderator_hides_flagged_post_locks_thread_and_suspends_author(
    live_server, browser, shot
):
    ms = Condition.objects.get(slug="multiple-sclerosis")
    asker = factories.UserFactory(display_name="Worried Wren")
    seller = factories.UserFactory(display_name="Tea Seller")
    flagger = factories.UserFactory(display_name="Careful Kit")
    moderator = factories.ModeratorFactory(display_name="Mod Juniper")
    thread = factories.ThreadFactory(
        author=asker, title="Is it safe to pause my MS treatment?", conditions=[ms]
    )
    other_thread = factories.ThreadFactory(
        author=asker, title="Cooling tips for summer with MS", conditions=[ms]
    )
    bad = factories.reply(thread, seller, body=BAD_ADVICE)
    thread_url = f"{live_server.url}{thread.get_absolute_url()}"
    other_url = f"{live_server.url}{other_thread.get_absolute_url()}"

    # The author is signed in and has another thread open, reply box ready.
    seller_context, author = signed_in_page(browser, live_server, seller)
    author.goto(other_url)
    expect(author.get_by_label("Your reply")).to_be_visible()

    # A member flags the post through its Flag link.
    flagger_context, member = signed_in_page(browser, live_server, flagger)
    member.goto(thread_url)
    member.locator(f"#post-{bad.pk}").get_by_role("link", name="Flag").click()
    expect(
        member.get_by_role("heading", name="Flag this post for the moderators")
    ).to_be_visible()
    member.get_by_label("Medical misinformation").check()
    member.get_by_label("Anything the moderators should know").fill(
        "Telling people to stop their treatment."
    )
    shot(member, "flag-form")
    member.get_by_role("button", name="Send to the moderators").click()
    expect(
        member.get_by_text("Thank you. The moderators will look at this post.")
    ).to_be_visible()
    assert Flag.objects.get(post=bad).reporter == flagger

    # A moderator without two-factor authentication signs in: the review
    # queue first asks them to set it up; with the app's code they pass.
    mod_context = browser.new_context(viewport=VIEWPORT)
    mod = mod_context.new_page()
    mod.set_default_timeout(10_000)
    sign_in(mod, live_server, moderator, give_app=False)
    mod.goto(f"{live_server.url}/moderation/")
    enrol(mod, shot)
    expect(mod.get_by_role("heading", name="Review queue")).to_be_visible()
    # From now on this moderator signs in with password and code.
    mod.get_by_role("button", name=moderator.display_name).click()
    mod.get_by_role("button", name="Sign out").click()
    sign_in(mod, live_server, moderator)
    mod.get_by_role("link", name="Review queue").click()
    expect(mod.get_by_role("heading", name="Review queue")).to_be_visible()
    item = mod.locator(".queue-item").filter(has_text="turmeric tea")
    assert "Telling people to stop their treatment." in item.inner_text()
    assert "Careful Kit" in item.inner_text()
    shot(mod, "queue")

    # Hiding needs a reason.
    item.get_by_role("button", name="Hide").click()
    expect(mod.get_by_text("Say why the post is hidden.")).to_be_visible()
    item = mod.locator(".queue-item").filter(has_text="turmeric tea")
    item.get_by_label("Reason").fill("Dangerous advice to stop treatment.")
    item.get_by_role("button", name="Hide").click()
    expect(mod.get_by_text("Post hidden; the author is told why.")).to_be_visible()
    expect(mod.get_by_text("No open flags. All clear.")).to_be_visible()
    shot(mod, "queue-after-hide")
    bad.refresh_from_db()
    assert bad.visibility == Visibility.HIDDEN
    assert Flag.objects.get(post=bad).state == Flag.State.ACTIONED

    # The flagger sees the post replaced and the outcome under "your flags".
    member.goto(thread_url)
    expect(member.get_by_text("This post was hidden by a moderator.")).to_be_visible()
    assert member.get_by_text("turmeric tea").count() == 0
    member.goto(f"{live_server.url}/moderation/my-flags/")
    expect(member.get_by_text("Handled: action taken")).to_be_visible()
    flagger_context.close()

    # The moderator locks the thread from its moderator tools.
    mod.goto(thread_url)
    tools = mod.locator(".mod-tools")
    tools.get_by_label("Reason").fill("Heated; cooling off.")
    tools.get_by_role("button", name="Lock").click()
    expect(mod.get_by_text("This thread is locked by a moderator.")).to_be_visible()
    expect(
        mod.locator(".mod-tools").get_by_role("button", name="Unlock")
    ).to_be_visible()
    shot(mod, "thread-locked")
    thread.refresh_from_db()
    assert thread.is_locked

    # …and suspends the author from their profile page.
    mod.locator(f"#post-{bad.pk}").get_by_role("link", name="Tea Seller").click()
    expect(mod.get_by_role("heading", name="Moderators: sanctions")).to_be_visible()
    mod.locator("#id_kind").select_option("suspend")
    mod.locator("#id_days").fill("3")
    mod.locator("#id_reason").fill("Repeated dangerous medical advice.")
    shot(mod, "sanction-form")
    mod.get_by_role("button", name="Apply sanction").click()
    expect(mod.get_by_text("Sanction recorded; the member is told.")).to_be_visible()
    expect(mod.get_by_text("Repeated dangerous medical advice.")).to_be_visible()
    shot(mod, "sanction-recorded")
    mod_context.close()
    suspension = Sanction.objects.get(user=seller)
    assert suspension.kind == Sanction.Kind.SUSPENSION
    until = f"{suspension.ends_at:%d %b %Y %H:%M}"

    # The author, still on the page they opened earlier, tries to reply.
    author.get_by_label("Your reply").fill(
        "Here is my shop again, the tea really works for everyone."
    )
    author.get_by_role("button", name="Post reply").click()
    expect(author.get_by_role("heading", name="You can't do that here")).to_be_visible()
    expect(author.get_by_text(f"You are suspended until {until} UTC")).to_be_visible()
    shot(author, "reply-refused")
    assert not Post.objects.filter(author=seller, thread=other_thread).exists()

    # Reloading the thread: a banner, and the reply box is replaced.
    author.goto(other_url)
    expect(author.locator(".sanction-banner")).to_be_visible()
    assert re.search(
        r"You are suspended until .+ UTC\. You can read, but not post or flag\.",
        author.locator(".reply-box").inner_text(),
    )
    assert author.get_by_label("Your reply").count() == 0
    shot(author, "suspended-thread")
    author.set_viewport_size({"width": 390, "height": 844})
    author.reload()
    assert author.get_by_label("Your reply").count() == 0
    shot(author, "suspended-thread-mobile")
    seller_context.close()

    assert list(
        ModerationEvent.objects.order_by("pk").values_list("action", "actor_id")
    ) == [
        ("post_flag", flagger.pk),
        ("post_hide", moderator.pk),
        ("thread_lock", moderator.pk),
        ("user_suspend", moderator.pk),
    ]
