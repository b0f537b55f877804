"""The ask page's condition picker in Chromium: chips with a typeahead that
finds synonyms, worked from the keyboard, and the plain checkboxes without
JavaScript, with the "pick at least one" message where it is seen."""

import pytest
from playwright.sync_api import expect

from forum.models import Thread
from tests import factories
from tests.browser.test_moderator_journey import VIEWPORT, signed_in_page
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [390, 1280])
def test_chips_with_typeahead_and_keyboard(live_server, browser, shot, width):
    member = factories.UserFactory(display_name="Picking Plover")
    context, page = signed_in_page(browser, live_server, member)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/ask/")
    # The 45 checkboxes are folded away behind the typeahead.
    expect(page.locator(".condition-options")).to_be_hidden()
    box = page.get_by_role("combobox", name="Find a condition")
    chips = page.get_by_role("list", name="Selected conditions").get_by_role("listitem")

    # "MS" is a synonym: the first option is Multiple sclerosis; Enter picks it.
    box.fill("MS")
    expect(page.get_by_role("option").first).to_have_text("Multiple sclerosis")
    box.press("Enter")
    expect(chips).to_have_text(["Multiple sclerosis×"])
    expect(box).to_have_value("")

    # Arrow keys move through the matches; the one shown active is picked.
    box.fill("diab")
    options = page.get_by_role("option")
    expect(options.nth(1)).to_be_visible()
    box.press("ArrowDown")
    second = options.nth(1).inner_text()
    expect(box).to_have_attribute(
        "aria-activedescendant", options.nth(1).get_attribute("id")
    )
    box.press("Enter")
    expect(chips).to_have_text(["Multiple sclerosis×", f"{second}×"])
    expect(page.get_by_text("2 selected")).to_be_visible()

    # Escape closes the list; Backspace in the empty box removes the last chip.
    box.fill("asth")
    expect(page.get_by_role("listbox")).to_be_visible()
    box.press("Escape")
    expect(page.get_by_role("listbox")).to_be_hidden()
    box.fill("")
    box.press("Backspace")
    expect(chips).to_have_text(["Multiple sclerosis×"])
    # A chip's own remove button, by its name.
    page.get_by_role("button", name="Remove Multiple sclerosis").click()
    expect(chips).to_have_count(0)

    # No more than the limit: the sixth is refused with a message.
    for term in ["asthma", "psoriasis", "migraine", "epilepsy", "lupus"]:
        box.fill(term)
        box.press("Enter")
    expect(chips).to_have_count(5)
    box.fill("copd")
    box.press("Enter")
    expect(
        page.get_by_text("You can pick up to 5 conditions: remove one first.")
    ).to_be_visible()
    expect(chips).to_have_count(5)
    shot(page, f"chips-{width}")

    # What the chips say is what the form sends.
    names = chips.locator("span").all_inner_texts()
    page.get_by_label("Title").fill("Which of these could explain joint pain?")
    page.get_by_label("Your question").fill(
        "Many diagnoses over the years, new pain now."
    )
    page.get_by_role("button", name="Post your question").click()
    expect(
        page.get_by_role("heading", name="Which of these could explain")
    ).to_be_visible()
    thread = Thread.objects.get(title__startswith="Which of these")
    assert sorted(c.name for c in thread.conditions.all()) == sorted(names)
    context.close()


def test_plain_checkboxes_without_javascript(live_server, browser, shot):
    member = factories.UserFactory(display_name="Plain Pipit")
    context = browser.new_context(viewport=VIEWPORT, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(member.username)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server.url}/ask/")
    expect(page.locator("#condition-typeahead")).to_be_hidden()
    expect(page.get_by_label("Multiple sclerosis")).to_be_visible()

    page.get_by_label("Title").fill("Is a cold-water swim safe with MS?")
    page.get_by_label("Your question").fill("Thinking of joining a club, any advice?")
    page.get_by_role("button", name="Post your question").click()
    # The message sits above the list, where the member is looking.
    error = page.get_by_role("alert").filter(has_text="Pick at least one condition.")
    expect(error).to_be_visible()
    assert (
        error.bounding_box()["y"]
        < page.locator(".condition-options").bounding_box()["y"]
    )
    # The title and text are kept.
    expect(page.get_by_label("Title")).to_have_value(
        "Is a cold-water swim safe with MS?"
    )
    shot(page, "no-js-error")

    page.get_by_label("Multiple sclerosis").check()
    page.get_by_role("button", name="Post your question").click()
    expect(
        page.get_by_role("heading", name="Is a cold-water swim safe with MS?")
    ).to_be_visible()
    thread = Thread.objects.get(title="Is a cold-water swim safe with MS?")
    assert [c.slug for c in thread.conditions.all()] == ["multiple-sclerosis"]
    context.close()
