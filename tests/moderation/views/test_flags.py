"""Flags and auto-hidden posts through HTTP."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from forum.models import Visibility
from moderation import services
from moderation.models import Flag, ModerationEvent
from tests import factories
from tests.factories import reply

from .helpers import (
    act,
    client_for,
    flag,
    make_admin,
    queue,
    text,
)

pytestmark = pytest.mark.django_db


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
    former = factories.ModeratorFactory(display_name="Former Mod")
    services.post_hide(post=bad_reply, moderator=former, reason="Dangerous advice.")
    before = list(ModerationEvent.objects.values_list("pk", "actor_id", "reason"))
    client_for(admin_user).post(
        reverse("admin:accounts_user_delete", args=[former.pk]), {"post": "yes"}
    )
    after = list(ModerationEvent.objects.values_list("pk", "actor_id", "reason"))
    assert after == before
