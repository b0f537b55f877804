"""A member whose post is hidden sees their own text, why it is hidden and
what they can do; nobody else (but moderators) sees the text, and the
author is never told who flagged it."""

from html import unescape

import pytest
from django.test import Client
from django.urls import reverse

from moderation import services
from tests import factories
from tests.factories import reply

pytestmark = pytest.mark.django_db

TEXT = "Stop your injections; my tea cured me."
REASON = "Advice to stop a prescribed treatment (guideline 3)."


def page_of(client, thread) -> str:
    return unescape(client.get(thread.get_absolute_url()).content.decode())


def test_author_of_a_post_hidden_by_a_moderator_sees_text_reason_and_next_steps(
    thread, other_member, moderator
):
    post = reply(thread, other_member, body=TEXT)
    services.post_hide(post=post, moderator=moderator, reason=REASON)
    author = Client()
    author.force_login(other_member)
    html = page_of(author, thread)
    assert TEXT in html
    assert "Only you and the moderators can see this post." in html
    assert "A moderator hid it." in html and REASON in html
    assert reverse("safety:guidelines") in html
    assert f"{reverse('safety:contact')}?topic=moderation" in html
    assert moderator.display_name not in html  # Who decided isn't shown.


@pytest.mark.parametrize("who", ["visitor", "member", "asker"])
def test_others_see_only_the_placeholder(thread, other_member, moderator, who):
    post = reply(thread, other_member, body=TEXT)
    services.post_hide(post=post, moderator=moderator, reason=REASON)
    client = Client()
    if who == "member":
        client.force_login(factories.UserFactory())
    elif who == "asker":
        client.force_login(thread.author)
    html = page_of(client, thread)
    assert TEXT not in html and REASON not in html
    assert "This post was hidden by a moderator." in html


def test_author_of_a_post_hidden_by_flags_sees_the_concerns_not_the_flaggers(
    thread, other_member, settings
):
    settings.FORUM_FLAG_HIDE_THRESHOLD = 2
    post = reply(thread, other_member, body=TEXT)
    flaggers = [factories.UserFactory(display_name=f"Flagger {n}") for n in (1, 2)]
    services.flag_create(post=post, reporter=flaggers[0], reason="misinformation")
    services.flag_create(post=post, reporter=flaggers[1], reason="spam")
    author = Client()
    author.force_login(other_member)
    html = page_of(author, thread)
    assert TEXT in html
    assert "hidden automatically because several members flagged it" in html
    notice = html[html.index('class="hidden-notice"') :]
    notice = notice[: notice.index("</div>")]
    assert "Spam" in notice and "Medical misinformation" in notice
    assert "Flagger" not in html


def test_contact_form_comes_with_the_topic_chosen(client, member):
    client.force_login(member)
    form = client.get(reverse("safety:contact") + "?topic=moderation").context["form"]
    assert form["topic"].value() == "moderation"
    unknown = client.get(reverse("safety:contact") + "?topic=<x>").context["form"]
    assert unknown["topic"].value() in (None, "")


def test_the_notification_names_the_thread(thread, other_member, moderator):
    post = reply(thread, other_member, body=TEXT)
    services.post_hide(post=post, moderator=moderator, reason=REASON)
    author = Client()
    author.force_login(other_member)
    html = unescape(
        author.get(reverse("notifications:notification_list")).content.decode()
    )
    assert f"Moderators: Hid a post in “{thread.title}”" in html
