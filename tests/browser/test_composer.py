"""The composer in Chromium: the toolbar writes Markdown, the live preview is
the HTML the posted reply gets, and a draft survives a reload (restored by
the server, not the browser) and is gone once posted."""

import pytest
from playwright.sync_api import expect

from forum.models import Condition, Draft, Post
from tests import factories
from tests.browser.test_moderator_journey import signed_in_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [390, 1280])
def test_reply_toolbar_live_preview_and_draft(live_server, browser, shot, width):
    ms = Condition.objects.get(slug="multiple-sclerosis")
    asker = factories.UserFactory(display_name="Asking Alder")
    writer = factories.UserFactory(display_name="Writing Wren")
    thread = factories.ThreadFactory(
        author=asker, title="Cooling tips for summer with MS?", conditions=[ms]
    )
    context, page = signed_in_page(browser, live_server, writer)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}{thread.get_absolute_url()}")

    box = page.get_by_label("Your reply")
    box.fill("A cooling vest helped me a lot.\n\nAlso cold drinks.")
    # Bold "cooling vest" with the toolbar.
    box.evaluate("el => el.setSelectionRange(2, 14)")
    page.get_by_role("toolbar", name="Formatting").get_by_role(
        "button", name="Bold"
    ).click()
    expect(box).to_have_value(
        "A **cooling vest** helped me a lot.\n\nAlso cold drinks."
    )

    live = page.locator(".live-preview .post-body")
    expect(live.locator("strong")).to_have_text("cooling vest")
    expect(page.get_by_text("Draft saved")).to_be_visible()
    shot(page, f"composing-{width}")
    preview_html = live.inner_html()

    # A reload (or coming back tomorrow) brings the text back from the server.
    page.reload()
    expect(
        page.get_by_text("Your unposted draft is back in the box below.")
    ).to_be_visible()
    expect(page.get_by_label("Your reply")).to_have_value(
        "A **cooling vest** helped me a lot.\n\nAlso cold drinks."
    )
    assert Draft.objects.filter(author=writer, key=f"reply:{thread.pk}").exists()
    shot(page, f"restored-{width}")

    page.get_by_role("button", name="Post reply").click()
    expect(page.get_by_text("Your reply is posted.")).to_be_visible()
    post = Post.objects.get(thread=thread, is_question=False)
    # What the live preview showed is what the reply now shows.
    assert page.locator(f"#post-{post.pk} .post-body").inner_html() == preview_html
    assert not Draft.objects.filter(author=writer).exists()
    page.reload()
    expect(page.get_by_label("Your reply")).to_have_value("")
    expect(page.get_by_text("Your unposted draft")).to_have_count(0)
    context.close()


def test_ask_draft_keeps_title_body_and_conditions(live_server, browser, shot):
    member = factories.UserFactory(display_name="Drafting Dunlin")
    context, page = signed_in_page(browser, live_server, member)
    page.goto(f"{live_server.url}/ask/")
    page.get_by_label("Title").fill("Does fatigue get better after a relapse?")
    page.get_by_label("Your question").fill(
        "It has been a month and I still nap daily."
    )
    picker = page.get_by_role("combobox", name="Find a condition")
    picker.fill("Multiple sclerosis")
    picker.press("Enter")
    expect(page.get_by_text("Draft saved")).to_be_visible()

    page.goto(f"{live_server.url}/")
    page.goto(f"{live_server.url}/ask/")
    expect(page.get_by_label("Title")).to_have_value(
        "Does fatigue get better after a relapse?"
    )
    expect(page.get_by_label("Your question")).to_have_value(
        "It has been a month and I still nap daily."
    )
    chips = page.get_by_role("list", name="Selected conditions")
    expect(chips.get_by_role("listitem")).to_have_text(["Multiple sclerosis×"])
    expect(page.get_by_label("Multiple sclerosis", exact=True)).to_be_checked()
    shot(page, "ask-restored")

    page.get_by_role("button", name="Discard draft").click()
    expect(page.get_by_text("Draft discarded.")).to_be_visible()
    expect(page.get_by_label("Title")).to_have_value("")
    assert not Draft.objects.filter(author=member).exists()
    context.close()
