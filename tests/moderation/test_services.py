from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts import throttle
from accounts.backends import MemberBackend
from forum import services as forum_services
from forum.models import Thread, Visibility
from forum.permissions import can_post
from moderation import services
from moderation.models import Flag, ModerationEvent
from safety.models import WatchedWord
from tests import factories
from tests.factories import reply

pytestmark = pytest.mark.django_db


def _flaggers(n):
    return factories.UserFactory.create_batch(n)


def test_three_distinct_flags_hide_a_reply_and_fix_counters(thread, other_member):
    post = reply(thread, other_member)
    first, second, third = _flaggers(3)
    services.flag_create(post=post, reporter=first, reason="spam")
    services.flag_create(post=post, reporter=second, reason="harassment")
    post.refresh_from_db()
    assert post.visibility == Visibility.VISIBLE
    services.flag_create(post=post, reporter=third, reason="spam")
    post.refresh_from_db()
    thread.refresh_from_db()
    assert post.visibility == Visibility.HIDDEN
    assert thread.reply_count == 0
    last = ModerationEvent.objects.filter(action="post_flag").first()
    assert last.changes == {"visibility": ["visible", "hidden"]}


def test_same_member_cannot_flag_twice(thread, other_member, member):
    post = reply(thread, other_member)
    services.flag_create(post=post, reporter=member, reason="spam")
    with pytest.raises(ValidationError):
        services.flag_create(post=post, reporter=member, reason="spam")
    assert Flag.objects.count() == 1


def test_moderator_flag_hides_at_once(thread, other_member, moderator):
    post = reply(thread, other_member)
    services.flag_create(post=post, reporter=moderator, reason="misinformation")
    post.refresh_from_db()
    assert post.visibility == Visibility.HIDDEN


def test_cannot_flag_own_post_and_other_needs_note(thread, member, other_member):
    with pytest.raises(PermissionDenied):
        services.flag_create(
            post=thread.posts.get(is_question=True), reporter=member, reason="spam"
        )
    post = reply(thread, other_member)
    with pytest.raises(ValidationError):
        services.flag_create(post=post, reporter=member, reason="other", note=" ")
    assert not Flag.objects.exists()


def test_restore_dismisses_flags_and_counts_again(thread, other_member, moderator):
    post = reply(thread, other_member)
    for flagger in _flaggers(3):
        services.flag_create(post=post, reporter=flagger, reason="spam")
    services.post_restore(post=post, moderator=moderator, reason="Not spam")
    post.refresh_from_db()
    thread.refresh_from_db()
    assert post.visibility == Visibility.VISIBLE
    assert thread.reply_count == 1
    assert set(Flag.objects.values_list("state", flat=True)) == {"dismissed"}
    assert ModerationEvent.objects.count() == 4


def test_hiding_the_question_hides_the_thread(thread, moderator):
    question = thread.posts.get(is_question=True)
    services.post_hide(post=question, moderator=moderator, reason="Spam")
    thread.refresh_from_db()
    assert thread.visibility == Visibility.HIDDEN


def test_hide_requires_reason_and_moderator(thread, other_member, moderator, member):
    post = reply(thread, other_member)
    with pytest.raises(ValidationError):
        services.post_hide(post=post, moderator=moderator, reason="")
    with pytest.raises(PermissionDenied):
        services.post_hide(post=post, moderator=member, reason="I dislike it")
    post.refresh_from_db()
    assert post.visibility == Visibility.VISIBLE
    assert not ModerationEvent.objects.exists()


def test_hiding_clinician_answer_clears_the_mark(thread, clinician, moderator):
    post = reply(thread, clinician)
    services.post_hide(post=post, moderator=moderator, reason="Wrong thread")
    thread.refresh_from_db()
    assert not thread.has_clinician_answer


def test_premoderation_holds_first_posts_until_approved(settings, thread, moderator):
    settings.FORUM_PREMODERATION_POSTS = 2
    newcomer = factories.UserFactory()
    first = reply(thread, newcomer)
    second = reply(thread, newcomer)
    thread.refresh_from_db()
    assert (first.visibility, second.visibility) == ("pending", "pending")
    assert thread.reply_count == 0
    services.post_approve(post=first, moderator=moderator)
    services.post_approve(post=first, moderator=moderator)  # Double submit.
    services.post_approve(post=second, moderator=moderator)
    thread.refresh_from_db()
    assert thread.reply_count == 2
    assert reply(thread, newcomer).visibility == "visible"
    assert ModerationEvent.objects.filter(action="post_approve").count() == 2


def test_premoderated_question_is_a_pending_thread(settings, condition, moderator):
    settings.FORUM_PREMODERATION_POSTS = 2
    thread = factories.ThreadFactory(conditions=[condition])
    assert thread.visibility == Visibility.PENDING
    services.post_approve(post=thread.posts.get(is_question=True), moderator=moderator)
    thread.refresh_from_db()
    assert thread.visibility == Visibility.VISIBLE


def test_clinicians_and_moderators_skip_premoderation(
    settings, thread, clinician, moderator
):
    settings.FORUM_PREMODERATION_POSTS = 2
    assert reply(thread, clinician).visibility == "visible"
    assert reply(thread, moderator).visibility == "visible"


def test_watched_words_block_hold_and_flag(thread, other_member, moderator):
    services.watched_word_add(word="miracle cure", action="block", moderator=moderator)
    services.watched_word_add(
        word="dosage", action="require_approval", moderator=moderator
    )
    services.watched_word_add(word="buy", action="flag", moderator=moderator)
    with pytest.raises(ValidationError) as exc:
        reply(thread, other_member, body="This Miracle Cure works for everyone!")
    assert "miracle cure" in str(exc.value)
    held = reply(thread, other_member, body="What dosage do you all take per day?")
    assert held.visibility == "pending"
    flagged = reply(thread, other_member, body="Where can I buy these test strips?")
    assert flagged.visibility == "visible"
    assert Flag.objects.get(post=flagged).reporter is None
    # Whole words only: "buyer" is not "buy".
    clean = reply(thread, other_member, body="The buyer's guide was helpful to me.")
    assert not Flag.objects.filter(post=clean).exists()


def test_new_accounts_get_one_link_per_post(thread, other_member):
    with pytest.raises(ValidationError):
        reply(
            thread,
            other_member,
            body="See https://example.org/a and https://example.org/b please.",
        )
    assert thread.posts.count() == 1
    reply(thread, other_member, body="See https://example.org/a for details.")
    veteran = factories.UserFactory(date_joined=timezone.now() - timedelta(days=60))
    reply(thread, veteran, body="Both https://example.org/a and https://example.org/b.")


def test_suspension_blocks_posting_until_lifted(member, moderator, thread):
    sanction = services.user_suspend(
        user=member, moderator=moderator, reason="Cool off", duration=timedelta(days=2)
    )
    member = type(member).objects.get(pk=member.pk)
    assert not can_post(member)
    assert member.suspended_until == sanction.ends_at
    with pytest.raises(PermissionDenied):
        reply(thread, member)
    services.sanction_lift(sanction=sanction, moderator=moderator, reason="Appeal")
    member = type(member).objects.get(pk=member.pk)
    assert can_post(member)


def test_expired_suspension_ends_by_itself(member, moderator):
    sanction = services.user_suspend(
        user=member, moderator=moderator, reason="Short", duration=timedelta(hours=1)
    )
    type(sanction).objects.filter(pk=sanction.pk).update(
        ends_at=timezone.now() - timedelta(minutes=1)
    )
    assert can_post(type(member).objects.get(pk=member.pk))


def test_ban_ends_sessions_and_refuses_login(member, moderator):
    backend = MemberBackend()
    assert backend.get_user(member.pk) is not None
    services.user_ban(user=member, moderator=moderator, reason="Spam account")
    assert backend.get_user(member.pk) is None
    assert (
        backend.authenticate(
            None, username=member.username, password=factories.PASSWORD
        )
        is None
    )


def test_warning_is_taken_once(member, moderator):
    services.user_warn(user=member, moderator=moderator, reason="Be kind")
    assert [w.reason for w in services.warnings_take_unread(user=member)] == ["Be kind"]
    assert services.warnings_take_unread(user=member) == []


def test_moderators_cannot_sanction_admins_or_each_other(moderator, django_user_model):
    admin = django_user_model.objects.create_superuser(
        username="root", email="root@example.org", password="x", display_name="Root"
    )
    other_moderator = factories.UserFactory()
    other_moderator.groups.add(*moderator.groups.all())
    for target in (admin, other_moderator, moderator):
        with pytest.raises(PermissionDenied):
            services.user_warn(user=target, moderator=moderator, reason="No")
    services.user_warn(user=other_moderator, moderator=admin, reason="Admins may")


def test_lock_pin_retag_are_logged_once(thread, moderator):
    other = factories.ConditionFactory()
    services.thread_lock(thread=thread, moderator=moderator)
    services.thread_lock(thread=thread, moderator=moderator)
    services.thread_pin(thread=thread, moderator=moderator)
    services.thread_retag(thread=thread, moderator=moderator, conditions=[other])
    thread.refresh_from_db()
    assert thread.is_locked and thread.is_pinned
    assert list(thread.conditions.all()) == [other]
    actions = sorted(ModerationEvent.objects.values_list("action", flat=True))
    assert actions == ["thread_lock", "thread_pin", "thread_retag"]


def test_merge_moves_posts_and_keeps_counters_exact(moderator, condition):
    target = factories.ThreadFactory(conditions=[condition])
    source = factories.ThreadFactory()
    reply(target)
    reply(source)
    reply(source)
    services.thread_merge(source=source, target=target, moderator=moderator)
    target.refresh_from_db()
    source.refresh_from_db()
    assert source.visibility == Visibility.MERGED and source.merged_into == target
    assert target.posts.count() == 5
    assert target.posts.filter(is_question=True).count() == 1
    visible = target.posts.filter(is_question=False, visibility="visible").count()
    assert target.reply_count == visible == 4
    with pytest.raises(ValidationError):
        services.thread_merge(source=source, target=target, moderator=moderator)
    with pytest.raises(ValidationError):
        services.thread_merge(source=target, target=target, moderator=moderator)


def test_rate_limit_counts_in_the_shared_cache(settings, member):
    settings.FORUM_RATE_LIMITS = {"post": {"new": (2, 60), "member": (2, 60)}}
    throttle.action_hit(member, "post")
    throttle.action_hit(member, "post")
    with pytest.raises(throttle.RateLimited) as exc:
        throttle.action_hit(member, "post")
    assert 1 <= exc.value.retry_after <= 60
    throttle.action_hit(factories.UserFactory(), "post")  # Per member.


def test_watched_word_changes_apply_at_once(thread, other_member, moderator):
    reply(thread, other_member, body="Nothing to see in this ordinary reply.")
    watched = services.watched_word_add(
        word="ordinary", action="block", moderator=moderator
    )
    with pytest.raises(ValidationError):
        reply(thread, other_member, body="Another ordinary reply here, blocked.")
    services.watched_word_remove(watched=watched, moderator=moderator)
    reply(thread, other_member, body="Another ordinary reply here, allowed.")
    assert not WatchedWord.objects.exists()


def test_moderator_edit_requires_reason_and_is_logged(thread, other_member, moderator):
    post = reply(thread, other_member, body="Call me on 0612345678 any time.")
    with pytest.raises(ValidationError):
        forum_services.post_edit(
            post=post, editor=moderator, body="Call me any time, friends."
        )
    forum_services.post_edit(
        post=post,
        editor=moderator,
        body="[phone number removed by a moderator]",
        reason="Personal data",
    )
    event = ModerationEvent.objects.get(action="post_edit")
    assert event.subject == other_member
    assert "0612345678" in event.changes["source"][0]
    assert Thread.objects.get(pk=thread.pk).reply_count == 1


def test_approving_a_held_post_keeps_its_crisis_flag_open(settings, thread, moderator):
    settings.FORUM_PREMODERATION_POSTS = 2
    post = reply(thread, factories.UserFactory())
    services.flag_create_system(post=post, note="Crisis words", reason="self_harm")
    services.flag_create_system(post=post, note="Watched word: buy")
    services.post_approve(post=post, moderator=moderator)
    states = dict(Flag.objects.values_list("reason", "state"))
    assert states == {"self_harm": "open", "other": "dismissed"}
