"""Full-page screenshots of every main page on a desktop and a phone, in
English and French, light and dark, for a person to look at: ``make
screenshots`` writes them to test-artifacts/screenshots/ and runs axe-core
on each (no serious or critical violation allowed). Skipped in the normal
test run, which runs axe on desktop pages in both languages and schemes."""

import os
from pathlib import Path

import pytest

from tests.browser.test_accessibility import (
    blocking_violations,
    build_site,
    open_as,
    visit,
)

SCREENSHOTS = Path(os.environ.get("TEST_ARTIFACTS", "test-artifacts")) / "screenshots"
VIEWPORTS = {
    "desktop": {"width": 1280, "height": 800},
    "mobile": {"width": 390, "height": 844},
}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.screenshots,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(autouse=True)
def _only_when_asked(request):
    asked = "screenshots" in (request.config.getoption("markexpr") or "")
    if not (asked or os.environ.get("CARETHREAD_SCREENSHOTS")):
        pytest.skip("screenshots: run `make screenshots` (pytest -m screenshots)")


SCROLL_WIDTH = "document.documentElement.scrollWidth"
WIDER_THAN_VIEWPORT = """(width) => [...document.querySelectorAll('body *')]
  .filter(el => el.getBoundingClientRect().right > width + 0.5)
  .slice(0, 5)
  .map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
       + (el.className && typeof el.className === 'string'
          ? '.' + el.className.trim().split(/\\s+/).join('.') : ''))"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("language", ["en", "fr"])
def test_screenshots_of_main_pages(live_server, browser, language, scheme):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    site_pages = build_site()
    overflow = {}
    problems = {}
    for label, viewport in VIEWPORTS.items():
        contexts = {}
        for site_page in site_pages:
            key = site_page.user.pk if site_page.user else None
            if key not in contexts:
                contexts[key] = open_as(
                    browser,
                    live_server,
                    site_page.user,
                    viewport,
                    language=language,
                    scheme=scheme,
                )
            page = contexts[key][1]
            visit(page, live_server, site_page)
            name = f"{site_page.name}-{label}-{language}-{scheme}"
            page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
            if found := blocking_violations(page):
                problems[name] = found
            width = page.evaluate(SCROLL_WIDTH)
            if width > viewport["width"]:
                culprits = page.evaluate(WIDER_THAN_VIEWPORT, viewport["width"])
                overflow[f"{site_page.name}-{label}"] = (width, culprits)
        for context, _page in contexts.values():
            context.close()
    assert not overflow, f"pages wider than the screen (scrollWidth): {overflow}"
    assert not problems, f"axe-core serious/critical violations: {problems}"
