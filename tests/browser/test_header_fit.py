"""The header fits at every common width for every role, in Chromium: no
sideways scrolling, nothing in the header sticking out of it, and the search
box's placeholder shown whole. Below the collapse width the menu is opened
and checked too."""

import pytest

from tests import factories
from tests.browser.conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [1280, 1024, 768, 390, 360]

MEASURE = """() => {
  const header = document.querySelector('.site-header .container');
  const limit = header.getBoundingClientRect();
  const out = [];
  for (const el of header.querySelectorAll('a, button, input, form, li, span')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if (r.right > limit.right + 0.5 || r.left < limit.left - 0.5) {
      out.push((el.innerText || el.placeholder || el.tagName).trim().slice(0, 40)
               + ' ' + Math.round(r.right - limit.right) + 'px');
    }
  }
  const input = header.querySelector('input[type=search]');
  let cut = null;
  if (input && input.getBoundingClientRect().width > 0) {
    const style = getComputedStyle(input);
    const ctx = document.createElement('canvas').getContext('2d');
    ctx.font = style.font;
    const text = ctx.measureText(input.placeholder).width;
    const room = input.clientWidth - parseFloat(style.paddingLeft)
                 - parseFloat(style.paddingRight);
    if (text > room + 0.5) {
      cut = input.placeholder + ' ' + Math.round(text - room) + 'px';
    }
  }
  return {outside: out, cut: cut, scroll: document.documentElement.scrollWidth};
}"""


def _people():
    return {
        "visitor": None,
        "patient": factories.UserFactory(display_name="Anxious Avocet"),
        "clinician": factories.ClinicianProfileFactory(
            user__display_name="Dr Philippa Longname-Kestrel"
        ).user,
        "moderator": factories.ModeratorFactory(display_name="Juniper the Moderator"),
    }


@pytest.mark.parametrize("language", ["en", "fr"])
def test_header_fits_at_every_width_for_every_role(live_server, browser, language):
    problems = []
    for role, user in _people().items():
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        if user is not None:
            page = context.new_page()
            page.goto(f"{live_server.url}/accounts/login/")
            page.get_by_label("Username or email").fill(user.username)
            page.get_by_label("Password").fill(factories.PASSWORD)
            page.get_by_role("button", name="Sign in").click()
            page.wait_for_url(f"{live_server.url}/")
            page.close()
        # French labels run longer ("Poser une question").
        context.add_cookies(
            [{"name": "django_language", "value": language, "url": live_server.url}]
        )
        for width in WIDTHS:
            page = context.new_page()
            page.set_viewport_size({"width": width, "height": 800})
            page.goto(f"{live_server.url}/")
            toggler = page.locator(".navbar-toggler")
            if toggler.is_visible():
                toggler.click()
                # Bootstrap adds "show" once the opening transition has ended.
                page.locator("#main-nav.show").wait_for()
            found = page.evaluate(MEASURE)
            if found["outside"] or found["cut"] or found["scroll"] > width:
                problems.append(f"{role} at {width}px ({language}): {found}")
            if width in (1280, 390):
                ARTIFACTS.mkdir(parents=True, exist_ok=True)
                page.locator(".site-header").screenshot(
                    path=str(ARTIFACTS / f"header-{role}-{width}-{language}.png")
                )
            page.close()
        context.close()
    assert not problems, "\n".join(problems)
