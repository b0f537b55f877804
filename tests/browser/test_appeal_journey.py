"""An appeal end to end in Chromium: a moderator hides a reported post; its
author reads the statement of reasons and appeals; the moderator who decided
can't decide the appeal; a second moderator reverses it; the post is back,
the author and the reporter are emailed, and the log holds the four events
in order."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from forum.models import Condition, Visibility
from moderation import services
from moderation.models import ModerationEvent
from tests import factories
from tests.browser.test_moderator_journey import signed_in_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
Action = ModerationEvent.Action
STORY = "I stopped my evening dose for a week and my sleep got better."


def test_hide_appeal_second_moderator_reverses(live_server, browser, shot):
    ms = Condition.objects.get(slug="multiple-sclerosis")
    asker = factories.UserFactory(display_name="Asking Avocet")
    author = factories.UserFactory(display_name="Sleepless Snipe")
    reporter = factories.UserFactory(display_name="Reporting Rail")
    first = factories.ModeratorFactory(display_name="Mod Hazel")
    second = factories.ModeratorFactory(display_name="Mod Rowan")
    thread = factories.ThreadFactory(
        author=asker, title="Sleep on the new MS medicine?", conditions=[ms]
    )
    post = factories.reply(thread, author, body=STORY)
    services.flag_create(
        post=post, reporter=reporter, reason="misinformation", note="Dose advice."
    )

    # The first moderator hides it from the queue.
    mod_context, mod = signed_in_page(browser, live_server, first)
    mod.goto(f"{live_server.url}/moderation/")
    item = mod.locator(".queue-item").filter(has_text="evening dose")
    item.get_by_label("Reason").fill("Reads as advice to change a dose.")
    item.get_by_role("button", name="Hide").click()
    expect(mod.get_by_text("Post hidden; the author is told why.")).to_be_visible()

    # The author, on a phone, reads why and appeals.
    author_context, page = signed_in_page(browser, live_server, author)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}{thread.get_absolute_url()}")
    page.get_by_role("link", name="Read the statement of reasons and appeal").click()
    expect(page.get_by_role("heading", name="Statement of reasons")).to_be_visible()
    expect(page.get_by_text("Reads as advice to change a dose.")).to_be_visible()
    expect(page.get_by_text("A moderator (a person).")).to_be_visible()
    expect(page.get_by_role("link", name="Health information")).to_be_visible()
    page.get_by_label("Why should the decision change?").fill(
        "It was my own experience, and I said my neurologist agreed to it."
    )
    shot(page, "statement-390")
    page.get_by_role("button", name="Send my appeal").click()
    expect(page.get_by_text("Your appeal is sent.")).to_be_visible()
    expect(page.get_by_text("Appeal: Waiting for a moderator")).to_be_visible()

    # The first moderator sees it but may not decide it.
    mod.get_by_role("link", name="Appeals").click()
    expect(mod.get_by_text("yours: another moderator decides")).to_be_visible()
    mod.get_by_role("link", name="Hid a post").click()
    expect(
        mod.get_by_text("You took this decision: another moderator must decide")
    ).to_be_visible()
    expect(mod.get_by_role("button", name="Decide")).to_have_count(0)
    mod_context.close()

    # The second moderator reverses it.
    second_context, other = signed_in_page(browser, live_server, second)
    other.goto(f"{live_server.url}/moderation/appeals/")
    other.get_by_role("link", name="Hid a post").click()
    other.get_by_label("Reverse it and restore what was taken").check()
    other.get_by_label("Reason, sent to the member").fill(
        "A personal account with a clinician's agreement is allowed."
    )
    shot(other, "decide-1280")
    other.get_by_role("button", name="Decide").click()
    expect(
        other.get_by_text("The appeal is decided; the member is told.")
    ).to_be_visible()
    expect(other.get_by_text("Appeal: Decision reversed")).to_be_visible()
    second_context.close()

    # The post is back for everyone.
    post.refresh_from_db()
    assert post.visibility == Visibility.VISIBLE
    page.goto(f"{live_server.url}{thread.get_absolute_url()}")
    expect(page.locator(f"#post-{post.pk}").get_by_text(STORY)).to_be_visible()
    author_context.close()

    # Both told; the reporter's name never reaches the author.
    to_author = [m for m in mail.outbox if author.email in m.to]
    to_reporter = [m for m in mail.outbox if reporter.email in m.to]
    assert any("Your appeal was accepted" in m.subject for m in to_author)
    assert any("Update on a post you reported" in m.subject for m in to_reporter)
    assert not any("Reporting Rail" in m.body for m in to_author)

    # The log: the decision, the appeal, the outcome, the undoing.
    actions = list(
        ModerationEvent.objects.exclude(action=Action.POST_FLAG)
        .order_by("created_at", "id")
        .values_list("action", "actor__display_name")
    )
    assert actions == [
        (Action.POST_HIDE, "Mod Hazel"),
        (Action.APPEAL_OPEN, "Sleepless Snipe"),
        (Action.APPEAL_REVERSE, "Mod Rowan"),
        (Action.POST_RESTORE, "Mod Rowan"),
    ]
