"""Moderators' thread tools through HTTP: lock, pin, retag, merge."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from forum.models import Condition, Post, Thread, Visibility
from moderation import services
from moderation.models import ModerationEvent
from tests import factories
from tests.factories import reply

from .helpers import (
    post_reply,
    text,
    visible_replies,
)

pytestmark = pytest.mark.django_db


# Threads --------------------------------------------------------------------


def test_locked_thread_refuses_replies_with_a_clear_message(
    client, other_member, thread, mod_client
):
    response = mod_client.post(
        reverse("moderation:thread_action", args=[thread.pk]),
        {"action": "lock", "reason": "Going in circles."},
    )
    assert response.status_code == 302
    thread.refresh_from_db()
    assert thread.is_locked
    client.force_login(other_member)
    page = text(client.get(thread.get_absolute_url()))
    assert "This thread is locked by a moderator." in page
    assert "Post reply" not in page
    response = post_reply(client, thread)
    assert response.status_code == 403
    assert "locked by a moderator" in text(response)
    assert not Post.objects.filter(author=other_member).exists()

    mod_client.post(
        reverse("moderation:thread_action", args=[thread.pk]), {"action": "unlock"}
    )
    assert post_reply(client, thread).status_code == 302
    assert list(
        ModerationEvent.objects.order_by("pk").values_list("action", "changes")
    ) == [
        ("thread_lock", {"is_locked": [False, True]}),
        ("thread_unlock", {"is_locked": [True, False]}),
    ]


def test_pinned_thread_is_listed_first_on_home(client, mod_client, condition):
    pinned = factories.ThreadFactory(
        title="House rules and useful links", conditions=[condition]
    )
    Thread.objects.filter(pk=pinned.pk).update(
        last_activity_at=timezone.now() - timedelta(days=30)
    )
    newer = [factories.ThreadFactory(conditions=[condition]) for _ in range(2)]
    home = client.get(reverse("forum:home"))
    assert home.context["page_obj"].object_list[0] != pinned

    mod_client.post(
        reverse("moderation:thread_action", args=[pinned.pk]), {"action": "pin"}
    )
    listed = list(client.get(reverse("forum:home")).context["page_obj"].object_list)
    assert listed[0] == pinned
    assert set(listed[1:]) == set(newer)


def test_retag_changes_the_conditions_a_thread_is_listed_under(
    client, thread, mod_client
):
    old = thread.conditions.get()
    ra = Condition.objects.get(slug="rheumatoid-arthritis")
    form = mod_client.get(reverse("moderation:thread_retag", args=[thread.pk]))
    assert form.status_code == 200
    assert form.context["form"].initial["conditions"] == [old]
    response = mod_client.post(
        reverse("moderation:thread_retag", args=[thread.pk]),
        {"conditions": [ra.pk], "reason": "This is about RA."},
    )
    assert response.status_code == 302
    assert thread.title in text(client.get(ra.get_absolute_url()))
    assert thread.title not in text(client.get(old.get_absolute_url()))
    event = ModerationEvent.objects.get(action="thread_retag")
    assert event.changes == {"conditions": [[old.slug], [ra.slug]]}


def test_retag_needs_at_least_one_condition(thread, mod_client):
    response = mod_client.post(
        reverse("moderation:thread_retag", args=[thread.pk]), {"conditions": []}
    )
    assert response.status_code == 200
    assert thread.conditions.count() == 1
    assert ModerationEvent.objects.count() == 0


def test_merge_redirects_the_old_url_moves_posts_and_keeps_counters_exact(
    client, mod_client, moderator, condition
):
    ms = Condition.objects.get(slug="multiple-sclerosis")
    target = factories.ThreadFactory(
        title="Coping with MS fatigue at work", conditions=[ms]
    )
    reply(target, body="I negotiated a later start time with my manager.")
    source = factories.ThreadFactory(
        title="MS fatigue at my job: any tips?", conditions=[condition]
    )
    kept = reply(source, body="Short breaks every hour helped me at work.")
    hidden = reply(source, body="Buy my energy drink, it fixes everything.")
    services.post_hide(post=hidden, moderator=moderator, reason="Spam.")
    source_posts = set(source.posts.values_list("pk", flat=True))

    response = mod_client.post(
        reverse("moderation:thread_merge", args=[source.pk]),
        {
            "target": f"http://testserver{target.get_absolute_url()}",
            "reason": "Duplicate.",
        },
    )
    assert response.status_code == 302
    assert response.url == target.get_absolute_url()

    old = client.get(source.get_absolute_url())
    assert old.status_code == 301
    assert old.url == target.get_absolute_url()
    assert set(target.posts.values_list("pk", flat=True)) >= source_posts
    assert target.posts.filter(is_question=True).count() == 1
    target.refresh_from_db()
    source.refresh_from_db()
    assert target.reply_count == visible_replies(target) == 3
    assert source.visibility == Visibility.MERGED
    assert source.reply_count == 0
    assert set(target.conditions.all()) == {ms, condition}
    page = text(client.get(target.get_absolute_url()))
    assert "Short breaks every hour" in page
    assert "3 replies" in page
    assert kept.pk in set(target.posts.values_list("pk", flat=True))
    event = ModerationEvent.objects.get(action="thread_merge")
    assert event.changes["posts_moved"] == [0, 3]
    assert event.changes["merged_into"] == [None, target.pk]


def test_merge_into_itself_is_refused(thread, mod_client):
    response = mod_client.post(
        reverse("moderation:thread_merge", args=[thread.pk]), {"target": str(thread.pk)}
    )
    assert response.status_code == 200
    assert "can't be merged into itself" in text(response)
    thread.refresh_from_db()
    assert thread.visibility == Visibility.VISIBLE


def test_merge_target_given_as_a_posts_link_is_not_read_as_a_thread_number(
    mod_client,
):
    source = factories.ThreadFactory(title="A duplicate of the thread to keep")
    target = factories.ThreadFactory(title="The thread the moderator wants to keep")
    answer = reply(target, body="The answer the moderator copied the link of.")
    while answer.pk in (source.pk, target.pk):
        answer = reply(target, body="The answer the moderator copied the link of.")
    decoy = Thread.objects.filter(pk=answer.pk).first()
    if decoy is None:
        # An unrelated thread that happens to have the reply's number.
        decoy = Thread.objects.create(
            pk=answer.pk, title="An unrelated thread", author=factories.UserFactory()
        )
        Post.objects.create(
            thread=decoy, author=decoy.author, is_question=True, source="x", html="x"
        )
    response = mod_client.post(
        reverse("moderation:thread_merge", args=[source.pk]),
        {"target": f"http://testserver{answer.get_absolute_url()}"},
    )
    source.refresh_from_db()
    assert source.merged_into_id != decoy.pk
    assert response.status_code == 200 or source.merged_into_id == target.pk
