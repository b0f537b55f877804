"""Thread lists page by keyset: following "Next" visits every thread once,
in order, whatever the sort, and a deep page reads no more than the first."""

import html
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.pagination import cursor_at
from forum import selectors
from forum.models import Thread
from moderation import services as moderation_services
from tests import factories

pytestmark = pytest.mark.django_db

PER_PAGE = 3


@pytest.fixture(autouse=True)
def small_pages(settings):
    settings.FORUM_THREADS_PER_PAGE = PER_PAGE


@pytest.fixture
def forum(condition, moderator):
    """Threads with ties on every sort key: same activity time, same reply
    counts, some pinned, some answered, one in another condition."""
    other = factories.ConditionFactory()
    author = factories.UserFactory()
    threads = [
        factories.ThreadFactory(
            author=author, conditions=[condition if n != 4 else other]
        )
        for n in range(11)
    ]
    moment = timezone.now() - timedelta(days=1)
    for n, thread in enumerate(threads):
        for _ in range(n % 3):
            factories.reply(thread)
        Thread.objects.filter(pk=thread.pk).update(
            last_activity_at=moment if n % 2 else moment - timedelta(hours=n),
            created_at=moment - timedelta(minutes=n // 2),
        )
    for thread in threads[5:7]:
        moderation_services.thread_pin(thread=thread, moderator=moderator)
    return threads


def _titles(page: str) -> list[str]:
    found = re.findall(r'<h3 class="thread-title"><a href="/t/\d+/">([^<]*)</a>', page)
    return [html.unescape(t) for t in found]


def _link(page: str, rel: str) -> str | None:
    found = re.search(rf'<a class="page-link" href="([^"]*)" rel="{rel}">', page)
    return html.unescape(found.group(1)) if found else None


def _walk(client, url: str) -> tuple[list[str], list[str]]:
    """Titles in order following Next, then the page URLs visited."""
    titles, visited = [], [url]
    path = url.split("?")[0]
    while True:
        page = client.get(url).content.decode()
        titles += _titles(page)
        following = _link(page, "next")
        if following is None:
            return titles, visited
        url = path + following if following.startswith("?") else following
        visited.append(url)


@pytest.mark.parametrize("sort", list(selectors.SORTS))
@pytest.mark.parametrize("where", ["home", "condition"])
def test_next_links_visit_every_thread_once_in_order(forum, condition, sort, where):
    listed = selectors.thread_list_visible(
        sort=sort, condition=condition if where == "condition" else None
    )
    expected = [t.title for t in listed]
    base = reverse("forum:home") if where == "home" else condition.get_absolute_url()
    titles, visited = _walk(Client(), f"{base}?sort={sort}")
    assert titles == expected
    assert len(visited) == max(1, -(-len(expected) // PER_PAGE))
    # Every page after the first is a cursor, not an offset.
    assert all("after=" in url for url in visited[1:])


def test_previous_links_lead_back_to_the_same_pages(forum):
    client = Client()
    first = client.get(reverse("forum:home")).content.decode()
    second = client.get("/" + _link(first, "next")).content.decode()
    third = client.get("/" + _link(second, "next")).content.decode()
    back = client.get("/" + _link(third, "prev")).content.decode()
    assert _titles(back) == _titles(second)
    assert "Page 2 of 4" in back
    home = client.get("/" + _link(back, "prev")).content.decode()
    assert _titles(home) == _titles(first)
    assert _link(back, "prev") == "?"  # The first page has one address.


def test_page_numbers_still_work_and_match_the_cursor_pages(forum):
    client = Client()
    _titles_by_cursor, visited = _walk(client, reverse("forum:home"))
    for number, url in enumerate(visited, start=1):
        by_offset = client.get(reverse("forum:home"), {"page": number})
        assert _titles(by_offset.content.decode()) == _titles(
            client.get(url).content.decode()
        )


def test_a_hidden_thread_does_not_shift_the_next_page(forum, moderator):
    client = Client()
    first = client.get(reverse("forum:home")).content.decode()
    expected_next = _titles(client.get("/" + _link(first, "next")).content.decode())
    shown = Thread.objects.get(title=_titles(first)[0])
    moderation_services.post_hide(
        post=shown.posts.get(is_question=True), moderator=moderator, reason="Spam"
    )
    # Offset paging would now skip a thread; the cursor page is unchanged.
    assert _titles(client.get("/" + _link(first, "next")).content.decode()) == (
        expected_next
    )


@pytest.mark.parametrize(
    "query",
    [
        "after=garbage",
        "after=1.2",
        "after=7.1700000000000000.5",
        "after=" + "9" * 200,
        "before=-1.-1.-1&page=-4",
        "after=0.99999999999999999999999.1",
        "page=abc",
        "page=99999999999999999999",
    ],
)
def test_broken_cursors_and_pages_show_a_page_not_an_error(forum, query):
    response = Client().get(reverse("forum:home") + "?" + query)
    assert response.status_code == 200
    assert _titles(response.content.decode())


def test_a_cursor_past_the_end_says_so_and_links_back(forum):
    response = Client().get(reverse("forum:home") + "?after=0.0.0&page=3")
    page = response.content.decode()
    assert "Nothing more here" in page
    assert "Back to the first page" in page


def test_a_deep_page_reads_like_the_first(forum, settings):
    settings.FORUM_PAGE_CACHE_SECONDS = 0
    client = Client()
    _titles_seen, visited = _walk(client, reverse("forum:home"))

    def thread_queries(url):
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        return [
            q["sql"] for q in ctx.captured_queries if 'FROM "forum_thread"' in q["sql"]
        ]

    first, deep = thread_queries(visited[0]), thread_queries(visited[-1])
    assert len(first) == len(deep)
    assert not any("OFFSET" in sql for sql in deep)


def test_cursor_at_names_the_page_the_next_links_reach(forum):
    client = Client()
    _titles_seen, visited = _walk(client, reverse("forum:home"))
    listed = selectors.thread_list_visible(sort=selectors.DEFAULT_SORT)
    for number, url in enumerate(visited[1:], start=2):
        cursor = cursor_at(listed, (number - 1) * PER_PAGE)
        assert f"after={cursor}&" in url or url.endswith(f"after={cursor}")
    assert cursor_at(listed, 0) is None
