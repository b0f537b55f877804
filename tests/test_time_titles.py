"""Dates read the same way everywhere: relative ("3 hours ago") with the
exact date and time in the ``<time>`` element's title and datetime, on every
page that shows one."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from forum import services
from notifications import services as notification_services
from tests import factories

pytestmark = pytest.mark.django_db

TIME_TAG = re.compile(r"<time\b([^>]*)>(.*?)</time>", re.S)


def test_every_date_is_relative_with_the_exact_date_in_its_title(member, moderator):
    thread = factories.ThreadFactory(author=member, title="Dates on every page?")
    notification_services.follow_thread(user=member, thread=thread)
    services.post_create(
        thread=thread, author=factories.UserFactory(), body="A reply to notify about."
    )
    client = Client()
    client.force_login(member)
    pages = [
        "/",
        thread.get_absolute_url(),
        reverse("notifications:notification_list"),
        member.get_absolute_url(),
        "/search/?q=dates",
    ]
    seen = 0
    for url in pages:
        html = client.get(url).content.decode()
        for attrs, text in TIME_TAG.findall(html):
            seen += 1
            assert re.search(r'datetime="\d{4}-\d\d-\d\dT', attrs), (url, attrs)
            assert re.search(r'title="\d{1,2} \w+ \d{4}, \d\d:\d\d UTC"', attrs), (
                url,
                attrs,
            )
            assert re.search(r"ago|now|\d", text), (url, text)
    assert seen >= 6
