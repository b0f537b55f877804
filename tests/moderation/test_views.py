"""Moderation through HTTP: flags, the review queue, pre-moderation, thread
tools, sanctions, watched words, rate limits and the append-only log."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from django.urls import get_resolver, reverse
from django.utils import timezone

from accounts.models import Sanction
from accounts.roles import MODERATORS_GROUP
from forum import services as forum_services
from forum.models import Condition, Post, Thread, Visibility
from moderation import services
from moderation.models import Flag, ModerationEvent
from safety.models import WatchedWord
from tests import factories
from tests.factories import PASSWORD, reply

pytestmark = pytest.mark.django_db

BODY = "I was diagnosed last year and wonder how others cope with the fatigue."
REPLY = "Pacing my day and resting before I am exhausted helped me the most."


# Helpers --------------------------------------------------------------------


def text(response) -> str:
    """The page's visible text, tags removed and whitespace collapsed."""
    html = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(unescape(html).split())


def make_moderator(**kwargs):
    user = factories.UserFactory(**kwargs)
    user.groups.add(Group.objects.get(name=MODERATORS_GROUP))
    return user


def make_admin(django_user_model, name="Site Admin"):
    return django_user_model.objects.create_superuser(
        username=name.lower().replace(" ", "_"),
        email=f"{name.lower().replace(' ', '.')}@example.org",
        password=PASSWORD,
        display_name=name,
    )


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def flag(client, post, reason="misinformation", note="", follow=False):
    return client.post(
        reverse("moderation:flag_create", args=[post.pk]),
        {"reason": reason, "note": note},
        follow=follow,
    )


def act(client, post, action, reason="", **extra):
    return client.post(
        reverse("moderation:post_action", args=[post.pk]),
        {"action": action, "reason": reason, **extra},
    )


def post_reply(client, thread, body=REPLY):
    return client.post(reverse("forum:post_create", args=[thread.pk]), {"body": body})


def ask(client, title="How do you all cope with MS fatigue?", body=BODY, conds=()):
    conditions = list(conds) or [Condition.objects.get(slug="multiple-sclerosis")]
    return client.post(
        reverse("forum:thread_create"),
        {"title": title, "body": body, "conditions": [c.pk for c in conditions]},
    )


def sanction(client, member, kind, reason="Please keep it civil.", days=""):
    return client.post(
        reverse("moderation:member_sanction", args=[member.pk]),
        {"kind": kind, "days": days, "reason": reason},
    )


def visible_replies(thread) -> int:
    return Post.objects.filter(
        thread=thread, is_question=False, visibility=Visibility.VISIBLE
    ).count()


def queue(client, tab):
    response = client.get(reverse("moderation:queue"), {"tab": tab})
    assert response.status_code == 200
    return response


@pytest.fixture
def moderator(db):
    return make_moderator(display_name="Mod Juniper")


@pytest.fixture
def mod_client(moderator):
    return client_for(moderator)


@pytest.fixture
def replier(db):
    return factories.UserFactory(display_name="Eager Replier")


@pytest.fixture
def bad_reply(thread, replier):
    return reply(thread, replier, body="Stop your medication, this tea cures MS.")


# Flags ----------------------------------------------------------------------


def test_three_flags_hide_a_post_a_moderator_restores_it_and_the_log_has_four_events(
    thread, bad_reply, moderator, mod_client, settings
):
    assert settings.FORUM_FLAG_HIDE_THRESHOLD == 3
    flaggers = factories.UserFactory.create_batch(3)
    for i, flagger in enumerate(flaggers, start=1):
        response = flag(client_for(flagger), bad_reply, note=f"Dangerous advice {i}")
        assert response.status_code == 302
        bad_reply.refresh_from_db()
        thread.refresh_from_db()
        if i < 3:
            assert bad_reply.visibility == Visibility.VISIBLE
            assert thread.reply_count == 1
    assert bad_reply.visibility == Visibility.HIDDEN
    assert thread.reply_count == 0

    # The public now sees a placeholder.
    page = text(Client().get(thread.get_absolute_url()))
    assert "This post was hidden by a moderator." in page
    assert "this tea cures MS" not in page

    response = act(mod_client, bad_reply, "restore", "Checked: not harmful.")
    assert response.status_code == 302
    bad_reply.refresh_from_db()
    thread.refresh_from_db()
    assert bad_reply.visibility == Visibility.VISIBLE
    assert thread.reply_count == 1
    assert set(Flag.objects.values_list("state", flat=True)) == {"dismissed"}

    events = list(
        ModerationEvent.objects.filter(target_type="post", target_id=bad_reply.pk)
        .order_by("pk")
        .values_list("action", "actor_id", "changes")
    )
    assert events == [
        ("post_flag", flaggers[0].pk, {}),
        ("post_flag", flaggers[1].pk, {}),
        ("post_flag", flaggers[2].pk, {"visibility": ["visible", "hidden"]}),
        ("post_restore", moderator.pk, {"visibility": ["hidden", "visible"]}),
    ]
    log = mod_client.get(reverse("moderation:log"), {"target": "post"})
    shown = [e.get_action_display() for e in log.context["page_obj"].object_list]
    assert shown == ["Restored a post"] + ["Flagged a post"] * 3
    assert "Checked: not harmful." in text(log)


def test_flagging_the_same_post_twice_says_so_and_keeps_one_flag(
    client, other_member, bad_reply
):
    client.force_login(other_member)
    assert flag(client, bad_reply).status_code == 302
    response = flag(client, bad_reply, reason="spam")
    assert response.status_code == 200
    assert "You have already flagged this post" in text(response)
    assert Flag.objects.filter(post=bad_reply, reporter=other_member).count() == 1
    assert ModerationEvent.objects.filter(action="post_flag").count() == 1
    # The form is not offered again.
    again = client.get(reverse("moderation:flag_create", args=[bad_reply.pk]))
    assert "You have already flagged this post" in text(again)
    assert "Send to the moderators" not in text(again)


def test_flag_reason_other_needs_a_note(client, other_member, bad_reply):
    client.force_login(other_member)
    response = flag(client, bad_reply, reason="other", note="   ")
    assert response.status_code == 200
    assert "Tell the moderators what is wrong." in text(response)
    assert Flag.objects.count() == 0
    assert flag(client, bad_reply, reason="other", note="Odd link").status_code == 302
    assert Flag.objects.get().note == "Odd link"


def test_flagger_sees_the_outcome_in_my_flags(
    client, other_member, bad_reply, mod_client, thread
):
    second = reply(
        thread, factories.UserFactory(), body="A perfectly fine answer here."
    )
    client.force_login(other_member)
    flag(client, bad_reply)
    flag(client, second, reason="spam")
    page = text(client.get(reverse("moderation:my_flags")))
    assert page.count("Open") == 2

    act(mod_client, bad_reply, "hide", "Dangerous medical advice.")
    act(mod_client, second, "dismiss")
    page = text(client.get(reverse("moderation:my_flags")))
    assert "Handled: action taken" in page
    assert "Handled: no action needed" in page
    assert "Open" not in page


def test_a_moderators_flag_hides_the_post_at_once(mod_client, bad_reply, thread):
    response = flag(mod_client, bad_reply, reason="self_harm")
    assert response.status_code == 302
    bad_reply.refresh_from_db()
    thread.refresh_from_db()
    assert bad_reply.visibility == Visibility.HIDDEN
    assert thread.reply_count == 0
    event = ModerationEvent.objects.get(action="post_flag")
    assert event.changes == {"visibility": ["visible", "hidden"]}


def test_members_cannot_flag_their_own_post(client, replier, bad_reply):
    client.force_login(replier)
    assert flag(client, bad_reply).status_code == 403
    assert Flag.objects.count() == 0


def test_the_flagger_who_hides_a_question_lands_on_a_page_that_exists(thread):
    question = thread.posts.get(is_question=True)
    flaggers = factories.UserFactory.create_batch(3)
    for flagger in flaggers[:2]:
        flag(client_for(flagger), question)
    third = client_for(flaggers[2])
    response = flag(third, question, follow=True)
    thread.refresh_from_db()
    assert thread.visibility == Visibility.HIDDEN
    assert response.status_code == 200
    assert "Thank you. The moderators will look at this post." in text(response)


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


# Sanctions ------------------------------------------------------------------


def test_a_warned_member_sees_the_warning_once(client, member, mod_client):
    client.force_login(member)
    response = sanction(mod_client, member, "warn", reason="Please keep it civil.")
    assert response.status_code == 302
    assert response.url == member.get_absolute_url()
    first = text(client.get(reverse("forum:home")))
    assert "A warning from the moderators: Please keep it civil." in first
    second = text(client.get(reverse("forum:home")))
    assert "Please keep it civil." not in second
    assert Sanction.objects.get(user=member).acknowledged_at is not None


def test_a_suspended_member_can_read_but_not_post_or_flag(
    client, other_member, mod_client, bad_reply
):
    thread = bad_reply.thread
    client.force_login(other_member)
    response = sanction(mod_client, other_member, "suspend", reason="Cool off.", days=3)
    assert response.status_code == 302
    until = Sanction.objects.get(user=other_member).ends_at

    page = client.get(thread.get_absolute_url())
    assert page.status_code == 200
    page_text = text(page)
    assert f"Your account is suspended until {until:%-d %b %Y, %H:%M} UTC" in page_text
    assert "You can read, but not post or flag." in page_text
    assert "Post reply" not in page_text
    flag_url = reverse("moderation:flag_create", args=[bad_reply.pk])
    assert flag_url not in page.content.decode()

    response = post_reply(client, thread)
    assert response.status_code == 403
    assert f"You are suspended until {until:%d %b %Y %H:%M} UTC" in text(response)
    assert not Post.objects.filter(author=other_member).exists()
    response = flag(client, bad_reply)
    assert response.status_code == 403
    assert "can't flag posts" in text(response)
    assert Flag.objects.count() == 0
    assert client.get(reverse("forum:thread_create")).status_code == 403
    assert client.get(reverse("moderation:my_flags")).status_code == 200


def test_lifting_a_suspension_early_lets_the_member_post_again(
    client, other_member, moderator, mod_client, thread
):
    suspension = services.user_suspend(
        user=other_member,
        moderator=moderator,
        reason="Cool off.",
        duration=timedelta(days=3),
    )
    client.force_login(other_member)
    assert post_reply(client, thread).status_code == 403
    response = mod_client.post(
        reverse("moderation:sanction_lift", args=[suspension.pk]),
        {"reason": "Apologised."},
    )
    assert response.status_code == 302
    assert "suspended" not in text(client.get(thread.get_absolute_url()))
    assert post_reply(client, thread).status_code == 302
    assert Post.objects.filter(author=other_member).count() == 1
    assert ModerationEvent.objects.filter(action="sanction_lift").count() == 1


def test_lifting_needs_a_reason(other_member, moderator, mod_client):
    suspension = services.user_suspend(
        user=other_member,
        moderator=moderator,
        reason="Cool off.",
        duration=timedelta(days=3),
    )
    response = mod_client.post(
        reverse("moderation:sanction_lift", args=[suspension.pk]), {}
    )
    assert "Give a reason to lift the sanction." in text(mod_client.get(response.url))
    suspension.refresh_from_db()
    assert suspension.is_active


def test_suspension_needs_a_number_of_days(other_member, mod_client):
    response = sanction(mod_client, other_member, "suspend", days="")
    assert "Say for how many days." in text(mod_client.get(response.url))
    assert not Sanction.objects.filter(user=other_member).exists()


def test_a_ban_ends_the_members_session_at_once_and_login_says_banned(
    client, other_member, mod_client, thread
):
    client.force_login(other_member)
    assert client.get(reverse("forum:home")).context["user"] == other_member
    response = sanction(mod_client, other_member, "ban", reason="Spam account.")
    assert response.status_code == 302

    home = client.get(reverse("forum:home"))
    assert home.context["user"].is_anonymous
    assert "Sign in" in text(home)
    response = post_reply(client, thread)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert not Post.objects.filter(author=other_member).exists()

    fresh = Client()
    response = fresh.post(
        reverse("accounts:login"),
        {"username": other_member.username, "password": PASSWORD},
    )
    assert response.status_code == 200
    assert "This account is banned by the moderators." in text(response)
    assert "_auth_user_id" not in fresh.session
    # A wrong password reveals nothing about the ban.
    wrong = fresh.post(
        reverse("accounts:login"),
        {"username": other_member.username, "password": "not-the-password"},
    )
    assert "banned" not in text(wrong)


def test_moderators_cannot_sanction_admins_or_moderators_but_admins_can(
    django_user_model, moderator, mod_client
):
    admin_user = make_admin(django_user_model)
    colleague = make_moderator(display_name="Mod Colleague")
    for target in (admin_user, colleague, moderator):
        response = sanction(mod_client, target, "suspend", days=3)
        assert response.status_code == 403
        assert "You can't sanction this member." in text(response)
        assert "Moderators: sanctions" not in text(
            mod_client.get(target.get_absolute_url())
        )
    assert Sanction.objects.count() == 0

    admin_client = client_for(admin_user)
    assert "Moderators: sanctions" in text(
        admin_client.get(colleague.get_absolute_url())
    )
    response = sanction(admin_client, colleague, "suspend", days=3)
    assert response.status_code == 302
    assert Sanction.objects.get().user == colleague
    assert sanction(admin_client, admin_user, "warn").status_code == 403


# Watched words --------------------------------------------------------------


def add_word(mod_client, word, action, capture):
    with capture(execute=True):
        response = mod_client.post(
            reverse("moderation:watched_words"), {"word": word, "action": action}
        )
    assert response.status_code == 302
    return WatchedWord.objects.get(word=word)


def test_blocked_word_refuses_the_post_naming_the_word_and_saves_nothing(
    client, thread, member, other_member, mod_client, django_capture_on_commit_callbacks
):
    add_word(mod_client, "miracle cure", "block", django_capture_on_commit_callbacks)
    client.force_login(other_member)
    response = post_reply(
        client, thread, body="My aunt found a Miracle Cure for MS online."
    )
    assert response.status_code == 400
    assert "Your post contains “miracle cure”, which isn't allowed here." in text(
        response
    )
    response = ask(client, title="Is there a miracle cure yet?", body=BODY)
    assert response.status_code == 200
    assert "“miracle cure”" in text(response)
    assert not Post.objects.filter(author=other_member).exists()
    assert not Thread.objects.filter(author=other_member).exists()
    thread.refresh_from_db()
    assert thread.reply_count == 0


def test_require_approval_word_holds_the_post(
    client, thread, other_member, mod_client, django_capture_on_commit_callbacks
):
    add_word(
        mod_client, "ivermectin", "require_approval", django_capture_on_commit_callbacks
    )
    client.force_login(other_member)
    post_reply(client, thread, body="Has anyone tried Ivermectin for their MS?")
    held = Post.objects.get(author=other_member)
    assert held.visibility == Visibility.PENDING
    thread.refresh_from_db()
    assert thread.reply_count == 0
    assert held in queue(mod_client, "pending").context["page_obj"].object_list


def test_flag_word_publishes_the_post_and_raises_a_system_flag(
    client, thread, other_member, mod_client, django_capture_on_commit_callbacks
):
    add_word(mod_client, "detox", "flag", django_capture_on_commit_callbacks)
    client.force_login(other_member)
    post_reply(client, thread, body="A juice detox every month keeps my MS quiet.")
    published = Post.objects.get(author=other_member)
    assert published.visibility == Visibility.VISIBLE
    system_flag = Flag.objects.get(post=published)
    assert system_flag.reporter is None
    assert "detox" in system_flag.note
    response = queue(mod_client, "flags")
    assert list(response.context["page_obj"].object_list) == [published]
    assert "automatic" in text(response)


def test_removing_a_watched_word_allows_it_again(
    client, thread, other_member, mod_client, django_capture_on_commit_callbacks
):
    word = add_word(
        mod_client, "miracle cure", "block", django_capture_on_commit_callbacks
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = mod_client.post(
            reverse("moderation:watched_word_delete", args=[word.pk])
        )
    assert response.status_code == 302
    client.force_login(other_member)
    assert (
        post_reply(
            client, thread, body="No miracle cure, but pacing helps."
        ).status_code
        == 302
    )
    assert list(
        ModerationEvent.objects.order_by("pk").values_list("action", flat=True)
    ) == ["watched_word_add", "watched_word_remove"]


def test_watched_words_are_unique_ignoring_case(
    mod_client, django_capture_on_commit_callbacks
):
    add_word(mod_client, "Miracle Cure", "block", django_capture_on_commit_callbacks)
    response = mod_client.post(
        reverse("moderation:watched_words"), {"word": "miracle cure", "action": "flag"}
    )
    assert response.status_code == 200
    assert "This word is already watched." in text(response)
    assert WatchedWord.objects.count() == 1


def test_new_account_posting_two_links_is_refused_and_nothing_is_saved(
    client, thread, other_member
):
    client.force_login(other_member)
    body = "See https://example.org/a and also https://example.org/b for more."
    response = post_reply(client, thread, body=body)
    assert response.status_code == 400
    assert "at most 1 link per post (this has 2)" in text(response)
    assert not Post.objects.filter(author=other_member).exists()
    one = "See https://example.org/a for the leaflet the nurse gave me."
    assert post_reply(client, thread, body=one).status_code == 302


# Rate limits ----------------------------------------------------------------


def test_exceeding_the_post_limit_returns_429_saying_when_to_retry(
    settings, client, thread, other_member
):
    settings.FORUM_RATE_LIMITS = {
        "post": {"new": (2, 600), "member": (2, 600)},
        "flag": {"new": (2, 600), "member": (2, 600)},
    }
    client.force_login(other_member)
    for i in range(2):
        assert (
            post_reply(
                client, thread, body=f"Reply number {i} within the limit."
            ).status_code
            == 302
        )
    response = post_reply(client, thread, body="One reply too many in ten minutes.")
    assert response.status_code == 429
    retry_after = int(response["Retry-After"])
    assert 1 <= retry_after <= 600
    minutes = max(1, round(retry_after / 60))
    assert f"You can try again in {minutes} minute" in text(response)
    assert Post.objects.filter(author=other_member).count() == 2


def test_exceeding_the_flag_limit_returns_429(settings, client, thread, other_member):
    settings.FORUM_RATE_LIMITS = {
        "post": {"new": (50, 600), "member": (50, 600)},
        "flag": {"new": (1, 600), "member": (1, 600)},
    }
    posts = [reply(thread, body=f"Reply {i} that someone will flag.") for i in range(2)]
    client.force_login(other_member)
    assert flag(client, posts[0]).status_code == 302
    response = flag(client, posts[1])
    assert response.status_code == 429
    assert "Retry-After" in response
    assert Flag.objects.count() == 1


# The log --------------------------------------------------------------------


def test_log_filters_by_action_and_by_actor(thread, bad_reply, moderator, mod_client):
    other = make_moderator(display_name="Mod Rowan")
    services.post_hide(post=bad_reply, moderator=moderator, reason="Dangerous advice.")
    services.thread_lock(thread=thread, moderator=other, reason="Heated.")
    services.thread_pin(thread=thread, moderator=moderator)

    by_action = mod_client.get(reverse("moderation:log"), {"action": "post_hide"})
    assert [e.action for e in by_action.context["page_obj"].object_list] == [
        "post_hide"
    ]
    assert "Dangerous advice." in text(by_action)

    by_actor = mod_client.get(reverse("moderation:log"), {"actor": "mod rowan"})
    assert [e.action for e in by_actor.context["page_obj"].object_list] == [
        "thread_lock"
    ]

    everything = mod_client.get(reverse("moderation:log"))
    assert [e.action for e in everything.context["page_obj"].object_list] == [
        "thread_pin",
        "thread_lock",
        "post_hide",
    ]


def test_nothing_edits_or_deletes_a_moderation_event(thread, bad_reply, moderator):
    services.post_hide(post=bad_reply, moderator=moderator, reason="Dangerous advice.")
    event = ModerationEvent.objects.get()

    # The log is the only page about events, and it only reads.
    moderation_urls = get_resolver().namespace_dict["moderation"][1]
    names = {n for n in moderation_urls.reverse_dict if isinstance(n, str)}
    assert names == {
        "queue",
        "post_action",
        "bulk_action",
        "thread_action",
        "thread_retag",
        "thread_merge",
        "member_sanction",
        "sanction_lift",
        "log",
        "watched_words",
        "watched_word_delete",
        "flag_create",
        "my_flags",
    }
    client = client_for(moderator)
    response = client.post(
        reverse("moderation:log"), {"action": "post_hide", "reason": "Rewritten"}
    )
    assert response.status_code == 200
    assert ModerationEvent not in admin.site._registry
    assert list(ModerationEvent.objects.values_list("reason", flat=True)) == [
        "Dangerous advice."
    ]

    stored = ModerationEvent.objects.get(pk=event.pk)
    stored.reason = "Rewritten"
    with pytest.raises(ValueError, match="append-only"):
        stored.save()
    with pytest.raises(ValueError, match="append-only"):
        stored.delete()
    assert ModerationEvent.objects.get(pk=event.pk).reason == "Dangerous advice."


# Auto-hidden posts --------------------------------------------------------------


def auto_hide(post):
    for flagger in factories.UserFactory.create_batch(3):
        services.flag_create(post=post, reporter=flagger, reason="misinformation")
    post.refresh_from_db()
    assert post.visibility == Visibility.HIDDEN


def test_dismissing_the_flags_of_an_auto_hidden_post_does_not_bury_it(
    mod_client, bad_reply, thread
):
    auto_hide(bad_reply)
    act(mod_client, bad_reply, "dismiss", "The advice is fine.")
    bad_reply.refresh_from_db()
    in_a_queue = any(
        bad_reply in queue(mod_client, tab).context["page_obj"].object_list
        for tab in ("flags", "urgent", "pending")
    )
    assert bad_reply.visibility == Visibility.VISIBLE or in_a_queue


def test_confirming_an_auto_hidden_post_records_the_moderators_reason(
    mod_client, moderator, bad_reply, replier, django_capture_on_commit_callbacks
):
    auto_hide(bad_reply)
    with django_capture_on_commit_callbacks(execute=True):
        act(mod_client, bad_reply, "hide", "Dangerous medical advice.")
    assert set(Flag.objects.values_list("state", flat=True)) == {"actioned"}
    assert ModerationEvent.objects.filter(
        actor=moderator,
        target_type="post",
        target_id=bad_reply.pk,
        reason="Dangerous medical advice.",
    ).exists()
    assert [m.to for m in mail.outbox] == [[replier.email]]


def test_deleting_a_moderators_account_in_the_admin_leaves_their_events_intact(
    django_user_model, bad_reply
):
    admin_user = make_admin(django_user_model)
    former = make_moderator(display_name="Former Mod")
    services.post_hide(post=bad_reply, moderator=former, reason="Dangerous advice.")
    before = list(ModerationEvent.objects.values_list("pk", "actor_id", "reason"))
    client_for(admin_user).post(
        reverse("admin:accounts_user_delete", args=[former.pk]), {"post": "yes"}
    )
    after = list(ModerationEvent.objects.values_list("pk", "actor_id", "reason"))
    assert after == before
