"""Author cards on posts: a generated avatar, role markers (moderator,
asker; the clinician badge has its own tests), member since and post count."""

import re
from html import unescape

import pytest
from django.test import Client

from forum.models import Post, Visibility
from tests import factories
from tests.factories import reply

pytestmark = pytest.mark.django_db


def header_of(html: str, post) -> str:
    start = html.index(f'id="post-{post.pk}"')
    return html[start : html.index("</header>", start)]


def text(fragment: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def test_markers_say_who_moderates_and_who_asked(thread, moderator, other_member):
    from_mod = reply(thread, moderator, body="Please keep doses general here.")
    from_asker = reply(thread, thread.author, body="Thanks, that helps.")
    from_other = reply(thread, other_member, body="Same for me.")
    html = Client().get(thread.get_absolute_url()).content.decode()
    question = thread.posts.get(is_question=True)
    assert "Moderator" in text(header_of(html, from_mod))
    assert "Asker" in text(header_of(html, from_asker))
    for post in (from_other, question):  # The question needs no "asker" mark.
        assert "Asker" not in text(header_of(html, post))
        assert "Moderator" not in text(header_of(html, post))


def test_avatar_initials_member_since_and_public_post_count(thread):
    author = factories.UserFactory(display_name="sunny fen walker")
    shown = reply(thread, author, body="One.")
    reply(thread, author, body="Two.")
    hidden = reply(thread, author, body="Three, hidden.")
    Post.objects.filter(pk=hidden.pk).update(visibility=Visibility.HIDDEN)
    html = Client().get(thread.get_absolute_url()).content.decode()
    header = header_of(html, shown)
    assert re.search(r'class="avatar avatar-c\d" aria-hidden="true">SF<', header)
    since = author.date_joined.strftime("%b %Y")
    assert f"member since {since} · 2 posts" in text(header)


def test_avatar_of_a_name_without_letters():
    from forum.templatetags.forum_tags import avatar_initials

    assert avatar_initials(factories.UserFactory.build(display_name="...")) == "?"
    assert (
        avatar_initials(factories.UserFactory.build(display_name="élan vital")) == "ÉV"
    )
