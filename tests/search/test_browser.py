"""Similar questions appear while typing a title (Chromium, real JavaScript)."""

import pytest

from tests import factories
from tests.browser.conftest import browser_type_launch_args  # noqa: F401
from tests.factories import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_similar_questions_appear_while_typing_a_title(live_server, browser):
    factories.ThreadFactory(title="Cooling vests for hot weather and MS fatigue")
    factories.ThreadFactory(title="Choosing a wheelchair cushion")
    member = factories.UserFactory()

    page = browser.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(member.username)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server.url}/ask/")
    # Until the ask template loads it, add the script the way the page would.
    if not page.locator("script[src$='js/search.js']").count():
        page.add_script_tag(url="/static/js/search.js")

    page.locator("#id_title").press_sequentially("fatigue in hot weather")
    box = page.locator(".similar-questions")
    box.get_by_role("link").first.wait_for()
    assert box.get_by_role("link").all_inner_texts() == [
        "Cooling vests for hot weather and MS fatigue"
    ]
    assert "Similar questions" in box.inner_text()

    page.locator("#id_title").fill("ab")
    page.locator("#id_title").dispatch_event("input")
    box.wait_for(state="hidden")
