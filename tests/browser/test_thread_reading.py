"""Reading a thread with an accepted answer, in Chromium at phone and desktop
sizes: the answer is in the page once, in its place among the replies; a
summary under the question says who answered and jumps to it."""

import pytest
from playwright.sync_api import expect

from forum.models import Condition
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ANSWER = (
    "Heat can bring back old MS symptoms for a while (Uhthoff's phenomenon). "
    "Cool down, rest, and if the symptoms don't settle within a day or are "
    "new ones, call your MS nurse. " * 3
)


@pytest.mark.parametrize("width,height", [(390, 844), (1280, 900)])
def test_accepted_answer_is_shown_once_and_the_summary_jumps_to_it(
    live_server, browser, shot, width, height
):
    ms = Condition.objects.get(slug="multiple-sclerosis")
    asker = factories.UserFactory(display_name="Warm Wren")
    thread = factories.ThreadFactory(
        author=asker, title="My legs go numb in hot showers", conditions=[ms]
    )
    for n in range(6):
        factories.reply(thread, factories.UserFactory(), body=f"Same here ({n}).")
    nurse = factories.ClinicianProfileFactory(user__display_name="Nurse Rowan").user
    answer = factories.reply(thread, nurse, body=ANSWER)
    thread.accepted_post = answer
    thread.save(update_fields=["accepted_post"])

    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}{thread.get_absolute_url()}")

    assert page.locator(f"article#post-{answer.pk}").count() == 1
    assert page.get_by_text("Uhthoff's phenomenon").count() == 2  # Summary + post.
    summary = page.locator(".accepted-summary")
    expect(summary.get_by_text("Nurse Rowan")).to_be_visible()
    shot(page, f"thread-accepted-{width}")
    summary.get_by_role("link", name="Read the accepted answer in full").click()
    page.wait_for_url(f"**#post-{answer.pk}")
    post = page.locator(f"article#post-{answer.pk}")
    expect(post).to_be_in_viewport()  # Scrolled to it (smoothly: retried).
    expect(post.get_by_text("Accepted answer")).to_be_visible()
    # No sideways scrolling on the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()
