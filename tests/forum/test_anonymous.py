"""Asking anonymously: nobody but the author (and a moderator who gives a
logged reason) can link an anonymous question to its account."""

import json

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from forum.models import Post, Thread
from members import services as member_services
from moderation.models import ModerationEvent
from notifications import services as notification_services
from notifications.models import Notification
from tests import factories

NAME = "Zebra Quietwater"
USERNAME = "zebra_q"


@pytest.fixture
def asker(db):
    return factories.UserFactory(username=USERNAME, display_name=NAME)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def leaks(html: str, asker) -> list[str]:
    """What in ``html`` would tell who the asker is."""
    return [
        clue
        for clue in (NAME, USERNAME, asker.get_absolute_url(), asker.email)
        if clue in html
    ]


@pytest.fixture
def anonymous_thread(asker, condition, clinician, other_member):
    """An anonymous question, answered by a clinician, where the asker
    replies, accepts the answer and marks a reply helpful, and another
    member follows the condition and the thread."""
    notification_services.follow_condition(user=other_member, condition=condition)
    client = signed_in(asker)
    response = client.post(
        reverse("forum:thread_create"),
        {
            "title": "Embarrassing side effect of my new tablets",
            "body": "Since starting them I have trouble in the bedroom. Normal?",
            "conditions": [condition.pk],
            "anonymous": "on",
        },
    )
    assert response.status_code == 302
    thread = Thread.objects.get(title__startswith="Embarrassing")
    notification_services.follow_thread(user=other_member, thread=thread)
    answer = factories.reply(
        thread, clinician, body="This is a known side effect; ask about a switch."
    )
    # The asker replies without ticking the box: still anonymous here.
    client.post(
        reverse("forum:post_create", args=[thread.pk]),
        {"body": "Thank you, I will ask my GP on Monday about switching."},
    )
    client.post(reverse("forum:post_accept", args=[answer.pk]))
    client.post(reverse("forum:post_helpful", args=[answer.pk]))
    other_reply = factories.reply(
        thread, other_member, body="Same here, it got better."
    )
    client.post(reverse("forum:post_helpful", args=[other_reply.pk]))
    return thread


def test_the_question_and_the_askers_replies_are_anonymous(anonymous_thread, asker):
    posts = Post.objects.filter(thread=anonymous_thread, author=asker)
    assert posts.count() == 2
    assert all(post.is_anonymous for post in posts)
    assert anonymous_thread.is_anonymous


def test_no_page_feed_or_search_result_names_the_asker(
    anonymous_thread, asker, other_member, clinician, moderator, condition
):
    pages = [
        reverse("forum:home"),
        condition.get_absolute_url(),
        anonymous_thread.get_absolute_url(),
        reverse("search:search") + "?q=bedroom",
        reverse("search:search") + "?q=tablets",
        reverse("notifications:feed_latest"),
        reverse("notifications:feed_condition", args=[condition.slug]),
        asker.get_absolute_url(),  # The asker's own profile lists none of it.
    ]
    history_of = Post.objects.get(thread=anonymous_thread, is_question=True)
    readers = {
        "visitor": Client(),
        "member": signed_in(other_member),
        "clinician": signed_in(clinician),
        "moderator": signed_in(moderator),
    }
    for who, client in readers.items():
        for url in pages + [reverse("forum:post_history", args=[history_of.pk])]:
            response = client.get(url)
            assert response.status_code == 200, (who, url)
            html = response.content.decode()
            if url == asker.get_absolute_url():
                assert "Embarrassing" not in html, who
            else:
                assert not leaks(html, asker), (who, url)
        thread_page = client.get(anonymous_thread.get_absolute_url()).content.decode()
        assert "Anonymous member" in thread_page
        assert "Embarrassing side effect" in thread_page


def test_notifications_emails_and_exports_of_others_never_name_the_asker(
    anonymous_thread, asker, other_member, clinician
):
    for member in (other_member, clinician):
        notes = Notification.objects.filter(recipient=member)
        assert notes.exists()
        assert not notes.filter(actor=asker).exists()
        page = (
            signed_in(member)
            .get(reverse("notifications:notification_list"))
            .content.decode()
        )
        assert not leaks(page, asker)
        export = json.dumps(member_services.account_export(user=member))
        assert not leaks(export, asker)
    kinds = set(
        Notification.objects.filter(recipient=clinician).values_list("kind", flat=True)
    )
    assert {"accepted", "helpful"} <= kinds  # Told, by nobody named.
    for message in mail.outbox:
        if asker.email not in message.to:
            assert not leaks(message.body, asker)


def test_the_asker_still_edits_follows_and_is_notified(anonymous_thread, asker):
    question = Post.objects.get(thread=anonymous_thread, is_question=True)
    client = signed_in(asker)
    assert client.get(reverse("forum:post_edit", args=[question.pk])).status_code == 200
    assert Notification.objects.filter(recipient=asker, kind="reply").exists()
    own = json.loads(client.get(reverse("accounts:account_export")).content)
    assert {p["anonymous"] for p in own["posts"]} == {True}


def test_a_moderator_reveals_the_author_only_with_a_reason_that_is_logged(
    anonymous_thread, asker, moderator, member
):
    question = Post.objects.get(thread=anonymous_thread, is_question=True)
    url = reverse("moderation:post_action", args=[question.pk])
    client = signed_in(moderator)

    response = client.post(url, {"action": "reveal", "reason": ""}, follow=True)
    assert not leaks(response.content.decode(), asker)
    assert "Say why you need to know" in response.content.decode()
    assert not ModerationEvent.objects.filter(action="post_reveal").exists()

    # A member can't, whatever they send.
    refused = signed_in(member).post(url, {"action": "reveal", "reason": "curious"})
    assert refused.status_code == 403

    response = client.post(
        url,
        {"action": "reveal", "reason": "Threats in a reply; sanction needed."},
        follow=True,
    )
    assert NAME in response.content.decode()
    event = ModerationEvent.objects.get(action="post_reveal")
    assert event.actor == moderator
    assert event.reason == "Threats in a reply; sanction needed."
    assert (event.target_type, event.target_id) == ("post", question.pk)
    assert event.subject_id is None  # The log names nobody.
    log = client.get(reverse("moderation:log")).content.decode()
    assert "Revealed an anonymous post" in log
    assert not leaks(log, asker)
    # Searching the log by the asker's name finds nothing about the thread.
    by_name = client.get(reverse("moderation:log") + f"?subject={NAME}")
    assert "Embarrassing" not in by_name.content.decode()


def test_a_named_reply_is_the_default_and_nothing_changes_for_it(thread, member):
    client = signed_in(member)
    client.post(
        reverse("forum:post_create", args=[thread.pk]), {"body": "Named reply here."}
    )
    post = Post.objects.filter(thread=thread).latest("pk")
    assert not post.is_anonymous
    assert member.display_name in client.get(thread.get_absolute_url()).content.decode()
