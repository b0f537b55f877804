"""The conditions directory, in Chromium: grouped by area with a jump list,
compact (measured page heights), no sideways scrolling on a phone."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width,most", [(1280, 3200), (390, 7200)])
def test_directory_is_grouped_and_compact(live_server, browser, shot, width, most):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/conditions/")
    areas = page.locator(".condition-area h2").all_inner_texts()
    assert len(areas) >= 8 and areas[0].startswith("Autoimmune and inflammatory")
    neuro = page.locator("#area-neurological")
    expect(neuro.get_by_role("link", name="Multiple sclerosis")).to_be_visible()
    assert page.locator(".condition-rows li").count() == 45
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < most, height  # Was 5,700 px (desktop) and 14,400 px (phone).
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.get_by_role("link", name="Neurological").first.click()
    page.wait_for_url("**#area-neurological")
    shot(page, f"directory-{width}")
    print(f"directory height at {width}px: {height}")
    context.close()
