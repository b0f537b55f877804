"""search.views and search_tags: the search page, similar questions, related."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from forum.models import Condition
from moderation import services as moderation_services
from search import query
from tests.factories import ConditionFactory, ThreadFactory, reply

pytestmark = pytest.mark.django_db

SEARCH = reverse("search:search")
SIMILAR = reverse("search:similar")


def _results(response):
    page = response.context["page_obj"]
    return [r.thread.pk for r in page.object_list] if page is not None else []


def test_search_page_without_query_asks_for_words(client):
    response = client.get(SEARCH)
    assert response.status_code == 200
    assert "Type one or more words" in response.content.decode()


def test_search_page_lists_highlighted_results(client, clinician):
    ms = Condition.objects.get(slug="multiple-sclerosis")
    thread = ThreadFactory(title="Cooling vests for summer", conditions=[ms])
    reply(thread, clinician, "Cooling vests <script>x</script> help many people.")
    response = client.get(SEARCH, {"q": "cooling"})
    html = response.content.decode()
    assert _results(response) == [thread.pk]
    assert "<mark>Cooling</mark>" in html
    assert "<script>x</script>" not in html
    assert "Answered by a clinician" in html
    assert "Multiple sclerosis" in html
    assert thread.get_absolute_url() in html


def test_search_page_says_when_nothing_matches(client, thread):
    response = client.get(SEARCH, {"q": "nonexistentword"})
    assert response.status_code == 200
    assert "No discussions match" in response.content.decode()


def test_search_page_filters(client, clinician):
    wanted = ConditionFactory()
    inside = ThreadFactory(title="Knee brace advice", conditions=[wanted])
    reply(inside, clinician, "A physiotherapist can fit one.")
    ThreadFactory(title="Knee brace shopping")
    response = client.get(
        SEARCH, {"q": "knee", "condition": wanted.slug, "answered": "on"}
    )
    assert _results(response) == [inside.pk]


def test_search_page_rejects_bad_dates(client, thread):
    response = client.get(
        SEARCH, {"q": "handle", "date_from": "2024-05-02", "date_to": "2024-05-01"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert _results(response) == []
    response = client.get(SEARCH, {"q": "handle", "date_from": "not-a-date"})
    assert "date_from" in response.context["form"].errors


def test_search_page_paginates(client):
    for n in range(23):
        ThreadFactory(title=f"Pagination probe thread {n}")
    first = client.get(SEARCH, {"q": "probe"})
    second = client.get(SEARCH, {"q": "probe", "page": 2})
    assert len(_results(first)) == 20
    assert len(_results(second)) == 3
    assert not set(_results(first)) & set(_results(second))
    assert "page=2" in first.content.decode()


def test_hidden_content_never_reaches_the_page_even_for_its_author(
    client, thread, other_member, moderator
):
    post = reply(thread, other_member, "Secret remedy with turmeric paste.")
    moderation_services.post_hide(post=post, moderator=moderator, reason="Unsafe")
    client.force_login(other_member)
    assert _results(client.get(SEARCH, {"q": "turmeric"})) == []
    for q in ["remedy", "handle", "secret or handle"]:
        response = client.get(SEARCH, {"q": q})
        assert "turmeric" not in response.content.decode().lower()


@pytest.mark.parametrize(
    "q", ['"', "AND(", "*", "-", "NEAR(", 'NEAR("a" b', "a OR OR", "\\", "'"]
)
def test_malformed_queries_never_fail(client, thread, q):
    response = client.get(SEARCH, {"q": q, "page": "x"})
    assert response.status_code == 200


def test_search_page_has_no_inline_script_or_style(client, thread):
    from tests.test_pages import _problems

    response = client.get(SEARCH, {"q": "handle"})
    assert _problems(response.content.decode()) == []


def test_header_search_box_on_every_page(client):
    html = client.get(reverse("forum:home"), {"q": "ignored"}).content.decode()
    assert f'action="{SEARCH}"' in html
    assert 'value="ignored"' not in html
    html = client.get(SEARCH, {"q": "echoed"}).content.decode()
    assert 'id="header-search-q" name="q" value="echoed"' in html


def _count_queries(client, params) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(SEARCH, params).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("signed_in", [False, True])
def test_search_page_runs_constant_queries(
    client, member, signed_in, django_assert_max_num_queries
):
    if signed_in:
        client.force_login(member)
    params = {"q": "budget", "condition": "multiple-sclerosis", "answered": ""}
    ms = Condition.objects.get(slug="multiple-sclerosis")

    def grow(n):
        for i in range(n):
            thread = ThreadFactory(
                title=f"Budget question {i}", conditions=[ms, ConditionFactory()]
            )
            reply(thread, body="Budget reply text.")

    grow(2)
    # Warm up the session first with another search: the first request may
    # load what later ones find cached (the signed-in member).
    _count_queries(client, {"q": "warm up"})
    small = _count_queries(client, params)
    grow(30)
    big = _count_queries(client, params)
    assert small == big
    with django_assert_max_num_queries(10 if signed_in else 6):
        client.get(SEARCH, params)


def test_similar_returns_json_for_visible_threads(client, member, moderator):
    visible = ThreadFactory(title="Fatigue after infusions of ocrelizumab")
    hidden = ThreadFactory(title="Fatigue after infusions, hidden one")
    moderation_services.post_hide(
        post=hidden.posts.get(is_question=True), moderator=moderator, reason="x"
    )
    response = client.get(SIMILAR, {"q": "infusions fatigue"})
    assert response.status_code == 200
    data = response.json()
    assert data["results"] == [
        {"title": visible.title, "url": visible.get_absolute_url(), "replies": 0}
    ]
    assert data["heading"]


def test_similar_needs_three_characters(client, thread):
    assert client.get(SIMILAR, {"q": "ha"}).json()["results"] == []
    assert client.get(SIMILAR).json()["results"] == []


def test_similar_returns_at_most_five(client):
    for n in range(8):
        ThreadFactory(title=f"Orthotics question {n}")
    assert len(client.get(SIMILAR, {"q": "orthotics"}).json()["results"]) == 5


def test_similar_rejects_post(client):
    assert client.post(SIMILAR, {"q": "abc"}).status_code == 405


def test_thread_page_shows_related_discussions(client, thread, condition, moderator):
    related = ThreadFactory(title="Related by condition", conditions=[condition])
    hidden = ThreadFactory(title="Hidden by a moderator", conditions=[condition])
    moderation_services.post_hide(
        post=hidden.posts.get(is_question=True), moderator=moderator, reason="x"
    )
    html = client.get(thread.get_absolute_url()).content.decode()
    assert "Related discussions" in html
    assert related.get_absolute_url() in html
    assert "Hidden by a moderator" not in html


def test_search_page_says_when_the_count_is_capped(client, monkeypatch):
    monkeypatch.setattr(query, "MAX_RESULTS", 3)
    for n in range(5):
        ThreadFactory(title=f"Capped probe thread {n}")
    response = client.get(SEARCH, {"q": "capped probe"})
    html = response.content.decode()
    assert len(_results(response)) == 3
    assert "More than 3 discussions match" in html
    assert "the 3 most recently active" in html
    assert html.count('class="search-summary"') == 1


def test_search_page_gives_the_exact_count_below_the_cap(client, monkeypatch):
    monkeypatch.setattr(query, "MAX_RESULTS", 3)
    for n in range(3):
        ThreadFactory(title=f"Exact probe thread {n}")
    html = client.get(SEARCH, {"q": "exact probe"}).content.decode()
    assert "3 discussions match" in html
    assert "More than" not in html


def test_pages_past_the_cap_show_the_last_page(client, monkeypatch):
    monkeypatch.setattr(query, "MAX_RESULTS", 22)
    for n in range(25):
        ThreadFactory(title=f"Deep paging probe {n}")
    first = client.get(SEARCH, {"q": "deep paging"})
    last = client.get(SEARCH, {"q": "deep paging", "page": 2})
    assert len(_results(first)) == 20
    assert len(_results(last)) == 2
    assert not set(_results(first)) & set(_results(last))
    for page in ("3", "50", "99999"):
        response = client.get(SEARCH, {"q": "deep paging", "page": page})
        assert response.status_code == 200
        assert response.context["page_obj"].number == 2
        assert _results(response) == _results(last)


def test_later_pages_run_the_same_queries_as_the_first(client):
    for n in range(45):
        ThreadFactory(title=f"Paging cost probe {n}")
    assert _count_queries(client, {"q": "probe"}) == _count_queries(
        client, {"q": "probe", "page": 3}
    )


def test_capped_count_is_translated(client, monkeypatch):
    monkeypatch.setattr(query, "MAX_RESULTS", 1)
    for n in range(2):
        ThreadFactory(title=f"Translated probe thread {n}")
    previous = translation.get_language()
    try:
        response = client.get(
            SEARCH, {"q": "translated probe"}, HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9"
        )
    finally:
        # The locale middleware leaves the request's language active.
        translation.activate(previous)
    assert "Plus de 1 discussions correspondent" in response.content.decode()


def test_results_come_before_the_folded_filters(client, thread):
    html = client.get(reverse("search:search"), {"q": "anything"}).content.decode()
    assert html.index('class="search-summary"') < html.index('class="search-filters')
    assert '<details class="search-filters side-card">' in html  # Folded.
    empty = client.get(reverse("search:search")).content.decode()
    assert '<details class="search-filters side-card" open>' in empty
