import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forum.models import Post, PostRevision, Thread, Visibility
from tests import factories
from tests.factories import reply

pytestmark = pytest.mark.django_db

VALID_BODY = "I was diagnosed last year and wonder how others cope with fatigue."


def test_home_lists_threads_sidebar_and_directory(client, thread, condition):
    reply(thread)
    response = client.get(reverse("forum:home"))
    html = response.content.decode()
    assert response.status_code == 200
    assert thread.title in html
    assert "Most commented" in html
    assert condition.get_absolute_url() in html
    assert "does not replace medical advice" in html


def test_home_hides_deleted_and_hidden_threads(client, member, condition):
    gone = factories.ThreadFactory(title="This one was deleted by author")
    hidden = factories.ThreadFactory(title="This one was hidden by moderator")
    Thread.objects.filter(pk=gone.pk).update(visibility=Visibility.DELETED)
    Thread.objects.filter(pk=hidden.pk).update(visibility=Visibility.HIDDEN)
    html = client.get(reverse("forum:home")).content.decode()
    assert gone.title not in html and hidden.title not in html


@pytest.mark.parametrize("sort", ["latest", "new", "top", "unanswered", "bogus"])
def test_every_sort_renders(client, thread, sort):
    response = client.get(reverse("forum:home"), {"sort": sort})
    assert response.status_code == 200


def test_unanswered_lists_only_threads_without_replies(client):
    answered = factories.ThreadFactory(title="Question that has an answer")
    lonely = factories.ThreadFactory(title="Question nobody answered yet")
    reply(answered)
    response = client.get(reverse("forum:home"), {"sort": "unanswered"})
    assert list(response.context["page_obj"].object_list) == [lonely]


def test_most_replies_sort_puts_busiest_first(client):
    quiet = factories.ThreadFactory(title="Quiet question with one reply")
    busy = factories.ThreadFactory(title="Busy question with three replies")
    reply(quiet)
    for _ in range(3):
        reply(busy)
    html = client.get(reverse("forum:home"), {"sort": "top"}).content.decode()
    assert html.index(busy.title) < html.index(quiet.title)


def test_condition_directory_counts_visible_threads(client, condition):
    factories.ThreadFactory(conditions=[condition])
    hidden = factories.ThreadFactory(conditions=[condition])
    Thread.objects.filter(pk=hidden.pk).update(visibility=Visibility.HIDDEN)
    response = client.get(reverse("forum:condition_list"))
    counted = {c.slug: c.thread_count for c in response.context["conditions"]}
    assert counted[condition.slug] == 1


def test_condition_page_lists_only_its_threads(client, condition):
    mine = factories.ThreadFactory(
        title="About the tested condition", conditions=[condition]
    )
    other = factories.ThreadFactory(title="About some other condition")
    html = client.get(condition.get_absolute_url()).content.decode()
    assert mine.title in html
    assert other.title not in html


def test_synonyms_shown_on_condition_page(client):
    ms = factories.ConditionFactory(slug="multiple-sclerosis")
    html = client.get(ms.get_absolute_url()).content.decode()
    assert "MS" in ms.synonyms and ms.synonyms in html


def test_unknown_condition_and_thread_are_404(client):
    assert client.get("/conditions/no-such-condition/").status_code == 404
    assert client.get(reverse("forum:thread_detail", args=[999999])).status_code == 404
    assert client.get(reverse("forum:post_detail", args=[999999])).status_code == 404


def test_thread_page_shows_question_replies_and_meta(client, thread, other_member):
    post = reply(thread, other_member, body="Gentle exercise helped me **a lot**.")
    html = client.get(thread.get_absolute_url()).content.decode()
    assert thread.title in html
    assert "<strong>a lot</strong>" in html
    assert other_member.display_name in html
    assert "1 reply" in html
    assert f'id="post-{post.pk}"' in html
    assert "Sign in" in html  # Visitors get a prompt, not a form.
    assert 'name="body"' not in html


@pytest.mark.parametrize("state", [Visibility.DELETED, Visibility.HIDDEN])
def test_removed_thread_is_404_for_others_but_not_author(
    client, thread, member, other_member, state
):
    Thread.objects.filter(pk=thread.pk).update(visibility=state)
    url = thread.get_absolute_url()
    assert client.get(url).status_code == 404
    client.force_login(other_member)
    assert client.get(url).status_code == 404
    question = thread.posts.get(is_question=True)
    assert client.get(question.get_absolute_url()).status_code == 404
    client.force_login(member)
    assert client.get(url).status_code == 200


def test_titles_and_names_are_escaped(client, condition):
    author = factories.UserFactory(display_name="<b>Bold</b>")
    thread = factories.ThreadFactory(
        author=author,
        title="<script>alert(1)</script> what now?",
        conditions=[condition],
    )
    for url in (
        thread.get_absolute_url(),
        reverse("forum:home"),
        author.get_absolute_url(),
    ):
        html = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "<b>Bold</b>" not in html


def test_replies_paginate_thirty_per_page_and_permalink_finds_page(client, thread):
    author = factories.UserFactory()
    posts = [
        reply(thread, author, body=f"Reply number {i} with enough text.")
        for i in range(31)
    ]
    page1 = client.get(thread.get_absolute_url())
    assert len(page1.context["page_obj"].object_list) == 30
    page2 = client.get(thread.get_absolute_url(), {"page": 2})
    assert [p.pk for p in page2.context["page_obj"].object_list] == [posts[-1].pk]
    response = client.get(posts[-1].get_absolute_url())
    assert response.status_code == 302
    assert response["Location"].endswith(f"?page=2#post-{posts[-1].pk}")
    first = client.get(posts[0].get_absolute_url())
    assert first["Location"].endswith(f"/t/{thread.pk}/#post-{posts[0].pk}")


# Asking ---------------------------------------------------------------------


def test_ask_requires_sign_in(client):
    response = client.get(reverse("forum:thread_create"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
    response = client.post(reverse("forum:thread_create"), {"title": "x" * 20})
    assert response.status_code == 302
    assert not Thread.objects.exists()


def test_ask_creates_thread_with_conditions(client, member):
    ms = factories.ConditionFactory(slug="multiple-sclerosis")
    ra = factories.ConditionFactory(slug="rheumatoid-arthritis")
    client.force_login(member)
    page = client.get(reverse("forum:thread_create")).content.decode()
    assert "Don&#x27;t include your real name" in page
    response = client.post(
        reverse("forum:thread_create"),
        {
            "title": "Fatigue with both MS and RA?",
            "body": VALID_BODY,
            "conditions": [ms.pk, ra.pk],
        },
    )
    thread = Thread.objects.get()
    assert response.status_code == 302
    assert response["Location"] == thread.get_absolute_url()
    assert set(thread.conditions.all()) == {ms, ra}
    assert thread.author == member
    followed = client.get(response["Location"]).content.decode()
    assert "Your question is posted." in followed


def test_ask_preselects_condition_from_query(client, member, condition):
    client.force_login(member)
    response = client.get(reverse("forum:thread_create"), {"condition": condition.slug})
    assert response.context["form"]["conditions"].initial == [condition.pk]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"title": "Too short"}, "title", "at least 10 characters"),
        ({"title": "x" * 151}, "title", "150 characters or fewer"),
        (
            {"title": "\u202e" * 11 + "abc"},
            "title",
            "at least 10",
        ),
        ({"body": "short body"}, "body", "at least 20 characters"),
        ({"body": "y" * 20_001}, "body", "Keep it under 20,000"),
        ({"conditions": []}, "conditions", "Pick at least one condition"),
        ({"conditions": "many"}, "conditions", "Pick at most 5 conditions"),
        ({"conditions": ["999999"]}, "conditions", "Select a valid choice"),
    ],
)
def test_invalid_question_shows_error_and_saves_nothing(
    client, member, data, field, message
):
    conditions = [factories.ConditionFactory() for _ in range(6)]
    payload = {
        "title": "A reasonable question title",
        "body": VALID_BODY,
        "conditions": [conditions[0].pk],
    }
    payload.update(data)
    if payload["conditions"] == "many":
        payload["conditions"] = [c.pk for c in conditions]
    client.force_login(member)
    response = client.post(reverse("forum:thread_create"), payload)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert message.split(" ")[0] in response.content.decode()
    assert not Thread.objects.exists() and not Post.objects.exists()


def test_unrenderable_body_gets_form_error_not_500(client, member, condition):
    client.force_login(member)
    response = client.post(
        reverse("forum:thread_create"),
        {
            "title": "Deeply nested quotes question",
            "body": ">" * 19_990 + " hello",
            "conditions": [condition.pk],
        },
    )
    # Either it renders (nesting is capped) or it gets a clear form error.
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert response.context["form"].errors["body"]
        assert not Thread.objects.exists()


# Replying ---------------------------------------------------------------------


def test_member_replies_and_lands_on_the_reply(client, thread, other_member):
    client.force_login(other_member)
    response = client.post(
        reverse("forum:post_create", args=[thread.pk]), {"body": VALID_BODY}
    )
    post = Post.objects.get(is_question=False)
    assert response.status_code == 302
    assert response["Location"] == post.get_absolute_url()
    thread.refresh_from_db()
    assert thread.reply_count == 1


def test_anonymous_reply_redirects_to_login_and_saves_nothing(client, thread):
    response = client.post(
        reverse("forum:post_create", args=[thread.pk]), {"body": VALID_BODY}
    )
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
    assert thread.posts.count() == 1


def test_reply_get_is_not_allowed(client, thread, other_member):
    client.force_login(other_member)
    assert client.get(reverse("forum:post_create", args=[thread.pk])).status_code == 405


def test_invalid_reply_rerenders_with_error(client, thread, other_member):
    client.force_login(other_member)
    response = client.post(
        reverse("forum:post_create", args=[thread.pk]), {"body": "meh"}
    )
    assert response.status_code == 400
    assert "at least 20 characters" in response.content.decode()
    assert thread.posts.count() == 1


def test_reply_to_locked_thread_is_403_with_explanation(client, thread, other_member):
    Thread.objects.filter(pk=thread.pk).update(is_locked=True)
    client.force_login(other_member)
    response = client.post(
        reverse("forum:post_create", args=[thread.pk]), {"body": VALID_BODY}
    )
    assert response.status_code == 403
    assert thread.posts.count() == 1
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "locked by a moderator" in page
    assert 'name="body"' not in page


def test_reply_to_deleted_thread_is_404(client, thread, other_member):
    Thread.objects.filter(pk=thread.pk).update(visibility=Visibility.DELETED)
    client.force_login(other_member)
    response = client.post(
        reverse("forum:post_create", args=[thread.pk]), {"body": VALID_BODY}
    )
    assert response.status_code == 404
    assert thread.posts.count() == 1


def test_posts_without_csrf_token_are_refused(thread, member, other_member, condition):
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(other_member)
    response = csrf_client.post(
        reverse("forum:post_create", args=[thread.pk]), {"body": VALID_BODY}
    )
    assert response.status_code == 403
    csrf_client.force_login(member)
    response = csrf_client.post(
        reverse("forum:thread_create"),
        {
            "title": "A reasonable question title",
            "body": VALID_BODY,
            "conditions": [condition.pk],
        },
    )
    assert response.status_code == 403
    assert Thread.objects.count() == 1 and Post.objects.count() == 1


# Editing and deleting ---------------------------------------------------------------


def test_author_edits_question_and_title(client, thread, member):
    question = thread.posts.get(is_question=True)
    client.force_login(member)
    url = reverse("forum:post_edit", args=[question.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {"title": "A better title for this question", "body": VALID_BODY + " Edited."},
    )
    assert response.status_code == 302
    thread.refresh_from_db()
    assert thread.title == "A better title for this question"
    assert PostRevision.objects.filter(post=question).count() == 1
    assert "edited" in client.get(thread.get_absolute_url()).content.decode()


def test_invalid_edit_changes_nothing(client, thread, member):
    question = thread.posts.get(is_question=True)
    client.force_login(member)
    response = client.post(
        reverse("forum:post_edit", args=[question.pk]),
        {"title": "short", "body": "tiny"},
    )
    assert response.status_code == 200
    question.refresh_from_db()
    assert question.edited_at is None and not PostRevision.objects.exists()


def test_editing_someone_elses_post_is_403(client, thread, other_member):
    question = thread.posts.get(is_question=True)
    client.force_login(other_member)
    url = reverse("forum:post_edit", args=[question.pk])
    assert client.get(url).status_code == 403
    assert (
        client.post(
            url, {"title": "Taken over by someone", "body": VALID_BODY}
        ).status_code
        == 403
    )
    question.refresh_from_db()
    assert question.edited_at is None


def test_anonymous_edit_and_delete_redirect_to_login(client, thread):
    question = thread.posts.get(is_question=True)
    for name in ("forum:post_edit", "forum:post_delete"):
        response = client.post(reverse(name, args=[question.pk]), {"body": VALID_BODY})
        assert response.status_code == 302
        assert reverse("accounts:login") in response["Location"]
    question.refresh_from_db()
    assert question.visibility == Visibility.VISIBLE and question.edited_at is None


def test_author_deletes_reply_placeholder_keeps_place(client, thread, other_member):
    first = reply(thread, other_member, body="First reply that will be deleted soon.")
    reply(thread, body="Second reply that stays where it is.")
    client.force_login(other_member)
    url = reverse("forum:post_delete", args=[first.pk])
    assert "Delete your reply?" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    client.logout()
    html = client.get(thread.get_absolute_url()).content.decode()
    assert "deleted by its author" in html
    assert "First reply that will be deleted" not in html
    assert html.index(f'id="post-{first.pk}"') < html.index("Second reply that stays")


def test_deleting_someone_elses_post_is_403(client, thread, other_member):
    question = thread.posts.get(is_question=True)
    client.force_login(other_member)
    assert (
        client.post(reverse("forum:post_delete", args=[question.pk])).status_code == 403
    )
    thread.refresh_from_db()
    assert thread.visibility == Visibility.VISIBLE


def test_author_deletes_question_and_thread_disappears(client, thread, member):
    question = thread.posts.get(is_question=True)
    client.force_login(member)
    response = client.post(reverse("forum:post_delete", args=[question.pk]))
    assert response["Location"] == reverse("forum:home")
    client.logout()
    assert client.get(thread.get_absolute_url()).status_code == 404


# Clinician badge ------------------------------------------------------------


def test_verified_clinician_reply_shows_badge_and_disclaimer(client, thread, clinician):
    reply(thread, clinician, body="In general, fatigue is common; ask your team.")
    html = client.get(thread.get_absolute_url()).content.decode()
    assert "Physician · Neurology · Verified" in html
    assert "not a consultation" in html


def test_badge_disappears_when_status_is_revoked(client, thread, clinician):
    reply(thread, clinician, body="In general, fatigue is common; ask your team.")
    clinician.clinician_profile.status = "revoked"
    clinician.clinician_profile.save()
    html = client.get(thread.get_absolute_url()).content.decode()
    assert "Verified" not in html
    assert clinician.display_name in html


# Query budgets ----------------------------------------------------------------


def _grow(threads: int, replies: int, condition):
    clinician = factories.ClinicianProfileFactory().user
    for _ in range(threads):
        thread = factories.ThreadFactory(
            conditions=[condition, factories.ConditionFactory()]
        )
        for j in range(replies):
            reply(thread, clinician if j % 2 else None)
    return thread


def _count_queries(client, url) -> int:
    cache.clear()  # Counted cold: no cached member, page or fragment.
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("signed_in", [False, True])
def test_main_pages_run_constant_queries(
    client, member, condition, signed_in, django_assert_max_num_queries
):
    if signed_in:
        client.force_login(member)

    def urls(thread):
        return [
            reverse("forum:home"),
            condition.get_absolute_url(),
            thread.get_absolute_url(),
            reverse("forum:condition_list"),
        ]

    small_thread = _grow(2, 2, condition)
    small = [_count_queries(client, u) for u in urls(small_thread)]
    big_thread = _grow(30, 12, condition)
    big = [_count_queries(client, u) for u in urls(big_thread)]
    assert small == big
    for url in urls(big_thread):
        # Cold. Signed in: session, member, the notification bell and follow
        # state; anonymous: the page's own reads (and, on a thread, its
        # conditions for the page-cache key, and its replies' lived-
        # experience labels).
        cache.clear()
        with django_assert_max_num_queries(15 if signed_in else 8):
            client.get(url)


@pytest.mark.parametrize(
    ("query", "slug"),
    [("MS", "multiple-sclerosis"), ("t1d", "type-1-diabetes"), ("asth", "asthma")],
)
def test_condition_directory_finds_by_name_or_synonym(client, query, slug):
    response = client.get(reverse("forum:condition_list"), {"q": query})
    slugs = [c.slug for c in response.context["conditions"]]
    assert slug in slugs
    assert len(slugs) < 10


def test_condition_directory_says_when_nothing_matches(client):
    response = client.get(reverse("forum:condition_list"), {"q": "<b>zzz</b>"})
    html = response.content.decode()
    assert "No condition matches" in html
    assert "&lt;b&gt;zzz&lt;/b&gt;" in html


def test_home_sidebar_lists_the_busiest_conditions_and_links_to_all(client):
    from forum.models import Condition

    names = ["Asthma", "Coeliac disease", "Epilepsy"]
    asthma, coeliac, eczema = (Condition.objects.get(name=n) for n in names)
    for _ in range(3):
        factories.ThreadFactory(conditions=[coeliac])
    factories.ThreadFactory(conditions=[asthma])
    hidden = factories.ThreadFactory(conditions=[eczema])
    Thread.objects.filter(pk=hidden.pk).update(visibility=Visibility.HIDDEN)
    response = client.get(reverse("forum:home"))
    listed = list(response.context["busiest_conditions"])
    assert listed[:2] == [coeliac, asthma]  # Busiest first.
    assert eczema not in listed  # Only a hidden thread: nothing to read there.
    assert all(c.thread_count > 0 for c in listed) and len(listed) <= 8
    html = response.content.decode()
    total = Condition.objects.count()
    assert f"All {total} conditions" in html
    assert f'href="{reverse("forum:condition_list")}"' in html


def test_the_welcome_banner_greets_visitors_only(client, member):
    welcome = "Hear from patients and verified clinicians"
    assert welcome in client.get(reverse("forum:home")).content.decode()
    client.force_login(member)
    assert welcome not in client.get(reverse("forum:home")).content.decode()


def test_directory_groups_conditions_by_area_and_filters_within(client):
    response = client.get(reverse("forum:condition_list"))
    groups = response.context["groups"]
    assert [key for key, _label, _m in groups][:2] == ["autoimmune", "neurological"]
    for key, _label, members in groups:
        assert members and all(c.category == key for c in members)
    assert sum(len(m) for _k, _l, m in groups) == len(response.context["conditions"])
    found = client.get(reverse("forum:condition_list"), {"q": "MS"}).context["groups"]
    names = [c.name for _k, _l, members in found for c in members]
    assert "Multiple sclerosis" in names and "Asthma" not in names
