"""The ``seed_scale`` load-test data generator."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, Exists, Max, OuterRef, Q

from accounts.models import ClinicianProfile
from core import markup
from forum import services
from forum.models import Condition, HelpfulMark, Post, Thread, Visibility
from notifications.models import Follow
from search import index as search_index
from search.models import ThreadDocument
from tests import factories

User = get_user_model()
SMALL = {"users": 50, "threads": 200, "posts": 2000, "seed": 1}
TINY = {"users": 20, "threads": 60, "posts": 400, "bodies": 40}


def seed(**options) -> str:
    out = StringIO()
    call_command("seed_scale", stdout=out, **options)
    return out.getvalue()


def generated_threads():
    return Thread.objects.filter(author__username__startswith="scale-")


def snapshot() -> list[tuple]:
    return list(
        generated_threads()
        .order_by("created_at", "id")
        .values_list("title", "author__username", "reply_count", "visibility")
    )


@pytest.mark.django_db
def test_small_run_has_the_sizes_asked_for():
    output = seed(**SMALL)
    assert "Done." in output
    assert User.objects.filter(username__startswith="scale-").count() == 50
    assert generated_threads().count() == 200
    assert Post.objects.filter(thread__in=generated_threads()).count() == 2000
    assert not User.objects.filter(
        Q(username__startswith="scale-") & ~Q(email__endswith="@example.invalid")
    ).exists()
    # One shared hash, and it signs in.
    assert User.objects.values("password").distinct().count() == 1
    assert User.objects.first().check_password("carethread-scale")


@pytest.mark.django_db
def test_counters_match_what_the_services_would_keep():
    seed(**SMALL)
    visible = Q(posts__visibility=Visibility.VISIBLE)
    clinician_reply = Post.objects.filter(
        thread=OuterRef("pk"),
        is_question=False,
        visibility=Visibility.VISIBLE,
        author__clinician_profile__status=ClinicianProfile.Status.VERIFIED,
    )
    threads = generated_threads().annotate(
        visible_replies=Count("posts", filter=visible & Q(posts__is_question=False)),
        latest_visible=Max("posts__created_at", filter=visible),
        clinician_answered=Exists(clinician_reply),
    )
    for thread in threads:
        assert thread.reply_count == thread.visible_replies, thread.pk
        assert thread.has_clinician_answer == thread.clinician_answered, thread.pk
        if thread.visibility == Visibility.VISIBLE:
            assert thread.last_activity_at == thread.latest_visible, thread.pk
    for post in Post.objects.annotate(marks=Count("helpful_marks")):
        assert post.helpful_count == post.marks, post.pk
        assert post.updated_at == post.created_at, post.pk
    assert HelpfulMark.objects.exists()
    assert threads.filter(has_clinician_answer=True).exists()
    assert threads.filter(has_clinician_answer=False, reply_count__gt=0).exists()
    for thread in threads.exclude(accepted_post=None).select_related("accepted_post"):
        accepted = thread.accepted_post
        assert accepted.thread_id == thread.pk
        assert not accepted.is_question
        assert accepted.visibility == Visibility.VISIBLE


@pytest.mark.django_db
def test_question_visibility_matches_its_thread():
    seed(**TINY)
    mismatched = Post.objects.filter(is_question=True).exclude(
        visibility=OuterRef("visibility")
    )
    assert (
        not generated_threads()
        .filter(Exists(mismatched.filter(thread=OuterRef("pk"))))
        .exists()
    )
    assert all(
        t.posts.filter(is_question=True).count() == 1 for t in generated_threads()
    )
    # Nothing can be said in a thread still awaiting approval.
    assert not Post.objects.filter(
        thread__visibility=Visibility.PENDING, is_question=False
    ).exists()


@pytest.mark.django_db
def test_every_stored_html_is_the_rendering_of_its_source():
    seed(**TINY)
    pairs = Post.objects.order_by().values_list("source", "html").distinct()
    assert 1 < len(pairs) <= 40
    for source, html in pairs:
        assert 300 <= len(source) <= 1500
        assert html == markup.render(source)


@pytest.mark.django_db
def test_visibility_mix_and_roles():
    seed(**SMALL)
    thread_states = set(generated_threads().values_list("visibility", flat=True))
    assert {Visibility.VISIBLE, Visibility.PENDING, Visibility.HIDDEN} <= thread_states
    reply_states = set(
        Post.objects.filter(is_question=False).values_list("visibility", flat=True)
    )
    assert {
        Visibility.VISIBLE,
        Visibility.PENDING,
        Visibility.HIDDEN,
        Visibility.DELETED,
    } <= reply_states
    assert Post.objects.filter(visibility=Visibility.VISIBLE).count() > 1800
    verified = ClinicianProfile.objects.filter(status=ClinicianProfile.Status.VERIFIED)
    assert verified.exists()
    assert all(p.conditions.exists() for p in verified)
    # Popularity is skewed: the busiest condition has several times the median.
    per_condition = sorted(
        Condition.objects.annotate(n=Count("threads")).values_list("n", flat=True)
    )
    assert per_condition[-1] >= 4 * max(1, per_condition[len(per_condition) // 2])
    # Replies per thread are heavy-tailed.
    counts = sorted(generated_threads().values_list("reply_count", flat=True))
    assert counts[-1] >= 5 * max(1, counts[len(counts) // 2])


@pytest.mark.django_db
def test_search_index_and_follows_are_filled_like_the_services_do():
    seed(**TINY)
    visible = generated_threads().filter(visibility=Visibility.VISIBLE)
    assert ThreadDocument.objects.count() == visible.count()
    for thread in visible.order_by("pk")[:15]:
        before = ThreadDocument.objects.values("title", "terms", "body").get(
            thread=thread
        )
        search_index.thread_reindex(thread.pk)
        after = ThreadDocument.objects.values("title", "terms", "body").get(
            thread=thread
        )
        assert before == after
    # Everyone who published in a thread follows it.
    for thread in visible.order_by("pk")[:15]:
        authors = set(
            thread.posts.exclude(visibility=Visibility.PENDING).values_list(
                "author_id", flat=True
            )
        )
        followers = set(
            Follow.objects.filter(thread=thread).values_list("user_id", flat=True)
        )
        assert followers == authors


@pytest.mark.django_db
def test_same_seed_gives_the_same_forum():
    seed(seed=7, **TINY)
    first = snapshot()
    seed(seed=7, clear=True, **TINY)
    assert snapshot() == first
    seed(seed=8, clear=True, **TINY)
    assert snapshot() != first


@pytest.mark.django_db
def test_refuses_to_add_a_second_generation_without_clear():
    seed(**TINY)
    with pytest.raises(CommandError, match="--clear"):
        seed(**TINY)


@pytest.mark.django_db
def test_clear_removes_generated_data_and_recounts_other_threads(member, condition):
    thread = factories.ThreadFactory(author=member, conditions=[condition])
    seed(**TINY)
    outsider = User.objects.filter(username__startswith="scale-").first()
    services.post_create(
        thread=thread, author=outsider, body="A generated member's reply."
    )
    thread.refresh_from_db()
    assert thread.reply_count == 1

    seed(clear=True, users=10, threads=1, posts=1, bodies=2)

    thread.refresh_from_db()
    assert thread.reply_count == 0
    assert thread.posts.count() == 1
    assert User.objects.filter(username__startswith="scale-").count() == 10
    assert generated_threads().count() == 1
    assert Thread.objects.count() == 2
