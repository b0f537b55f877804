import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forum import services
from forum.models import Post, PostRevision, Thread, Visibility
from notifications.models import Kind, Notification
from notifications.services import follow_thread
from tests import factories
from tests.factories import reply

pytestmark = pytest.mark.django_db


def test_thread_create_stores_question_rendered_and_tagged(member, condition):
    thread = services.thread_create(
        author=member,
        title="  Fatigue   after\u202e starting treatment?  ",
        body="Does **anyone** else feel tired <script>alert(1)</script>?",
        conditions=[condition],
    )
    question = Post.objects.get(thread=thread, is_question=True)
    assert thread.title == "Fatigue after starting treatment?"
    assert list(thread.conditions.all()) == [condition]
    assert "<strong>anyone</strong>" in question.html
    assert "<script>" not in question.html
    assert thread.reply_count == 0
    assert thread.last_activity_at == question.created_at


def test_reply_updates_count_and_last_activity(thread, other_member):
    first = reply(thread, other_member)
    second = reply(thread, other_member)
    thread.refresh_from_db()
    assert thread.reply_count == 2
    assert thread.last_activity_at == second.created_at
    assert first.created_at <= second.created_at


def test_reply_to_locked_thread_is_refused(thread, other_member):
    Thread.objects.filter(pk=thread.pk).update(is_locked=True)
    with pytest.raises(PermissionDenied):
        reply(thread, other_member)
    thread.refresh_from_db()
    assert thread.reply_count == 0
    assert thread.posts.count() == 1


def test_moderator_may_reply_to_locked_thread(thread, moderator):
    Thread.objects.filter(pk=thread.pk).update(is_locked=True)
    reply(thread, moderator)
    thread.refresh_from_db()
    assert thread.reply_count == 1


def test_reply_to_deleted_thread_is_refused(thread, other_member):
    Thread.objects.filter(pk=thread.pk).update(visibility=Visibility.DELETED)
    with pytest.raises(PermissionDenied):
        reply(thread, other_member)


def test_inactive_user_cannot_ask(member, condition):
    member.is_active = False
    member.save()
    with pytest.raises(PermissionDenied):
        services.thread_create(
            author=member,
            title="A perfectly fine title",
            body="A perfectly fine body text here.",
            conditions=[condition],
        )
    assert not Thread.objects.exists()


def test_edit_keeps_revision_and_marks_edited(thread, member):
    question = thread.posts.get(is_question=True)
    old_source, old_title = question.source, thread.title
    services.post_edit(
        post=question,
        editor=member,
        body="Updated: I now take it in the evening *instead*.",
        title="Fatigue in the evening after treatment",
    )
    question.refresh_from_db()
    thread.refresh_from_db()
    assert question.edited_at is not None
    assert "<em>instead</em>" in question.html
    assert thread.title == "Fatigue in the evening after treatment"
    revision = PostRevision.objects.get(post=question)
    assert (revision.source, revision.title) == (old_source, old_title)
    assert revision.editor == member


def test_edit_without_change_writes_no_revision(thread, member):
    question = thread.posts.get(is_question=True)
    services.post_edit(post=question, editor=member, body=question.source)
    question.refresh_from_db()
    assert question.edited_at is None
    assert not PostRevision.objects.exists()


def test_reply_title_is_ignored_on_edit(thread, other_member):
    post = reply(thread, other_member)
    services.post_edit(
        post=post,
        editor=other_member,
        body="A changed reply that is long enough.",
        title="Hijacked title for the thread",
    )
    thread.refresh_from_db()
    assert thread.title != "Hijacked title for the thread"


def test_editing_someone_elses_post_is_refused(thread, other_member):
    question = thread.posts.get(is_question=True)
    with pytest.raises(PermissionDenied):
        services.post_edit(
            post=question, editor=other_member, body="Vandalised body text here."
        )
    question.refresh_from_db()
    assert "Vandalised" not in question.source
    assert not PostRevision.objects.exists()


def test_moderator_may_edit_with_reason(thread, moderator):
    question = thread.posts.get(is_question=True)
    services.post_edit(
        post=question,
        editor=moderator,
        body="Removed a phone number from this question.",
        reason="personal data",
    )
    assert PostRevision.objects.get(post=question).reason == "personal data"


def test_delete_reply_leaves_placeholder_and_decrements(thread, other_member):
    first = reply(thread, other_member)
    reply(thread, other_member)
    services.post_delete(post=first, user=other_member)
    first.refresh_from_db()
    thread.refresh_from_db()
    assert first.visibility == Visibility.DELETED
    assert thread.reply_count == 1
    assert thread.posts.count() == 3  # Nothing is destroyed.


def test_delete_twice_is_refused_and_counts_once(thread, other_member):
    post = reply(thread, other_member)
    services.post_delete(post=post, user=other_member)
    with pytest.raises(PermissionDenied):
        services.post_delete(post=post, user=other_member)
    thread.refresh_from_db()
    assert thread.reply_count == 0


def test_deleting_question_deletes_thread(thread, member):
    services.post_delete(post=thread.posts.get(is_question=True), user=member)
    thread.refresh_from_db()
    assert thread.visibility == Visibility.DELETED


def test_deleting_someone_elses_post_is_refused(thread, other_member, moderator):
    question = thread.posts.get(is_question=True)
    for user in (other_member, moderator):
        with pytest.raises(PermissionDenied):
            services.post_delete(post=question, user=user)
    question.refresh_from_db()
    assert question.visibility == Visibility.VISIBLE


def test_counters_match_rows_after_mixed_activity(thread):
    authors = factories.UserFactory.create_batch(3)
    posts = [reply(thread, authors[i % 3]) for i in range(7)]
    services.post_delete(post=posts[2], user=authors[2])
    thread.refresh_from_db()
    visible = thread.posts.filter(is_question=False, visibility=Visibility.VISIBLE)
    assert thread.reply_count == visible.count() == 6
    assert thread.last_activity_at == posts[-1].created_at


# Helpful marks, accepted answers, clinician answers ----------------------------


def test_helpful_mark_once_per_member_and_withdrawable(thread, other_member, member):
    post = reply(thread, other_member)
    assert services.post_mark_helpful(post=post, user=member).helpful_count == 1
    assert services.post_mark_helpful(post=post, user=member).helpful_count == 1
    assert services.post_unmark_helpful(post=post, user=member).helpful_count == 0
    assert services.post_unmark_helpful(post=post, user=member).helpful_count == 0


def test_cannot_mark_own_post_or_the_question_helpful(thread, member, other_member):
    own = reply(thread, other_member)
    with pytest.raises(PermissionDenied):
        services.post_mark_helpful(post=own, user=other_member)
    with pytest.raises(PermissionDenied):
        services.post_mark_helpful(
            post=thread.posts.get(is_question=True), user=other_member
        )
    own.refresh_from_db()
    assert own.helpful_count == 0


def test_only_the_asker_accepts_and_acceptance_moves(thread, member, other_member):
    first = reply(thread, other_member)
    second = reply(thread, other_member)
    with pytest.raises(PermissionDenied):
        services.thread_accept_answer(post=first, user=other_member)
    services.thread_accept_answer(post=first, user=member)
    services.thread_accept_answer(post=second, user=member)
    thread.refresh_from_db()
    assert thread.accepted_post == second
    with pytest.raises(PermissionDenied):
        services.thread_unaccept_answer(thread=thread, user=other_member)
    services.thread_unaccept_answer(thread=thread, user=member)
    thread.refresh_from_db()
    assert thread.accepted_post is None


def test_cannot_accept_the_question_or_a_deleted_reply(thread, member, other_member):
    post = reply(thread, other_member)
    services.post_delete(post=post, user=other_member)
    for target in (thread.posts.get(is_question=True), post):
        with pytest.raises(PermissionDenied):
            services.thread_accept_answer(post=target, user=member)


def test_deleting_accepted_reply_clears_it(thread, member, other_member):
    post = reply(thread, other_member)
    services.thread_accept_answer(post=post, user=member)
    services.post_delete(post=post, user=other_member)
    thread.refresh_from_db()
    assert thread.accepted_post is None


def test_verified_clinician_reply_marks_thread_answered(
    thread, other_member, clinician
):
    reply(thread, other_member)
    thread.refresh_from_db()
    assert not thread.has_clinician_answer
    answer = reply(thread, clinician)
    thread.refresh_from_db()
    assert thread.has_clinician_answer
    services.post_delete(post=answer, user=clinician)
    thread.refresh_from_db()
    assert not thread.has_clinician_answer


def test_pending_clinician_reply_does_not_count(thread):
    applicant = factories.ClinicianProfileFactory(status="pending").user
    reply(thread, applicant)
    thread.refresh_from_db()
    assert not thread.has_clinician_answer


def test_locked_threads_leave_the_clinician_inbox(thread, clinician, condition):
    from forum import selectors

    clinician.clinician_profile.conditions.add(condition)
    assert list(selectors.thread_list_clinician_inbox(clinician=clinician)) == [thread]
    Thread.objects.filter(pk=thread.pk).update(is_locked=True)
    assert list(selectors.thread_list_clinician_inbox(clinician=clinician)) == []


def _queries_to_reply(thread, author, body="One more thing that helped me."):
    with CaptureQueriesContext(connection) as ctx:
        reply(thread, author, body)
    return [q["sql"] for q in ctx.captured_queries]


def test_reply_costs_the_same_queries_on_a_long_followed_thread(
    settings, member, condition
):
    repliers = factories.UserFactory.create_batch(3)
    for user in repliers:
        reply(factories.ThreadFactory(), user)
        reply(factories.ThreadFactory(), user)
    small = factories.ThreadFactory(author=member, conditions=[condition])
    long = factories.ThreadFactory(author=member, conditions=[condition])
    for follower in factories.UserFactory.create_batch(25):
        follow_thread(user=follower, thread=long)
    for n in range(40):
        reply(long, repliers[n % 2], f"Reply number {n} in a long thread.")
    # Screened as in production; the repliers have posts approved already.
    settings.FORUM_PREMODERATION_POSTS = 2
    # A member replying for the first time (follows afterwards), then again.
    first_small = _queries_to_reply(small, repliers[2])
    first_long = _queries_to_reply(long, repliers[2])
    again_small = _queries_to_reply(small, repliers[2])
    again_long = _queries_to_reply(long, repliers[2])
    assert len(first_long) == len(first_small)
    assert len(again_long) == len(again_small)
    # Savepoint, screening, thread lock, post, page-cache scopes, counter,
    # search text, follow, notifications, release.
    assert len(first_long) <= 10, first_long


def test_long_thread_reply_notifies_every_follower_once(member, condition):
    long = factories.ThreadFactory(author=member, conditions=[condition])
    followers = factories.UserFactory.create_batch(25)
    for follower in followers:
        follow_thread(user=follower, thread=long)
    gone = followers.pop()
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    author = factories.UserFactory()
    post = reply(long, author)
    notified = Notification.objects.filter(post=post).values_list(
        "recipient_id", "kind"
    )
    assert sorted(notified) == sorted((u.pk, Kind.REPLY) for u in [member, *followers])
