"""Similar questions appear while typing a title (Chromium, real JavaScript)."""

import pytest
from playwright.sync_api import expect

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


def test_french_reader_finds_a_condition_and_its_threads_by_french_name(
    live_server, browser
):
    """Runs on SQLite and PostgreSQL (CI runs the suite on both): the French
    name, typed with or without accents, finds the condition and threads."""
    from forum.models import Condition

    ms = Condition.objects.get(slug="multiple-sclerosis")
    factories.ThreadFactory(
        title="Heat makes my legs heavy, any tips?", conditions=[ms]
    )
    factories.ThreadFactory(title="Inhaler technique questions")
    context = browser.new_context(
        locale="fr-FR", viewport={"width": 390, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(10_000)

    page.goto(f"{live_server.url}/search/?q=scl%C3%A9rose+en+plaques")
    results = page.locator(".search-results, main").get_by_role(
        "link", name="Heat makes my legs heavy, any tips?"
    )
    expect(results).to_be_visible()
    expect(page.get_by_role("link", name="Inhaler technique questions")).to_have_count(
        0
    )

    page.goto(f"{live_server.url}/conditions/")
    page.get_by_role("searchbox", name="Trouver une maladie").fill("sclerose")
    page.get_by_role("searchbox", name="Trouver une maladie").press("Enter")
    link = page.get_by_role("link", name="Sclérose en plaques", exact=True)
    expect(link).to_be_visible()
    link.click()
    expect(
        page.get_by_role("heading", name="Sclérose en plaques", level=1)
    ).to_be_visible()
    expect(
        page.get_by_role("link", name="Heat makes my legs heavy, any tips?")
    ).to_be_visible()
    context.close()
