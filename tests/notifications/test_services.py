import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forum import services as forum_services
from forum.models import Visibility
from moderation import services as moderation_services
from notifications import emails, selectors, services
from notifications.models import Follow, Frequency, Kind, Notification
from tests import factories
from tests.factories import reply

pytestmark = pytest.mark.django_db


def _kinds(user):
    return sorted(
        Notification.objects.filter(recipient=user).values_list("kind", flat=True)
    )


def test_asking_follows_the_thread(thread, member):
    assert Follow.objects.filter(user=member, thread=thread).exists()


def test_replying_follows_the_thread(thread, other_member):
    reply(thread, other_member)
    assert Follow.objects.filter(user=other_member, thread=thread).count() == 1
    reply(thread, other_member)
    assert Follow.objects.filter(user=other_member, thread=thread).count() == 1


def test_reply_notifies_followers_but_not_its_author(thread, member, other_member):
    reply(thread, other_member)
    assert _kinds(member) == [Kind.REPLY]
    assert _kinds(other_member) == []
    reply(thread, member)
    assert _kinds(other_member) == [Kind.REPLY]
    assert _kinds(member) == [Kind.REPLY]  # Not about their own reply.


def test_unfollowed_thread_sends_nothing(thread, member, other_member):
    services.unfollow_thread(user=member, thread=thread)
    reply(thread, other_member)
    assert _kinds(member) == []


def test_following_twice_keeps_one_follow(thread, other_member):
    services.follow_thread(user=other_member, thread=thread)
    services.follow_thread(user=other_member, thread=thread)
    assert Follow.objects.filter(user=other_member, thread=thread).count() == 1


def test_anonymous_and_hidden_threads_cannot_be_followed(thread, other_member):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        services.follow_thread(user=AnonymousUser(), thread=thread)
    thread.visibility = Visibility.HIDDEN
    thread.save(update_fields=["visibility"])
    with pytest.raises(PermissionDenied):
        services.follow_thread(user=other_member, thread=thread)


def test_new_question_notifies_condition_followers_once(
    condition, member, other_member
):
    second = factories.ConditionFactory()
    services.follow_condition(user=other_member, condition=condition)
    services.follow_condition(user=other_member, condition=second)
    services.follow_condition(user=member, condition=condition)
    factories.ThreadFactory(author=member, conditions=[condition, second])
    assert _kinds(other_member) == [Kind.NEW_THREAD]
    assert _kinds(member) == []


def test_pending_question_notifies_only_once_approved(
    settings, condition, other_member, moderator
):
    services.follow_condition(user=other_member, condition=condition)
    settings.FORUM_PREMODERATION_POSTS = 2
    thread = factories.ThreadFactory(conditions=[condition])
    assert _kinds(other_member) == []
    moderation_services.post_approve(
        post=thread.posts.get(is_question=True), moderator=moderator
    )
    assert _kinds(other_member) == [Kind.NEW_THREAD]


def test_pending_reply_notifies_nobody_until_approved(
    settings, thread, member, moderator
):
    settings.FORUM_PREMODERATION_POSTS = 2
    post = reply(thread)
    assert post.visibility == Visibility.PENDING
    assert _kinds(member) == []
    moderation_services.post_approve(post=post, moderator=moderator)
    assert Kind.REPLY in _kinds(member)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("Dr. Jo O'Neil-Smith", "Thanks @dr. jo o'neil-smith, that helped."),
        ("Ann Lee", "@Ann Lee: what dose did you start on?"),
        ("zoé", "Merci @Zoé!"),
    ],
)
def test_mention_finds_display_names_with_spaces_and_punctuation(thread, name, text):
    mentioned = factories.UserFactory(display_name=name)
    reply(thread, body=text)
    assert _kinds(mentioned) == [Kind.MENTION]


def test_mention_prefers_the_longest_existing_display_name(thread):
    short = factories.UserFactory(display_name="Ann")
    long = factories.UserFactory(display_name="Ann Lee")
    reply(thread, body="As @Ann Lee said, rest helps.")
    assert _kinds(long) == [Kind.MENTION]
    assert _kinds(short) == []


def test_mention_needs_a_word_boundary_and_ignores_emails(thread):
    ann = factories.UserFactory(display_name="Ann")
    reply(thread, body="Ask @Annabel or write to x@Ann please.")
    assert _kinds(ann) == []


def test_mentioning_oneself_notifies_nobody(thread, other_member):
    reply(thread, other_member, body=f"I am @{other_member.display_name} here.")
    assert _kinds(other_member) == []


def test_mentioned_follower_gets_one_mention_not_a_reply_too(thread, member):
    reply(thread, body=f"@{member.display_name} did this help?")
    assert _kinds(member) == [Kind.MENTION]


def test_accepted_answer_notifies_the_replier(thread, member, other_member):
    post = reply(thread, other_member)
    forum_services.thread_accept_answer(post=post, user=member)
    assert Kind.ACCEPTED in _kinds(other_member)


def test_accepting_ones_own_reply_notifies_nobody(thread, member):
    post = reply(thread, member)
    forum_services.thread_accept_answer(post=post, user=member)
    assert _kinds(member) == []


def test_helpful_mark_notifies_the_author_with_the_marker_as_actor(
    thread, member, other_member
):
    post = reply(thread, other_member)
    forum_services.post_mark_helpful(post=post, user=member)
    notification = Notification.objects.get(recipient=other_member, kind=Kind.HELPFUL)
    assert notification.actor == member
    assert member.display_name in notification.summary()


def test_moderator_hiding_a_reply_notifies_its_author_with_the_statement_link(
    thread, other_member, moderator
):
    post = reply(thread, other_member)
    moderation_services.post_hide(post=post, moderator=moderator, reason="Spam link")
    notification = Notification.objects.get(
        recipient=other_member, kind=Kind.MODERATION
    )
    assert notification.event.reason == "Spam link"
    # It leads to the statement of reasons, where the author may appeal (the
    # hidden reply itself is not public).
    assert notification.target_url == reverse(
        "moderation:decision", args=[notification.event_id]
    )
    assert notification.email_state == Notification.EmailState.SKIPPED


def test_flags_never_notify_the_author(thread, other_member, member):
    from moderation.models import Flag

    post = reply(thread, other_member)
    moderation_services.flag_create(post=post, reporter=member, reason=Flag.Reason.SPAM)
    assert _kinds(other_member) == []


def test_notifications_about_hidden_content_disappear_from_list_and_count(
    thread, member, other_member, moderator
):
    post = reply(thread, other_member)
    assert selectors.notification_unread_count(user=member) == 1
    moderation_services.post_hide(post=post, moderator=moderator, reason="Off topic")
    assert selectors.notification_unread_count(user=member) == 0
    assert list(selectors.notification_list(user=member)) == []


def test_mark_read_refuses_someone_elses_notification(thread, member, other_member):
    reply(thread, other_member)
    notification = Notification.objects.get(recipient=member)
    with pytest.raises(PermissionDenied):
        services.notification_mark_read(notification=notification, user=other_member)
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_read_clears_the_count(thread, member):
    reply(thread)
    reply(thread)
    assert selectors.notification_unread_count(user=member) == 2
    assert services.notification_mark_all_read(user=member) == 2
    assert selectors.notification_unread_count(user=member) == 0


def test_opening_a_thread_marks_seen_and_reads_its_notifications(thread, member):
    other_thread = factories.ThreadFactory(author=member)
    reply(thread)
    reply(other_thread)
    follows = selectors.follow_list_threads(user=member)
    assert {f.thread_id: f.unread for f in follows} == {
        thread.pk: 1,
        other_thread.pk: 1,
    }
    assert services.thread_mark_seen(user=member, thread=thread) is True
    follows = selectors.follow_list_threads(user=member)
    assert {f.thread_id: f.unread for f in follows} == {
        thread.pk: 0,
        other_thread.pk: 1,
    }
    assert selectors.notification_unread_count(user=member) == 1


def test_unread_count_ignores_hidden_replies_and_ones_own(thread, member, moderator):
    reply(thread, member)
    hidden = reply(thread)
    moderation_services.post_hide(post=hidden, moderator=moderator, reason="Spam")
    reply(thread)
    follow = selectors.follow_list_threads(user=member).get()
    assert follow.unread == 1


def test_preferences_default_and_save(member):
    assert services.preference_frequencies(user=member)[Kind.REPLY] == (
        Frequency.IMMEDIATELY
    )
    services.preferences_set(user=member, frequencies={Kind.REPLY: Frequency.DAILY})
    assert services.preference_frequencies(user=member)[Kind.REPLY] == Frequency.DAILY
    with pytest.raises(ValidationError):
        services.preferences_set(user=member, frequencies={Kind.REPLY: "hourly"})


def test_unsubscribe_token_turns_off_only_its_kinds(member):
    token = emails.unsubscribe_token(user=member, kinds=[Kind.REPLY])
    services.unsubscribe(token=token)
    frequencies = services.preference_frequencies(user=member)
    assert frequencies[Kind.REPLY] == Frequency.NEVER
    assert frequencies[Kind.MENTION] == Frequency.IMMEDIATELY


@pytest.mark.parametrize("mangle", [lambda t: t[:-2] + "xx", lambda t: "x" + t])
def test_forged_unsubscribe_token_is_refused_and_changes_nothing(member, mangle):
    token = emails.unsubscribe_token(user=member, kinds=[Kind.REPLY])
    with pytest.raises(ValidationError):
        services.unsubscribe(token=mangle(token))
    assert services.preference_frequencies(user=member)[Kind.REPLY] == (
        Frequency.IMMEDIATELY
    )


def test_token_signed_for_another_purpose_is_refused(member):
    from django.core import signing

    token = signing.dumps({"u": member.pk, "k": [Kind.REPLY]}, salt="other")
    with pytest.raises(ValidationError):
        services.unsubscribe(token=token)


def _writes(ctx):
    return [
        q["sql"]
        for q in ctx.captured_queries
        if q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT", "DELETE"))
    ]


def test_opening_a_thread_with_nothing_new_writes_nothing(thread, member):
    reply(thread)
    services.thread_mark_seen(user=member, thread=thread)
    seen = Follow.objects.get(user=member, thread=thread).last_seen_at
    reply(thread, member)  # One's own reply is nothing new.
    with CaptureQueriesContext(connection) as ctx:
        assert services.thread_mark_seen(user=member, thread=thread) is True
    assert _writes(ctx) == []
    assert len(ctx.captured_queries) == 1
    assert Follow.objects.get(user=member, thread=thread).last_seen_at == seen


def test_opening_a_thread_after_new_replies_marks_them_seen(thread, member):
    services.thread_mark_seen(user=member, thread=thread)
    reply(thread)
    reply(thread)
    assert selectors.follow_list_threads(user=member).get().unread == 2
    with CaptureQueriesContext(connection) as ctx:
        services.thread_mark_seen(user=member, thread=thread)
    # The follow and the thread's notifications, once each.
    assert len(_writes(ctx)) == 2
    assert selectors.follow_list_threads(user=member).get().unread == 0
    assert selectors.notification_unread_count(user=member) == 0


def test_opening_an_unfollowed_thread_writes_nothing(thread, other_member):
    reply(thread)
    with CaptureQueriesContext(connection) as ctx:
        assert services.thread_mark_seen(user=other_member, thread=thread) is False
    assert _writes(ctx) == []
    assert not Follow.objects.filter(user=other_member).exists()


def test_reply_approved_after_a_visit_is_still_unread(settings, thread, member):
    settings.FORUM_PREMODERATION_POSTS = 2
    moderator = factories.ModeratorFactory()
    pending = reply(thread, factories.UserFactory())
    assert pending.visibility == Visibility.PENDING
    services.thread_mark_seen(user=member, thread=thread)
    moderation_services.post_approve(post=pending, moderator=moderator)
    assert selectors.follow_list_threads(user=member).get().unread == 1


def test_reply_notifies_active_followers_and_mentions_once(thread, member):
    followers = factories.UserFactory.create_batch(5)
    for user in followers:
        services.follow_thread(user=user, thread=thread)
    gone, mentioned = followers[0], followers[1]
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    outsider = factories.UserFactory(display_name="Outsider Name")
    author = factories.UserFactory()
    post = reply(
        thread, author, f"Thanks @{mentioned.display_name} and @Outsider Name."
    )
    kinds = dict(
        Notification.objects.filter(post=post).values_list("recipient_id", "kind")
    )
    assert kinds == {
        member.pk: Kind.REPLY,
        followers[2].pk: Kind.REPLY,
        followers[3].pk: Kind.REPLY,
        followers[4].pk: Kind.REPLY,
        mentioned.pk: Kind.MENTION,
        outsider.pk: Kind.MENTION,
    }
    assert Follow.objects.filter(user=author, thread=thread).count() == 1


def test_reply_notifications_are_handed_to_the_email_task(
    thread, member, mail_on_commit, mailoutbox
):
    author = factories.UserFactory()
    with mail_on_commit():
        post = reply(thread, author, "Here is what helped me.")
    note = Notification.objects.get(post=post, recipient=member)
    assert note.email_state == Notification.EmailState.SENT
    assert [m.to for m in mailoutbox] == [[member.email]]


def test_the_bell_counts_a_long_backlog_only_so_far(client, member, thread):
    Notification.objects.bulk_create(
        Notification(recipient=member, kind=Kind.REPLY, thread=thread)
        for _ in range(selectors.BELL_LIMIT + 30)
    )
    assert selectors.notification_unread_count(user=member) == selectors.BELL_LIMIT + 1
    client.force_login(member)
    page = client.get("/").content.decode()
    # The bell's badge, not the page: a timestamp may hold the same digits.
    badge = re.search(r'class="badge rounded-pill notification-count">([^<]*)<', page)
    assert badge.group(1) == f"{selectors.BELL_LIMIT}+"
    assert str(selectors.BELL_LIMIT + 30) not in badge.group(0)
