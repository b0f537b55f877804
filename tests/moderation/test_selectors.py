"""The review queue's and the log's reads: which posts each tab lists, in
which order, with the author's record, and the counts on the tabs."""

from datetime import timedelta

import pytest
from django.utils import timezone

from forum.models import Visibility
from moderation import selectors, services
from moderation.models import Flag, ModerationEvent
from tests import factories
from tests.factories import reply

pytestmark = pytest.mark.django_db


def _flag(post, reason, reporter=None, at=None):
    flag = Flag.objects.create(
        post=post, reporter=reporter, reason=reason, note="looked wrong"
    )
    if at is not None:
        Flag.objects.filter(pk=flag.pk).update(created_at=at)
    return flag


def test_flags_tab_puts_self_harm_first_then_the_most_recently_flagged(thread):
    now = timezone.now()
    old_spam = reply(thread, body="Buy my supplements, link in bio.")
    new_abuse = reply(thread, body="You are all idiots for asking this.")
    crisis = reply(thread, body="A reply the detector flagged.")
    _flag(old_spam, Flag.Reason.SPAM, at=now - timedelta(hours=3))
    _flag(new_abuse, Flag.Reason.HARASSMENT, at=now - timedelta(minutes=5))
    _flag(crisis, Flag.Reason.SELF_HARM, at=now - timedelta(days=1))
    listed = list(selectors.post_list_flagged())
    assert [p.pk for p in listed] == [crisis.pk, new_abuse.pk, old_spam.pk]
    assert [p.urgent for p in listed] == [True, False, False]
    urgent = list(selectors.post_list_flagged(urgent_only=True))
    assert [p.pk for p in urgent] == [crisis.pk]


def test_possible_risk_flags_have_their_own_list_only(thread):
    possible = reply(thread, body="A reply the model found possibly worrying.")
    _flag(possible, Flag.Reason.POSSIBLE_RISK)
    assert list(selectors.post_list_flagged()) == []
    assert [p.pk for p in selectors.post_list_flagged(possible_only=True)] == [
        possible.pk
    ]


def test_resolved_flags_leave_the_queue_and_flags_are_counted_per_post(
    thread, moderator
):
    post = reply(thread, body="Stop your medication, this tea cures MS.")
    first, second = factories.UserFactory(), factories.UserFactory()
    _flag(post, Flag.Reason.MISINFORMATION, reporter=first)
    _flag(post, Flag.Reason.MISINFORMATION, reporter=second)
    (listed,) = selectors.post_list_flagged()
    assert listed.open_flag_count == 2
    assert {f.reporter_id for f in listed.open_flags} == {first.pk, second.pk}
    services.flags_dismiss(post=post, moderator=moderator)
    assert list(selectors.post_list_flagged()) == []


def test_each_post_comes_with_its_authors_record(thread, moderator):
    author = factories.UserFactory()
    hidden = reply(thread, author, body="An earlier reply a moderator hid.")
    services.post_hide(post=hidden, moderator=moderator, reason="Off topic.")
    services.user_warn(user=author, moderator=moderator, reason="Stay on topic.")
    flagged = reply(thread, author, body="Another reply, flagged this time.")
    _flag(flagged, Flag.Reason.SPAM)
    (listed,) = selectors.post_list_flagged()
    assert (listed.author_posts, listed.author_hidden, listed.author_sanctions) == (
        2,
        1,
        1,
    )


def test_pending_tab_lists_held_posts_oldest_first(thread):
    later = reply(thread, body="Held second.")
    earlier = reply(thread, body="Held first.")
    visible = reply(thread, body="Published as usual.")
    now = timezone.now()
    for post, minutes in ((earlier, 30), (later, 10)):
        type(post).objects.filter(pk=post.pk).update(
            visibility=Visibility.PENDING, created_at=now - timedelta(minutes=minutes)
        )
    listed = [p.pk for p in selectors.post_list_pending()]
    assert listed == [earlier.pk, later.pk]
    assert visible.pk not in listed


def test_queue_counts_count_posts_not_flags(thread):
    post = reply(thread, body="Flagged twice, by two members.")
    _flag(post, Flag.Reason.SPAM, reporter=factories.UserFactory())
    _flag(post, Flag.Reason.SELF_HARM)
    _flag(reply(thread, body="Possibly worrying."), Flag.Reason.POSSIBLE_RISK)
    held = reply(thread, body="Waiting for a moderator.")
    type(held).objects.filter(pk=held.pk).update(visibility=Visibility.PENDING)
    counts = selectors.queue_counts()
    assert (counts["flags"], counts["urgent"], counts["possible"]) == (1, 1, 1)
    assert counts["pending"] == 1


def test_log_filters_by_action_actor_subject_and_target(thread, moderator):
    author = factories.UserFactory(display_name="Rowan Reed")
    post = reply(thread, author, body="A reply that will be hidden.")
    services.post_hide(post=post, moderator=moderator, reason="Spam.")
    services.thread_lock(thread=thread, moderator=moderator, reason="Heated.")
    hides = selectors.event_list(action=ModerationEvent.Action.POST_HIDE)
    assert [e.target_id for e in hides] == [post.pk]
    by_actor = selectors.event_list(actor=moderator.display_name.upper())
    assert {e.action for e in by_actor} == {
        ModerationEvent.Action.POST_HIDE,
        ModerationEvent.Action.THREAD_LOCK,
    }
    assert [e.target_id for e in selectors.event_list(subject="rowan reed")] == [
        post.pk
    ]
    assert [e.target_id for e in selectors.event_list(target="thread")] == [thread.pk]
    assert list(selectors.event_list(actor="nobody by that name")) == []
