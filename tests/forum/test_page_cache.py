"""Anonymous visitors get pages from the cache; every change shows at once,
hidden content never comes back from the cache, and nothing one person sees
is served to another."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import services as account_services
from accounts.models import ClinicianProfile
from core import pagecache
from forum import services as forum_services
from moderation import clinicians
from moderation import services as moderation_services
from tests import factories

pytestmark = pytest.mark.django_db


def fetch(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200, (url, response.status_code)
    return response


def cached_twice(url, **extra):
    """Fetch anonymously until the page comes from the cache; returns it."""
    fetch(Client(), url, **extra)
    response = fetch(Client(), url, **extra)
    assert response.get(pagecache.HEADER) == "hit", url
    return response.content.decode()


@pytest.fixture
def mod(db):
    user = factories.ModeratorFactory(display_name="Mod Alice")
    return user


@pytest.fixture
def asked(member, condition):
    return factories.ThreadFactory(
        author=member,
        conditions=[condition],
        title="Does anyone else get heat sensitivity?",
        body="Every summer my symptoms flare when it is hot.",
    )


def urls(thread, condition):
    return {
        "home": reverse("forum:home"),
        "condition": condition.get_absolute_url(),
        "thread": thread.get_absolute_url(),
        "directory": reverse("forum:condition_list"),
    }


def test_second_anonymous_request_is_served_from_the_cache(asked, condition):
    for url in urls(asked, condition).values():
        first = fetch(Client(), url)
        assert first[pagecache.HEADER] == "miss"
        second = fetch(Client(), url)
        assert second[pagecache.HEADER] == "hit"
        token = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"')
        assert token.sub(b"", first.content) == token.sub(b"", second.content)


def test_search_results_are_cached_and_follow_changes(asked):
    url = reverse("search:search") + "?q=heat"
    assert "Does anyone else get" in cached_twice(url)
    moderation_services.post_hide(
        post=asked.posts.get(is_question=True),
        moderator=_moderator(),
        reason="Off topic",
    )
    response = fetch(Client(), url)
    assert response[pagecache.HEADER] == "miss"
    assert "Does anyone else get" not in response.content.decode()


def _moderator():
    user = factories.ModeratorFactory()
    return user


def test_new_reply_shows_at_once_everywhere(asked, condition, other_member):
    pages = urls(asked, condition)
    for url in pages.values():
        cached_twice(url)
    factories.reply(asked, author=other_member, body="Cooling vests help me a lot.")
    thread_page = fetch(Client(), pages["thread"]).content.decode()
    assert "Cooling vests help me a lot." in thread_page
    assert "1 reply" in thread_page
    for name in ("home", "condition"):
        page = fetch(Client(), pages[name]).content.decode()
        assert re.search(r'class="count">1</span>', page), name


def test_hidden_reply_is_never_served_from_the_cache(asked, mod, other_member):
    post = factories.reply(asked, author=other_member, body="Call me on my mobile.")
    url = asked.get_absolute_url()
    assert "Call me on my mobile." in cached_twice(url)
    moderation_services.post_hide(post=post, moderator=mod, reason="Personal data")
    page = fetch(Client(), url).content.decode()
    assert "Call me on my mobile." not in page
    assert "This post was hidden by a moderator." in page
    # And it stays out on the next (cached) request too.
    again = fetch(Client(), url)
    assert again[pagecache.HEADER] == "hit"
    assert "Call me on my mobile." not in again.content.decode()


def test_hidden_question_leaves_every_cached_list(asked, condition, mod):
    neighbour = factories.ThreadFactory(
        conditions=[condition], title="Cold weather and stiffness"
    )
    pages = urls(asked, condition) | {"neighbour": neighbour.get_absolute_url()}
    del pages["directory"]  # Names conditions only.
    for url in pages.values():
        assert "heat sensitivity" in cached_twice(url)
    moderation_services.post_hide(
        post=asked.posts.get(is_question=True), moderator=mod, reason="Spam"
    )
    assert Client().get(pages.pop("thread")).status_code == 404
    for name, url in pages.items():
        assert "heat sensitivity" not in fetch(Client(), url).content.decode(), name


def test_lock_and_pin_show_at_once(asked, condition, mod):
    pages = urls(asked, condition)
    for url in pages.values():
        cached_twice(url)
    moderation_services.thread_lock(thread=asked, moderator=mod)
    moderation_services.thread_pin(thread=asked, moderator=mod)
    assert "This thread is locked by a moderator." in (
        fetch(Client(), pages["thread"]).content.decode()
    )
    for name in ("home", "condition"):
        page = fetch(Client(), pages[name]).content.decode()
        assert "Locked</span>" in page and "Pinned</span>" in page, name


def test_retag_moves_the_thread_between_cached_condition_pages(asked, condition, mod):
    other = factories.ConditionFactory(name="Lupus", slug="lupus-test")
    old_page, new_page = condition.get_absolute_url(), other.get_absolute_url()
    assert "heat sensitivity" in cached_twice(old_page)
    assert "heat sensitivity" not in cached_twice(new_page)
    assert "Lupus" not in cached_twice(asked.get_absolute_url())
    moderation_services.thread_retag(thread=asked, moderator=mod, conditions=[other])
    assert "heat sensitivity" not in fetch(Client(), old_page).content.decode()
    assert "heat sensitivity" in fetch(Client(), new_page).content.decode()
    assert "Lupus" in fetch(Client(), asked.get_absolute_url()).content.decode()


def test_related_discussions_follow_changes_to_other_threads(asked, condition, mod):
    neighbour = factories.ThreadFactory(
        conditions=[condition], title="Heat sensitivity at work"
    )
    url = asked.get_absolute_url()
    assert "Heat sensitivity at work" in cached_twice(url)
    moderation_services.post_hide(
        post=neighbour.posts.get(is_question=True), moderator=mod, reason="Spam"
    )
    assert "Heat sensitivity at work" not in fetch(Client(), url).content.decode()


def test_edits_helpful_marks_and_accepted_answers_show_at_once(
    asked, member, other_member
):
    answer = factories.reply(asked, author=other_member, body="Try a fan at night.")
    url = asked.get_absolute_url()
    cached_twice(url)
    forum_services.post_mark_helpful(post=answer, user=member)
    assert "1 found this helpful" in fetch(Client(), url).content.decode()
    cached_twice(url)
    forum_services.thread_accept_answer(post=answer, user=member)
    assert "Accepted answer" in fetch(Client(), url).content.decode()
    cached_twice(url)
    forum_services.post_edit(
        post=answer, editor=other_member, body="Try a cold shower at night."
    )
    page = fetch(Client(), url).content.decode()
    assert "Try a cold shower at night." in page
    assert "Try a fan at night." not in page


def test_question_title_edit_shows_in_cached_lists(asked, condition, member):
    pages = urls(asked, condition)
    for url in pages.values():
        cached_twice(url)
    forum_services.post_edit(
        post=asked.posts.get(is_question=True),
        editor=member,
        title="Heat intolerance in summer",
        body="Every summer my symptoms flare when it is hot.",
    )
    for name in ("home", "condition", "thread"):
        page = fetch(Client(), pages[name]).content.decode()
        assert "Heat intolerance in summer" in page, name


def test_revoked_clinician_loses_the_badge_on_cached_pages(asked, clinician, mod):
    factories.reply(asked, author=clinician, body="Stay hydrated and keep cool.")
    url = asked.get_absolute_url()
    assert "Verified" in cached_twice(url)
    clinicians.clinician_status_change(
        profile=clinician.clinician_profile,
        moderator=mod,
        status=ClinicianProfile.Status.REVOKED,
        reason="Licence lapsed",
    )
    page = fetch(Client(), url).content.decode()
    assert "Stay hydrated and keep cool." in page
    assert "badge-clinician" not in page


def test_new_display_name_shows_on_cached_pages(asked, condition, member):
    url = asked.get_absolute_url()
    assert member.display_name in cached_twice(url)
    account_services.member_settings_update(
        user=member, display_name="Summer Walker", email=member.email, bio=""
    )
    assert "Summer Walker" in fetch(Client(), url).content.decode()


def test_deleted_question_is_gone_from_the_cache(asked, condition, member):
    pages = urls(asked, condition)
    for url in pages.values():
        cached_twice(url)
    forum_services.post_delete(post=asked.posts.get(is_question=True), user=member)
    assert Client().get(pages["thread"]).status_code == 404
    assert "heat sensitivity" not in fetch(Client(), pages["home"]).content.decode()


def test_merge_shows_the_moved_posts_on_the_cached_target(asked, condition, mod):
    duplicate = factories.ThreadFactory(
        conditions=[condition],
        title="Heat makes my legs weak",
        body="My legs go weak in a hot bath.",
    )
    url = asked.get_absolute_url()
    cached_twice(url)
    moderation_services.thread_merge(source=duplicate, target=asked, moderator=mod)
    assert "My legs go weak in a hot bath." in fetch(Client(), url).content.decode()


def test_pending_posts_appear_for_the_public_once_approved(
    asked, mod, settings, other_member
):
    settings.FORUM_PREMODERATION_POSTS = 2
    post = factories.reply(asked, author=other_member, body="First post, held.")
    url = asked.get_absolute_url()
    assert "First post, held." not in cached_twice(url)
    moderation_services.post_approve(post=post, moderator=mod)
    assert "First post, held." in fetch(Client(), url).content.decode()


def test_signed_in_pages_are_never_cached_or_served_from_the_cache(
    asked, member, other_member
):
    url = asked.get_absolute_url()
    anonymous_page = cached_twice(url)
    client = Client()
    client.force_login(member)
    mine = client.get(url)
    assert pagecache.HEADER not in mine
    assert member.display_name in mine.content.decode()
    assert "Sign out" in mine.content.decode()
    assert "Sign out" not in anonymous_page
    # The member's page was not stored for anyone else.
    after = fetch(Client(), url)
    assert after[pagecache.HEADER] == "hit"
    assert "Sign out" not in after.content.decode()
    other = Client()
    other.force_login(other_member)
    theirs = other.get(url).content.decode()
    assert other_member.display_name in theirs
    assert "Sign out" in theirs


def test_a_visitor_with_a_waiting_message_gets_a_fresh_page(asked):
    leaving = factories.UserFactory()
    url = reverse("forum:home")
    cached_twice(url)
    client = Client()
    client.force_login(leaving)
    response = client.post(
        reverse("accounts:account_delete"),
        {"posts": "keep", "password": factories.PASSWORD},
    )
    assert response.status_code == 302
    # Signed out now, with a message waiting for the next page (in a cookie:
    # the session cookie is gone, as a browser drops an expired cookie).
    if not client.cookies["sessionid"].value:
        del client.cookies["sessionid"]
    page = client.get(url)
    assert pagecache.HEADER not in page
    assert "Your account is deleted. Take care." in page.content.decode()
    # The message is shown once, and that page was not stored.
    assert "Take care." not in fetch(Client(), url).content.decode()
    assert "Take care." not in fetch(client, url).content.decode()


def test_cached_page_carries_the_visitors_own_csrf_token(asked):
    url = asked.get_absolute_url()
    cached_twice(url)
    visitor = Client(enforce_csrf_checks=True)
    page = fetch(visitor, url)
    assert page[pagecache.HEADER] == "hit"
    token = re.search(
        r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()
    ).group(1)
    response = visitor.post(
        reverse("set_language"),
        {"language": "fr", "next": url, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    # Another visitor's token does not work for this one.
    stranger = Client(enforce_csrf_checks=True)
    stranger.get(reverse("forum:home"))
    refused = stranger.post(
        reverse("set_language"),
        {"language": "fr", "next": url, "csrfmiddlewaretoken": token},
    )
    assert refused.status_code == 403


def test_each_language_gets_its_own_cached_copy(asked):
    url = reverse("forum:home")
    assert "Latest" in cached_twice(url)
    french = fetch(Client(), url, HTTP_ACCEPT_LANGUAGE="fr")
    assert french[pagecache.HEADER] == "miss"
    assert 'lang="fr"' in french.content.decode()
    assert 'lang="fr"' in cached_twice(url, HTTP_ACCEPT_LANGUAGE="fr")
    assert 'lang="en"' in cached_twice(url)


def test_unknown_query_parameters_skip_the_cache(asked):
    url = reverse("forum:home") + "?utm_source=newsletter"
    for _ in range(2):
        assert pagecache.HEADER not in fetch(Client(), url)
    assert cached_twice(reverse("forum:home") + "?sort=new&page=1")


def test_page_cache_can_be_turned_off(asked, settings):
    settings.FORUM_PAGE_CACHE_SECONDS = 0
    for _ in range(2):
        assert pagecache.HEADER not in fetch(Client(), reverse("forum:home"))


def test_signed_in_lists_share_fragments_that_follow_changes(
    asked, condition, member, other_member, django_assert_max_num_queries
):
    reader = Client()
    reader.force_login(other_member)
    for url in (reverse("forum:home"), condition.get_absolute_url()):
        reader.get(url)
        # Rows, count and sidebar come from the cache: session, member, bell
        # and (on the condition page) the condition and the follow button.
        with django_assert_max_num_queries(5):
            page = reader.get(url).content.decode()
        assert 'class="count">0</span>' in page
    factories.reply(asked, author=member, body="Fans and cold drinks.")
    for url in (reverse("forum:home"), condition.get_absolute_url()):
        page = reader.get(url).content.decode()
        assert 'class="count">1</span>' in page
        # The member's own header is theirs, the shared list nobody's.
        assert other_member.display_name in page
        anonymous = fetch(Client(), url).content.decode()
        assert other_member.display_name not in anonymous
        assert 'class="count">1</span>' in anonymous


# Thread posts shared between ordinary readers ----------------------------------


@pytest.fixture
def discussed(asked, other_member):
    for n in range(3):
        factories.reply(asked, author=other_member, body=f"Reply number {n} here.")
    return asked


def _reader(user=None):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user or factories.UserFactory())
    return client


def test_ordinary_readers_share_the_rendered_posts(
    discussed, django_assert_max_num_queries
):
    url = discussed.get_absolute_url()
    first = _reader()
    with CaptureQueriesContext(connection) as cold:
        first.get(url)
    second = _reader()
    with CaptureQueriesContext(connection) as warm:
        page = second.get(url)
    # No question, replies, accepted answer or helpful-mark reads.
    assert len(warm) <= len(cold) - 3
    html = page.content.decode()
    assert "Reply number 2 here." in html
    # The helpful buttons work for this reader: their own CSRF token.
    token = re.search(
        r'action="/p/(\d+)/helpful/">\s*<input type="hidden" '
        r'name="csrfmiddlewaretoken" value="([^"]+)"',
        html,
    )
    assert token, "no helpful form on the shared posts"
    response = second.post(
        reverse("forum:post_helpful", args=[token.group(1)]),
        {"csrfmiddlewaretoken": token.group(2)},
    )
    assert response.status_code == 302
    assert "is-marked" in second.get(url).content.decode()
    assert "is-marked" not in _reader().get(url).content.decode()


def test_readers_with_a_stake_in_the_page_get_their_own_rendering(
    discussed, member, other_member, mod
):
    url = discussed.get_absolute_url()
    _reader().get(url)  # Stores the shared rendering.
    shared = _reader().get(url).content.decode()
    assert "Accept as answer" not in shared
    assert f"/p/{discussed.posts.last().pk}/edit/" not in shared
    # The replies' author can edit them, the asker accept them, a moderator hide.
    assert f"/p/{discussed.posts.last().pk}/edit/" in (
        _reader(other_member).get(url).content.decode()
    )
    assert "Accept as answer" in _reader(member).get(url).content.decode()
    assert 'value="hide"' in _reader(mod).get(url).content.decode()
    assert 'value="hide"' not in _reader().get(url).content.decode()


def test_a_reader_with_a_post_awaiting_review_sees_it(discussed, settings):
    url = discussed.get_absolute_url()
    _reader().get(url)
    settings.FORUM_PREMODERATION_POSTS = 5
    newcomer = factories.UserFactory()
    factories.reply(discussed, author=newcomer, body="My first post, held.")
    page = _reader(newcomer).get(url).content.decode()
    assert "My first post, held." in page
    assert "Awaiting review" in page
    assert "My first post, held." not in _reader().get(url).content.decode()


def test_shared_posts_follow_changes_at_once(discussed, member, other_member):
    url = discussed.get_absolute_url()
    _reader().get(url)
    reader = _reader()
    assert "Reply number 0 here." in reader.get(url).content.decode()
    factories.reply(discussed, author=member, body="A brand new reply.")
    assert "A brand new reply." in reader.get(url).content.decode()
    answer = discussed.posts.filter(author=other_member).first()
    forum_services.post_mark_helpful(post=answer, user=member)
    assert "Helpful · 1" in reader.get(url).content.decode()


def test_signed_in_search_reuses_shared_results_that_follow_changes(asked, member):
    url = reverse("search:search") + "?q=summer"
    reader = _reader()
    assert "Does anyone else get" in reader.get(url).content.decode()
    with CaptureQueriesContext(connection) as warm:
        again = reader.get(url).content.decode()
    assert "Does anyone else get" in again
    assert not [q["sql"] for q in warm.captured_queries if "search_thread" in q["sql"]]
    factories.ThreadFactory(
        author=member, title="Summer holidays with a pump", body="Summer tips?"
    )
    assert "holidays with a pump" in reader.get(url).content.decode()
