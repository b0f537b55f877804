"""The append-only moderation log through HTTP."""

import pytest
from django.contrib import admin
from django.urls import get_resolver, reverse

from moderation import services
from moderation.models import ModerationEvent
from tests import factories

from .helpers import (
    client_for,
    text,
)

pytestmark = pytest.mark.django_db


# The log --------------------------------------------------------------------


def test_log_filters_by_action_and_by_actor(thread, bad_reply, moderator, mod_client):
    other = factories.ModeratorFactory(display_name="Mod Rowan")
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
        "correction_action",
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
        "decision",
        "appeals",
        "notices",
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


def test_log_names_the_thread_each_decision_was_about(
    thread, bad_reply, moderator, mod_client
):
    services.post_hide(post=bad_reply, moderator=moderator, reason="Dangerous advice.")
    services.thread_lock(thread=thread, moderator=moderator, reason="Heated.")
    page = text(mod_client.get(reverse("moderation:log")))
    assert f"a post in “{thread.title}”" in page
    assert f"“{thread.title}”" in page
    assert f"post {bad_reply.pk}" not in page


def test_log_page_has_a_fixed_number_of_queries(
    thread, bad_reply, moderator, mod_client, django_assert_max_num_queries
):
    for _n in range(3):
        services.thread_pin(thread=thread, moderator=moderator)
        services.thread_unpin(thread=thread, moderator=moderator)
    services.post_hide(post=bad_reply, moderator=moderator, reason="Dangerous advice.")
    mod_client.get(reverse("moderation:log"))  # Warm the member cache.
    with django_assert_max_num_queries(12):
        mod_client.get(reverse("moderation:log"))
