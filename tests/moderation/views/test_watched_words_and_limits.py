"""Watched words, the new-account link limit and rate limits through HTTP."""

import pytest
from django.urls import reverse

from forum.models import Post, Thread, Visibility
from moderation.models import Flag, ModerationEvent
from safety.models import WatchedWord
from tests.factories import reply

from .helpers import (
    BODY,
    ask,
    flag,
    post_reply,
    queue,
    text,
)

pytestmark = pytest.mark.django_db


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
