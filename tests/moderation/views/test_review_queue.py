"""The review queue through HTTP: tabs, pre-moderation, hiding, bulk actions."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from forum import services as forum_services
from forum.models import Post, Thread, Visibility
from moderation import services
from moderation.models import Flag, ModerationEvent
from tests import factories
from tests.factories import reply

from .helpers import (
    act,
    ask,
    client_for,
    post_reply,
    queue,
    text,
    visible_replies,
)

pytestmark = pytest.mark.django_db


# The review queue -----------------------------------------------------------


def test_flags_tab_puts_self_harm_first_and_urgent_tab_lists_only_self_harm(
    thread, mod_client
):
    older = reply(thread, body="I can't go on like this any more, nothing helps.")
    middle = reply(thread, body="Buy my supplement at this shop, best price here.")
    newest = reply(thread, body="Vaccines cause MS, everyone knows it is true.")
    flagger = factories.UserFactory()
    services.flag_create(post=older, reporter=flagger, reason="self_harm")
    services.flag_create(post=middle, reporter=flagger, reason="spam")
    services.flag_create(post=newest, reporter=flagger, reason="misinformation")
    now = timezone.now()
    for post, minutes in ((older, 30), (middle, 20), (newest, 10)):
        Flag.objects.filter(post=post).update(
            created_at=now - timedelta(minutes=minutes)
        )

    flags = queue(mod_client, "flags")
    assert list(flags.context["page_obj"].object_list) == [older, newest, middle]
    assert flags.context["counts"]["flags"] == 3
    assert flags.context["counts"]["urgent"] == 1
    assert "Self-harm risk" in text(flags)

    urgent = queue(mod_client, "urgent")
    assert list(urgent.context["page_obj"].object_list) == [older]


def test_pending_tab_lists_held_posts_oldest_first_with_author_history(
    settings, thread, mod_client, moderator
):
    settings.FORUM_PREMODERATION_POSTS = 2
    first = factories.UserFactory(display_name="First Newcomer")
    second = factories.UserFactory(display_name="Second Newcomer")
    early = reply(thread, first, body="My very first reply on this forum, hello.")
    late = reply(thread, second, body="Also new here, this is how I handle it.")
    earliest = factories.ThreadFactory(author=first, title="A newcomer's question")
    earliest_post = earliest.posts.get()
    # Make the question the oldest of the three.
    Post.objects.filter(pk=earliest_post.pk).update(
        created_at=timezone.now() - timedelta(hours=1)
    )
    services.user_warn(user=first, moderator=moderator, reason="Mind the tone.")

    response = queue(mod_client, "pending")
    items = list(response.context["page_obj"].object_list)
    assert [p.pk for p in items] == [earliest_post.pk, early.pk, late.pk]
    assert all(p.visibility == Visibility.PENDING for p in items)
    history = [(p.author_posts, p.author_hidden, p.author_sanctions) for p in items]
    assert history == [(2, 0, 1), (2, 0, 1), (1, 0, 0)]
    page = text(response)
    assert "posts: 2, hidden: 0, sanctions: 1" in page
    assert "posts: 1, hidden: 0, sanctions: 0" in page
    assert response.context["counts"]["pending"] == 3


def test_approving_a_pending_reply_publishes_it_and_only_then_counts_it(
    settings, thread, mod_client, other_member
):
    settings.FORUM_PREMODERATION_POSTS = 1
    newcomer = factories.UserFactory()
    before_activity = thread.last_activity_at
    pending = reply(thread, newcomer, body="Cooling vests helped me a lot in summer.")
    thread.refresh_from_db()
    assert pending.visibility == Visibility.PENDING
    assert thread.reply_count == 0
    assert thread.last_activity_at == before_activity
    assert "Cooling vests" not in text(
        client_for(other_member).get(thread.get_absolute_url())
    )

    response = act(mod_client, pending, "approve")
    assert response.status_code == 302
    pending.refresh_from_db()
    thread.refresh_from_db()
    assert pending.visibility == Visibility.VISIBLE
    assert thread.reply_count == 1
    assert thread.last_activity_at > before_activity
    assert "Cooling vests" in text(
        client_for(other_member).get(thread.get_absolute_url())
    )
    # Approving again (a double submit) changes nothing.
    act(mod_client, pending, "approve")
    thread.refresh_from_db()
    assert thread.reply_count == 1
    assert ModerationEvent.objects.filter(action="post_approve").count() == 1


def test_new_members_first_two_posts_wait_for_review_and_the_third_is_published(
    settings, client, thread, other_member, mod_client
):
    settings.FORUM_PREMODERATION_POSTS = 2
    newcomer = factories.UserFactory(display_name="Careful Newcomer")
    client.force_login(newcomer)

    # 1. A question: pending; only its author (and moderators) can open it.
    response = ask(client, title="Does heat make your MS worse too?")
    question_thread = Thread.objects.get(author=newcomer)
    assert response.status_code == 302
    assert question_thread.visibility == Visibility.PENDING
    own = client.get(question_thread.get_absolute_url())
    assert own.status_code == 200
    assert "Awaiting review" in text(own)
    assert "checked by a moderator" in text(own)
    assert (
        client_for(other_member).get(question_thread.get_absolute_url()).status_code
        == 404
    )
    assert Client().get(question_thread.get_absolute_url()).status_code == 404
    assert "Does heat make your MS worse" not in text(
        Client().get(reverse("forum:home"))
    )

    # 2. A reply elsewhere: pending, shown to the author only, not counted.
    post_reply(client, thread, body="Cold showers work for me, worth a try.")
    held = Post.objects.get(author=newcomer, is_question=False)
    assert held.visibility == Visibility.PENDING
    assert "Awaiting review" in text(client.get(thread.get_absolute_url()))
    assert "Cold showers" not in text(
        client_for(other_member).get(thread.get_absolute_url())
    )
    assert "Cold showers" not in text(Client().get(thread.get_absolute_url()))
    thread.refresh_from_db()
    assert thread.reply_count == 0

    # A moderator approves both; the third post is published at once.
    for post in (question_thread.posts.get(), held):
        act(mod_client, post, "approve")
    question_thread.refresh_from_db()
    assert question_thread.visibility == Visibility.VISIBLE
    assert Client().get(question_thread.get_absolute_url()).status_code == 200
    client.post(
        reverse("forum:post_create", args=[thread.pk]),
        {"body": "And a fan by the bed at night too."},
        follow=True,
    )
    third = Post.objects.filter(author=newcomer).latest("pk")
    assert third.visibility == Visibility.VISIBLE
    assert "And a fan by the bed" in text(Client().get(thread.get_absolute_url()))
    thread.refresh_from_db()
    assert thread.reply_count == 2


def test_hiding_needs_a_reason(mod_client, bad_reply):
    response = act(
        mod_client, bad_reply, "hide", "   ", next=bad_reply.thread.get_absolute_url()
    )
    assert response.status_code == 302
    page = text(mod_client.get(response.url))
    assert "Say why the post is hidden." in page
    bad_reply.refresh_from_db()
    assert bad_reply.visibility == Visibility.VISIBLE
    assert ModerationEvent.objects.count() == 0


def test_hiding_emails_the_author_the_reason(
    mod_client, bad_reply, replier, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        act(mod_client, bad_reply, "hide", "Dangerous medical advice.")
    assert [m.to for m in mail.outbox] == [[replier.email]]
    assert "Dangerous medical advice." in mail.outbox[0].body


def test_actions_return_only_to_pages_of_this_site(mod_client, bad_reply):
    response = act(mod_client, bad_reply, "dismiss", next="https://evil.example/")
    assert response.url == reverse("moderation:queue")


def test_bulk_hide_hides_every_selected_post(mod_client, thread):
    posts = [
        reply(thread, body=f"Spammy reply number {i} with a shop link.")
        for i in range(3)
    ]
    keep = reply(thread, body="A helpful reply that should stay visible.")
    response = mod_client.post(
        reverse("moderation:bulk_action"),
        {"posts": [p.pk for p in posts], "action": "hide", "reason": "Spam wave."},
    )
    assert response.status_code == 302
    assert "Done for 3 items." in text(mod_client.get(response.url))
    assert set(
        Post.objects.filter(pk__in=[p.pk for p in posts]).values_list(
            "visibility", flat=True
        )
    ) == {Visibility.HIDDEN}
    keep.refresh_from_db()
    assert keep.visibility == Visibility.VISIBLE
    thread.refresh_from_db()
    assert thread.reply_count == visible_replies(thread) == 1
    assert ModerationEvent.objects.filter(action="post_hide").count() == 3


def test_bulk_approve_publishes_every_selected_pending_post(
    settings, mod_client, thread
):
    settings.FORUM_PREMODERATION_POSTS = 1
    pending = [
        reply(thread, factories.UserFactory(), body=f"First post from newcomer {i}.")
        for i in range(3)
    ]
    response = mod_client.post(
        reverse("moderation:bulk_action"),
        {"posts": [p.pk for p in pending], "action": "approve", "reason": ""},
    )
    assert response.status_code == 302
    assert set(
        Post.objects.filter(pk__in=[p.pk for p in pending]).values_list(
            "visibility", flat=True
        )
    ) == {Visibility.VISIBLE}
    thread.refresh_from_db()
    assert thread.reply_count == 3
    assert queue(mod_client, "pending").context["counts"]["pending"] == 0


def test_bulk_action_is_all_or_nothing(
    mod_client, thread, member, django_capture_on_commit_callbacks
):
    fine = reply(thread, body="A reply the moderator wants to hide today.")
    deleted = reply(thread, member, body="A reply its author deleted later on.")
    forum_services.post_delete(post=deleted, user=member)
    with django_capture_on_commit_callbacks(execute=True):
        response = mod_client.post(
            reverse("moderation:bulk_action"),
            {"posts": [fine.pk, deleted.pk], "action": "hide", "reason": "Cleanup."},
        )
    assert "This post can't be hidden." in text(mod_client.get(response.url))
    fine.refresh_from_db()
    assert fine.visibility == Visibility.VISIBLE
    assert ModerationEvent.objects.count() == 0
    assert mail.outbox == []


def test_bulk_action_without_a_selection_is_refused(mod_client):
    response = mod_client.post(
        reverse("moderation:bulk_action"), {"action": "hide", "reason": "x"}
    )
    assert "Select at least one item." in text(mod_client.get(response.url))
