"""Quote-reply: a Quote link on each visible post opens the reply box with
that post quoted (works without JavaScript: it is a link)."""

import pytest
from django.test import Client
from django.urls import reverse

from forum.models import Post, Visibility
from tests import factories
from tests.factories import reply

pytestmark = pytest.mark.django_db


def reply_box(client, thread, quote) -> str:
    response = client.get(thread.get_absolute_url(), {"quote": quote})
    assert response.status_code == 200
    return response.context["reply_form"]["body"].value() or ""


def test_quote_link_fills_the_reply_box(thread, member, other_member):
    other_member.display_name = "Night *Owl*"
    other_member.save()
    post = reply(thread, other_member, body="Cooling vests help.\n\nSo do fans.")
    client = Client()
    client.force_login(member)
    page = client.get(thread.get_absolute_url()).content.decode()
    assert f'href="?quote={post.pk}#reply-heading"' in page
    body = reply_box(client, thread, post.pk)
    assert body == (
        "> **Night \\*Owl\\*** wrote:\n> Cooling vests help.\n>\n> So do fans.\n\n"
    )
    # Posting it makes a quotation in the reply.
    client.post(reverse("forum:post_create", args=[thread.pk]), {"body": body + "Yes!"})
    mine = Post.objects.filter(author=member).latest("created_at")
    assert "<blockquote>" in mine.html and "Cooling vests help." in mine.html


@pytest.mark.parametrize("quote", ["hidden", "other thread", "x", "²", "9" * 40, "-1"])
def test_anything_but_a_visible_post_of_this_thread_is_ignored(
    thread, member, other_member, quote
):
    hidden = reply(thread, other_member, body="Secret words.")
    Post.objects.filter(pk=hidden.pk).update(visibility=Visibility.HIDDEN)
    elsewhere = reply(factories.ThreadFactory(), other_member, body="Elsewhere.")
    value = {"hidden": hidden.pk, "other thread": elsewhere.pk}.get(quote, quote)
    client = Client()
    client.force_login(member)
    assert reply_box(client, thread, value) == ""


def test_visitors_get_no_quote_links(client, thread, other_member):
    post = reply(thread, other_member)
    assert (
        f"quote={post.pk}" not in client.get(thread.get_absolute_url()).content.decode()
    )
