"""Crisis signals: the author sees help at once, the post is kept, and the
moderators get an urgent item at the top of their queue."""

import pytest
from django.urls import reverse

from forum import services
from forum.models import Post, Thread, Visibility
from moderation import selectors as moderation_selectors
from moderation.models import Flag
from tests.factories import reply

pytestmark = pytest.mark.django_db

CRISIS = "Since the relapse I just want to die and I don't know who to tell."


def _self_harm_flags(post):
    return Flag.objects.filter(
        post=post, reason=Flag.Reason.SELF_HARM, state=Flag.State.OPEN, reporter=None
    )


def test_question_with_crisis_signals_is_published_and_author_sees_help(
    client, member, condition
):
    client.force_login(member)
    response = client.post(
        reverse("forum:thread_create"),
        {
            "title": "I can't cope with the fatigue any more",
            "body": CRISIS,
            "conditions": [condition.pk],
        },
        follow=True,
    )
    thread = Thread.objects.get()
    question = thread.posts.get()
    assert thread.visibility == Visibility.VISIBLE
    assert response.redirect_chain == [
        (f"{reverse('safety:crisis')}?post={question.pk}", 302)
    ]
    page = response.content.decode()
    assert "Your question is posted." in page
    assert "have to face this alone" in page
    assert reverse("forum:post_detail", args=[question.pk]) in page
    flag = _self_harm_flags(question).get()
    assert "want to die" in flag.note


def test_reply_with_crisis_signals_goes_to_the_top_of_the_urgent_queue(
    client, member, thread
):
    older = reply(thread)
    from moderation.services import flag_create

    flag_create(post=older, reporter=member, reason=Flag.Reason.SPAM)
    client.force_login(member)
    response = client.post(
        reverse("forum:post_create", args=[thread.pk]),
        {"body": "Je n'en peux plus, j'ai envie d'en finir."},
    )
    post = Post.objects.filter(thread=thread).latest("id")
    assert response.status_code == 302
    assert response.url == f"{reverse('safety:crisis')}?post={post.pk}"
    assert post.visibility == Visibility.VISIBLE
    assert _self_harm_flags(post).count() == 1
    queue = list(moderation_selectors.post_list_flagged())
    assert queue[0] == post
    assert list(moderation_selectors.post_list_flagged(urgent_only=True)) == [post]


def test_figure_of_speech_posts_normally_without_a_flag(client, member, thread):
    client.force_login(member)
    response = client.post(
        reverse("forum:post_create", args=[thread.pk]),
        {"body": "Honestly this pain is killing me, the drug killed my appetite."},
    )
    post = Post.objects.filter(thread=thread).latest("id")
    assert response.status_code == 302
    assert "crisis" not in response.url
    assert not Flag.objects.filter(post=post).exists()


def test_held_post_with_crisis_signals_is_still_flagged(
    client, member, thread, settings
):
    settings.FORUM_PREMODERATION_POSTS = 5
    client.force_login(member)
    response = client.post(
        reverse("forum:post_create", args=[thread.pk]),
        {"body": "I have been feeling suicidal for weeks now, sorry to post."},
    )
    post = Post.objects.filter(thread=thread).latest("id")
    assert post.visibility == Visibility.PENDING
    assert "support/crisis" in response.url
    assert _self_harm_flags(post).count() == 1


def test_service_flags_replies_made_outside_the_views(thread, other_member):
    post = services.post_create(
        thread=thread,
        author=other_member,
        body="Some nights I think about killing myself.",
    )
    assert _self_harm_flags(post).count() == 1


def test_edit_that_adds_crisis_signals_flags_once(client, member, thread):
    post = reply(thread, author=member)
    client.force_login(member)
    url = reverse("forum:post_edit", args=[post.pk])
    response = client.post(url, {"body": "Update: I want to end my life, honestly."})
    assert "support/crisis" in response.url
    response = client.post(url, {"body": "Update: I want to end my life. Sorry."})
    assert "support/crisis" not in response.url
    assert _self_harm_flags(post).count() == 1


def test_moderator_edit_raises_no_flag_and_no_crisis_page(client, moderator, thread):
    post = reply(thread)
    client.force_login(moderator)
    response = client.post(
        reverse("forum:post_edit", args=[post.pk]),
        {"body": "Quoting a guide: say 'I want to die' to a doctor.", "reason": "tidy"},
    )
    assert response.status_code == 302
    assert "crisis" not in response.url
    assert not Flag.objects.filter(post=post).exists()


@pytest.mark.parametrize(
    ("query", "header", "expected"),
    [
        ("?country=FR", "", "3114"),
        ("", "en-GB,en;q=0.9", "Samaritans"),
        ("", "fr-FR,fr;q=0.8", "SOS Amitié"),
        ("", "en-US", "988"),
        ("", "de-DE", "findahelpline.com"),
        ("?country=ZZ", "", "findahelpline.com"),
    ],
)
def test_crisis_page_shows_the_numbers_for_the_country(client, query, header, expected):
    response = client.get(reverse("safety:crisis") + query, HTTP_ACCEPT_LANGUAGE=header)
    assert response.status_code == 200
    assert expected in response.content.decode()


def test_crisis_numbers_come_from_settings(client, settings):
    settings.SAFETY_CRISIS_RESOURCES = {
        "default": [{"name": "Test line", "phone": "000 111", "note": "Always"}]
    }
    page = client.get(reverse("safety:crisis")).content.decode()
    assert "Test line" in page
    assert 'href="tel:000111"' in page


def test_crisis_page_ignores_a_bad_post_parameter(client):
    response = client.get(reverse("safety:crisis") + "?post=javascript:alert(1)")
    assert response.status_code == 200
    assert "javascript:" not in response.content.decode()
