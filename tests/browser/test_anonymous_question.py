"""An anonymous question as readers see it, in Chromium, phone and desktop."""

import pytest
from playwright.sync_api import expect

from forum import services
from forum.models import Condition
from tests import factories
from tests.browser.signin import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [390, 1280])
def test_anonymous_question_shows_no_name_to_readers(live_server, browser, shot, width):
    ms = Condition.objects.get(slug="multiple-sclerosis")
    asker = factories.UserFactory(display_name="Zebra Quietwater")
    posted = services.ask(
        author=asker,
        title="Bladder trouble since my relapse, is this MS?",
        body="I'd rather not say this under my name: I leak when I cough.",
        conditions=[ms],
        anonymous=True,
    )
    thread = posted.post.thread
    context = browser.new_context(viewport={"width": width, "height": 844})
    page = context.new_page()
    page.goto(f"{live_server.url}{thread.get_absolute_url()}")
    expect(page.get_by_text("Anonymous member").first).to_be_visible()
    expect(page.get_by_text("Zebra Quietwater")).to_have_count(0)
    shot(page, f"anonymous-thread-{width}")
    page.goto(f"{live_server.url}{ms.get_absolute_url()}")
    expect(page.get_by_text("Asked by an anonymous member").first).to_be_visible()

    # The asker sees the same label on their question, and the ask form
    # offers the choice with what it means.
    sign_in(page, live_server, asker)
    page.goto(f"{live_server.url}{thread.get_absolute_url()}")
    expect(page.get_by_text("You asked this anonymously")).to_be_visible()
    page.goto(f"{live_server.url}/ask/")
    expect(page.get_by_label("Ask anonymously")).to_be_visible()
    expect(
        page.get_by_text("Moderators can find out who wrote it only")
    ).to_be_visible()
    shot(page, f"ask-form-{width}")
    context.close()
