"""Reading position: a member coming back to a thread they follow is told how
many replies came since their last visit, with a link to the first of them
(on whichever page it is); nothing for their own replies, nothing once read,
nothing for threads they don't follow or for visitors."""

import re

import pytest
from django.test import Client

from notifications import services as notification_services
from notifications.models import Follow
from tests import factories

pytestmark = pytest.mark.django_db

BANNER = re.compile(r'class="unread-jump".*?(\d+) new repl.*?href="([^"]+)"', re.S)


def opened(client, thread):
    return client.get(thread.get_absolute_url()).content.decode()


def test_returning_follower_jumps_to_the_first_unread_reply(thread, member):
    notification_services.follow_thread(user=member, thread=thread)
    client = Client()
    client.force_login(member)
    factories.reply(thread, factories.UserFactory(), body="Seen before I left.")
    # Posted since the member followed: new on their first visit, then read.
    assert re.search(r"1 new reply since your last visit", opened(client, thread))
    assert "unread-jump" not in opened(client, thread)

    # Later: two replies by others, one by the member themself.
    first = factories.reply(thread, factories.UserFactory(), body="First new one.")
    mine = factories.reply(thread, member, body="My own reply, not news to me.")
    second = factories.reply(thread, factories.UserFactory(), body="Second new one.")
    assert first.created_at < mine.created_at < second.created_at

    html = opened(client, thread)
    count, url = BANNER.search(html).groups()
    assert count == "2"
    assert url == f"/p/{first.pk}/"
    # The permalink lands on the post, on its page.
    landing = client.get(url)
    assert landing.status_code == 302 and landing["Location"].endswith(
        f"#post-{first.pk}"
    )
    # Read now: no banner next time.
    assert "unread-jump" not in opened(client, thread)


def test_no_reading_position_without_a_follow_or_when_signed_out(thread, other_member):
    Follow.objects.filter(user=other_member).delete()
    factories.reply(thread, factories.UserFactory(), body="A reply nobody follows.")
    client = Client()
    client.force_login(other_member)
    assert "unread-jump" not in opened(client, thread)
    assert "unread-jump" not in opened(Client(), thread)
