"""Accessibility in a real browser (Chromium): axe-core finds no serious or
critical problem on any main page, the ask and reply forms work with the
keyboard alone, and the focused control is always visibly marked."""

from dataclasses import dataclass

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import Client
from playwright.sync_api import expect

from accounts.models import ConditionStatement
from forum import reviews, routing, services
from forum.models import Condition, Post, Thread
from moderation import services as moderation
from moderation.models import Flag, ModerationEvent
from tests import factories

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

DESKTOP = {"width": 1280, "height": 800}
BLOCKING_IMPACTS = {"serious", "critical"}


@dataclass(frozen=True)
class SitePage:
    name: str
    path: str
    user: object | None  # Signed in as this member; None: a visitor.


def build_site() -> list[SitePage]:
    """A small forum with every kind of content, and the main pages to visit
    (each with the member who would look at it)."""
    ms = Condition.objects.get(slug="multiple-sclerosis")
    ra = Condition.objects.get(slug="rheumatoid-arthritis")
    asker = factories.UserFactory(username="wren", display_name="Worried Wren")
    helper = factories.UserFactory(username="kit", display_name="Careful Kit")
    flagger = factories.UserFactory(username="juno", display_name="Juno Pines")
    moderator = factories.ModeratorFactory(username="mod", display_name="Mod Juniper")
    profile = factories.ClinicianProfileFactory(
        user__username="ada",
        user__display_name="Dr Ada",
        specialty="Neurology",
        bio="Neurologist with an interest in fatigue and sleep.",
    )
    profile.conditions.set([ms, ra])
    clinician = profile.user

    thread = factories.ThreadFactory(
        author=asker,
        title="Fatigue with both MS and RA: what helps?",
        body=(
            "Since my RA diagnosis my MS fatigue feels **worse**.\n\n"
            "> Quoted from my neurologist's letter\n\n"
            "- Sleep diary\n- Pacing\n\n"
            "A long link: https://example.org/"
            "a-very-long-path-without-any-spaces-that-could-overflow-a-phone"
        ),
        conditions=[ms, ra],
    )
    factories.reply(thread, helper, body="Pacing my day helped me a lot.")
    answer = factories.reply(
        thread,
        clinician,
        body=(
            "Fatigue is common in both conditions; keep a diary and review it "
            "with your team."
        ),
    )
    services.post_mark_helpful(post=answer, user=asker)
    services.thread_accept_answer(post=answer, user=asker)
    flagged = factories.reply(
        thread, helper, body="Stop your injections, turmeric tea is all you need."
    )
    moderation.flag_create(
        post=flagged,
        reporter=flagger,
        reason=Flag.Reason.MISINFORMATION,
        note="Telling people to stop their treatment.",
    )
    # Awaiting a clinician (for the inbox), and a log with a few events.
    waiting = factories.ThreadFactory(
        author=helper, title="Heat makes my legs heavy, is that usual?", conditions=[ms]
    )
    factories.reply(waiting, asker, body="Yes, a cool shower helps me.")
    locked = factories.ThreadFactory(
        author=asker, title="Morning stiffness that lasts for hours", conditions=[ra]
    )
    spam = factories.reply(locked, flagger, body="Buy cheap pills at my shop.")
    moderation.post_hide(post=spam, moderator=moderator, reason="Advertising.")
    moderation.thread_lock(thread=locked, moderator=moderator, reason="Resolved.")
    moderation.thread_pin(thread=thread, moderator=moderator, reason="Helpful.")
    moderation.user_warn(user=flagger, moderator=moderator, reason="No adverts.")
    # Trust and routing: a review, a disagreement with a source, a
    # correction, a lived-experience label, a claim and "me too".
    second = factories.ClinicianProfileFactory(
        user__username="ben", user__display_name="Nurse Ben", profession="nurse"
    ).user
    reviews.review_set(post=answer, clinician=second, verdict="reviewed")
    reviews.review_set(
        post=flagged,
        clinician=clinician,
        verdict="disagree",
        note="Stopping injections without your team can cause a relapse.",
        source_url="https://www.nhs.uk/conditions/multiple-sclerosis/",
    )
    reviews.correction_add(post=answer, author=second, text="Diaries help most.")
    ConditionStatement.objects.create(user=helper, condition=ms, relation="lives_with")
    routing.me_too_add(thread=waiting, user=asker)
    routing.claim(thread=waiting, user=clinician)
    assert Thread.objects.count() == 3
    hid = ModerationEvent.objects.get(action=ModerationEvent.Action.POST_HIDE)
    assert Post.objects.filter(thread=thread).count() == 4

    return [
        SitePage("home", "/", None),
        SitePage("home-member", "/", asker),
        SitePage("condition", ms.get_absolute_url(), asker),
        SitePage("conditions", "/conditions/", None),
        SitePage("thread", thread.get_absolute_url(), asker),
        SitePage("thread-visitor", thread.get_absolute_url(), None),
        SitePage("thread-moderator", thread.get_absolute_url(), moderator),
        SitePage("thread-locked-moderator", locked.get_absolute_url(), moderator),
        SitePage("thread-locked", locked.get_absolute_url(), asker),
        SitePage("ask", "/ask/", asker),
        SitePage("search", "/search/?q=fatigue", None),
        SitePage("profile-member", asker.get_absolute_url(), None),
        SitePage("profile-clinician", clinician.get_absolute_url(), None),
        SitePage("profile-moderator-view", flagger.get_absolute_url(), moderator),
        SitePage("clinician-inbox", "/inbox/", clinician),
        SitePage("clinician-inbox-all", "/inbox/?scope=all", clinician),
        SitePage("thread-clinician", thread.get_absolute_url(), clinician),
        SitePage("thread-waiting-asker", waiting.get_absolute_url(), helper),
        SitePage("thread-waiting-member", waiting.get_absolute_url(), asker),
        SitePage("review-form", f"/p/{flagged.pk}/review/", second),
        SitePage("rechecks", "/moderation/clinicians/rechecks/", moderator),
        SitePage("moderation-queue", "/moderation/", moderator),
        SitePage("moderation-urgent", "/moderation/?tab=urgent", moderator),
        SitePage("moderation-log", "/moderation/log/", moderator),
        SitePage("settings", "/accounts/settings/", asker),
        SitePage("two-factor-setup", "/accounts/two-factor/set-up/", asker),
        SitePage("notifications", "/notifications/", asker),
        SitePage("signup", "/accounts/signup/", None),
        SitePage("signin", "/accounts/login/", None),
        SitePage("crisis", "/support/crisis/", None),
        SitePage("privacy", "/privacy/", None),
        SitePage("statement-of-reasons", f"/moderation/decisions/{hid.pk}/", flagger),
        SitePage("appeals", "/moderation/appeals/", moderator),
        SitePage("transparency", "/transparency/", None),
        SitePage("report-content", "/report/", None),
        SitePage("notices", "/moderation/notices/", moderator),
    ]


def open_as(
    browser, live_server, user, viewport=DESKTOP, language="en", scheme="light"
):
    """A new browser context signed in as ``user`` (a visitor when None),
    reading the site in ``language`` with the system's colour ``scheme``."""
    context = browser.new_context(viewport=viewport, color_scheme=scheme)
    context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    if user is not None:
        client = Client()
        client.force_login(user)
        context.add_cookies(
            [
                {
                    "name": "sessionid",
                    "value": client.cookies["sessionid"].value,
                    "url": live_server.url,
                }
            ]
        )
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


def visit(page, live_server, site_page: SitePage) -> None:
    response = page.goto(f"{live_server.url}{site_page.path}")
    assert response is not None and response.ok, (site_page.name, response)


DUPLICATE_IDS = """() => {
  const seen = new Map();
  for (const el of document.querySelectorAll('[id]')) {
    seen.set(el.id, (seen.get(el.id) || 0) + 1);
  }
  return [...seen].filter(([, n]) => n > 1).map(([id]) => '#' + id);
}"""


def blocking_violations(page) -> list[str]:
    """Serious and critical axe-core violations, and duplicate ids (axe 4.12
    no longer reports those itself)."""
    results = Axe().run(page)
    found = []
    if duplicates := page.evaluate(DUPLICATE_IDS):
        found.append(f"duplicate-id (serious): {duplicates}")
    for violation in results.response["violations"]:
        if violation["impact"] not in BLOCKING_IMPACTS:
            continue
        targets = [" ".join(map(str, node["target"])) for node in violation["nodes"]]
        found.append(f"{violation['id']} ({violation['impact']}): {targets}")
    return found


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("language", ["en", "fr"])
def test_no_serious_or_critical_axe_violation_on_main_pages(
    live_server, browser, language, scheme
):
    site_pages = build_site()
    asker = next(p.user for p in site_pages if p.name == "ask")
    problems = {}
    contexts = {}

    def page_for(user):
        key = user.pk if user else None
        if key not in contexts:
            contexts[key] = open_as(
                browser, live_server, user, language=language, scheme=scheme
            )
        return contexts[key][1]

    for site_page in site_pages:
        page = page_for(site_page.user)
        visit(page, live_server, site_page)
        assert page.locator("html").get_attribute("lang") == language
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert (background == "rgb(17, 22, 24)") == (scheme == "dark"), background
        if found := blocking_violations(page):
            problems[f"{site_page.name} ({site_page.path})"] = found

    # Forms showing their errors.
    for name, path, user, field, value in (
        ("ask-errors", "/ask/", asker, "#id_title", "Tired"),
        ("signin-errors", "/accounts/login/", None, "#id_username", "nobody"),
        ("signup-errors", "/accounts/signup/", None, "#id_username", "x"),
    ):
        page = page_for(user)
        page.goto(f"{live_server.url}{path}")
        page.locator(field).fill(value)
        with page.expect_navigation():
            page.locator("main form button[type=submit]").last.click()
        errors = page.locator(".invalid-feedback, .alert-danger, .errorlist")
        assert errors.count(), f"{name}: no error shown"
        if found := blocking_violations(page):
            problems[f"{name} ({path})"] = found

    for context, _page in contexts.values():
        context.close()
    report = "\n".join(
        f"{name}:\n  " + "\n  ".join(found) for name, found in problems.items()
    )
    assert not problems, f"axe-core found serious/critical violations:\n{report}"


def test_no_sideways_scrolling_on_a_small_phone(live_server, browser):
    """Every main page fits a 360 px wide screen (long words and links wrap,
    tables scroll inside their own box)."""
    contexts = {}
    too_wide = {}
    for site_page in build_site():
        key = site_page.user.pk if site_page.user else None
        if key not in contexts:
            contexts[key] = open_as(
                browser, live_server, site_page.user, {"width": 360, "height": 740}
            )
        page = contexts[key][1]
        visit(page, live_server, site_page)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 360:
            too_wide[site_page.name] = width
    for context, _page in contexts.values():
        context.close()
    assert not too_wide, f"wider than a 360 px screen (scrollWidth): {too_wide}"


# Keyboard only ----------------------------------------------------------------


FOCUS_STYLE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const s = getComputedStyle(el);
  return {
    tag: el.tagName.toLowerCase(), id: el.id, name: el.getAttribute('name'),
    type: el.getAttribute('type'), text: (el.innerText || '').trim(),
    outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0,
    shadow: s.boxShadow !== 'none',
  };
}"""


def focused(page) -> dict:
    info = page.evaluate(FOCUS_STYLE)
    assert info is not None, "nothing has focus"
    assert info["outline"] or info["shadow"], f"focus is not visible on {info}"
    return info


def tab_to(page, match, *, limit=80, key="Tab") -> dict:
    """Press Tab until the focused element matches; check focus is visible on
    every stop on the way."""
    for _ in range(limit):
        page.keyboard.press(key)
        info = focused(page)
        if match(info):
            return info
    raise AssertionError(f"{key} never reached the element")


def test_ask_and_reply_with_keyboard_only(live_server, browser):
    ms = Condition.objects.get(slug="multiple-sclerosis")
    asker = factories.UserFactory(display_name="Keyboard Kay")
    context, page = open_as(browser, live_server, asker)

    # From the top of the home page to "Ask a question".
    page.goto(f"{live_server.url}/")
    tab_to(page, lambda i: i["tag"] == "a" and i["text"] == "Ask a question")
    page.keyboard.press("Enter")
    page.wait_for_url("**/ask/")

    # The title, the body, a condition (typed, picked with the arrows and
    # Enter in the chips picker), and the submit button.
    tab_to(page, lambda i: i["id"] == "id_title")
    page.keyboard.type("Fatigue after a relapse: how long did it last?")
    tab_to(page, lambda i: i["id"] == "id_body")
    page.keyboard.type("My relapse ended a month ago and I am still very tired.")
    # Shift+Tab goes back to the title, Tab forward again to the body.
    tab_to(page, lambda i: i["id"] == "id_title", key="Shift+Tab", limit=10)
    assert page.locator("#id_title").input_value().startswith("Fatigue after")
    tab_to(page, lambda i: i["id"] == "id_body", limit=10)
    tab_to(page, lambda i: i["id"] == "condition-typeahead", limit=10)
    page.keyboard.type("scler")
    options = page.get_by_role("listbox").get_by_role("option")
    expect(options.first).to_be_visible()
    names = options.all_inner_texts()
    assert ms.name in names
    for _ in range(names.index(ms.name)):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    chip = page.get_by_role("list", name="Selected conditions").get_by_role("listitem")
    expect(chip).to_have_text([f"{ms.name}×"])
    expect(page.get_by_text("1 selected")).to_be_visible()
    assert page.locator(f"input[name=conditions][value='{ms.pk}']").is_checked()
    info = tab_to(page, lambda i: i["tag"] == "button" and "Post" in i["text"])
    assert info["text"] == "Post your question"
    page.keyboard.press("Enter")
    page.wait_for_url("**/t/*/**")
    heading = page.get_by_role("heading", name="Fatigue after a relapse")
    expect(heading).to_be_visible()
    thread = Thread.objects.get(title__startswith="Fatigue after a relapse")
    assert list(thread.conditions.all()) == [ms]

    # The reply form on the thread page.
    tab_to(page, lambda i: i["tag"] == "textarea", limit=120)
    page.keyboard.type("Update: it slowly got better after six weeks of pacing.")
    tab_to(page, lambda i: i["tag"] == "button" and i["text"] == "Post reply")
    page.keyboard.press("Enter")
    page.get_by_text("Your reply is posted.").wait_for()
    assert thread.posts.filter(source__startswith="Update: it slowly").exists()
    context.close()
