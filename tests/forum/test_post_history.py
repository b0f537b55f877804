"""Edit history: every version of an edited post, who made it and when, and
what changed word by word, for everyone who may read the post."""

from html import unescape

import pytest
from django.test import Client
from django.urls import reverse

from forum import services
from moderation import services as moderation_services
from tests import factories
from tests.factories import reply

pytestmark = pytest.mark.django_db


def history(client, post):
    return client.get(reverse("forum:post_history", args=[post.pk]))


def test_versions_newest_first_with_words_added_and_removed(thread, other_member):
    post = reply(thread, other_member, body="I take 20 mg of baclofen at night.")
    services.post_edit(
        post=post, editor=other_member, body="I take 10 mg of baclofen at night."
    )
    services.post_edit(
        post=post,
        editor=other_member,
        body="I take 10 mg of baclofen at night, as my neurologist advised.",
    )
    response = history(Client(), post)
    assert response.status_code == 200
    html = response.content.decode()
    order = [html.index(h) for h in ("Current version", "Version 2", "Original")]
    assert order == sorted(order)
    removed = '<del><span class="visually-hidden">removed: </span>'
    added = '<ins><span class="visually-hidden">added: </span>'
    assert f"{removed}20</del>{added}10</ins>" in html
    assert (
        f"{removed}night.</del>{added}night, as my neurologist advised.</ins>" in html
    )
    assert html.count(other_member.display_name) >= 3
    assert "not the author" not in html


def test_a_moderator_s_edit_shows_who_and_why(thread, other_member, moderator):
    post = reply(thread, other_member, body="Call me on 07700 900123 any time.")
    services.post_edit(
        post=post,
        editor=moderator,
        body="Message me here any time.",
        reason="Removed a phone number (privacy).",
    )
    html = unescape(history(Client(), post).content.decode())
    assert moderator.display_name in html and "not the author" in html
    assert "Removed a phone number (privacy)." in html


def test_a_question_s_title_change_is_shown(member, condition):
    thread = factories.ThreadFactory(
        author=member, title="Fatigue after my MS infusion", conditions=[condition]
    )
    question = thread.posts.get(is_question=True)
    services.post_edit(
        post=question,
        editor=member,
        title="Fatigue after my ocrelizumab infusion",
        body=question.source,
    )
    html = history(Client(), question).content.decode()
    assert "MS</del>" in html and "ocrelizumab</ins>" in html


def test_what_was_typed_is_shown_as_text(thread, other_member):
    post = reply(thread, other_member, body="<script>alert(1)</script> first try")
    services.post_edit(post=post, editor=other_member, body="second try")
    html = history(Client(), post).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_post_never_edited_says_so(thread, other_member):
    post = reply(thread, other_member)
    assert "This post has not been edited." in history(Client(), post).content.decode()


def test_the_edited_marker_links_to_the_history(client, thread, other_member):
    post = reply(thread, other_member, body="Before.")
    services.post_edit(post=post, editor=other_member, body="After.")
    html = client.get(thread.get_absolute_url()).content.decode()
    assert f'href="{reverse("forum:post_history", args=[post.pk])}"' in html


@pytest.mark.parametrize(
    "who,status", [("visitor", 404), ("member", 404), ("author", 200), ("mod", 200)]
)
def test_a_hidden_post_s_history_is_for_its_author_and_moderators(
    thread, other_member, moderator, who, status
):
    post = reply(thread, other_member, body="Before the edit.")
    services.post_edit(post=post, editor=other_member, body="After the edit.")
    moderation_services.post_hide(post=post, moderator=moderator, reason="Spam.")
    client = Client()
    users = {
        "member": factories.UserFactory(),
        "author": other_member,
        "mod": moderator,
    }
    if who in users:
        client.force_login(users[who])
    response = history(client, post)
    assert response.status_code == status
    if status == 404:
        assert "Before the edit." not in response.content.decode()
