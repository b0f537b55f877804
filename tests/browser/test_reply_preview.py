"""Preview in Chromium (390 px): the member types Markdown, presses Preview,
sees it formatted, then posts; the posted reply's HTML is the preview's."""

import pytest

from forum.models import Condition
from tests import factories
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = "**Cooling vests** helped me.\n\n- a fan\n- cold drinks"


def test_preview_matches_the_posted_reply(live_server, browser, shot):
    ms = Condition.objects.get(slug="multiple-sclerosis")
    thread = factories.ThreadFactory(title="Hot weather and MS", conditions=[ms])
    member = factories.UserFactory(display_name="Cool Kestrel")
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username or email").fill(member.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}{thread.get_absolute_url()}")
    page.get_by_label("Your reply").fill(TEXT)
    page.get_by_role("button", name="Preview").click()
    preview = page.locator(".reply-preview .post-body")
    assert preview.locator("strong").inner_text() == "Cooling vests"
    assert preview.locator("li").count() == 2
    previewed = preview.inner_html()
    assert page.get_by_label("Your reply").input_value() == TEXT
    shot(page, "preview-390")

    page.get_by_role("button", name="Post reply").click()
    page.get_by_text("Your reply is posted.").wait_for()
    posted = page.locator("article.post").last.locator(".post-body")
    assert posted.inner_html() == previewed
    context.close()
