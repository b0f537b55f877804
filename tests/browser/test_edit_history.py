"""Editing a reply and reading its history, in Chromium on a phone: the
author edits through the Edit link, the post says "edited", and anyone can
open the history and see which words went and which came."""

import pytest
from playwright.sync_api import expect

from forum.models import Condition
from tests import factories
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_author_edits_and_a_visitor_reads_what_changed(live_server, browser, shot):
    ms = Condition.objects.get(slug="multiple-sclerosis")
    thread = factories.ThreadFactory(title="Baclofen at night?", conditions=[ms])
    author = factories.UserFactory(display_name="Night Owl")
    post = factories.reply(thread, author, body="I take 20 mg of baclofen at night.")

    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username or email").fill(author.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}{thread.get_absolute_url()}")
    page.locator(f"#post-{post.pk}").get_by_role("link", name="Edit").click()
    page.get_by_label("Text").fill("I take 10 mg of baclofen at night.")
    page.get_by_label("Reason for the edit (optional)").fill("Wrong dose first time.")
    page.get_by_role("button", name="Save changes").click()
    context.close()

    visitor = browser.new_context(viewport={"width": 390, "height": 844})
    page = visitor.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}{thread.get_absolute_url()}")
    page.locator(f"#post-{post.pk}").get_by_role("link", name="edited").click()
    expect(page.get_by_role("heading", name="Edit history")).to_be_visible()
    current = page.locator(".history-version").first
    assert current.locator("del").inner_text().endswith("20")
    assert current.locator("ins").inner_text().endswith("10")
    expect(current.get_by_text("Wrong dose first time.")).to_be_visible()
    expect(page.get_by_role("heading", name="Original")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "history-390")
    visitor.close()
