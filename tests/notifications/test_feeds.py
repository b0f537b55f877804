import pytest
from django.urls import reverse

from forum.models import Thread, Visibility
from tests import factories

pytestmark = pytest.mark.django_db


def test_latest_feed_is_atom_with_visible_questions_only(client, thread):
    hidden = factories.ThreadFactory(title="A question a moderator hid")
    Thread.objects.filter(pk=hidden.pk).update(visibility=Visibility.HIDDEN)
    response = client.get(reverse("notifications:feed_latest"))
    body = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    assert thread.title in body
    assert hidden.title not in body
    assert thread.get_absolute_url() in body


def test_feed_item_carries_the_sanitised_question_html(client, member, condition):
    factories.ThreadFactory(
        author=member,
        conditions=[condition],
        body="Does **rest** help? <script>alert(1)</script>",
    )
    body = client.get(reverse("notifications:feed_latest")).content.decode()
    assert "&lt;strong&gt;rest&lt;/strong&gt;" in body  # HTML, escaped in XML.
    assert "<script" not in body and "&lt;script" not in body
    assert member.email not in body


def test_condition_feed_lists_only_that_condition(client, thread, condition):
    other = factories.ThreadFactory(title="About something else entirely")
    url = reverse("notifications:feed_condition", args=[condition.slug])
    body = client.get(url).content.decode()
    assert thread.title in body
    assert other.title not in body
    assert condition.name in body


def test_unknown_condition_feed_is_404(client):
    url = reverse("notifications:feed_condition", args=["no-such-condition"])
    assert client.get(url).status_code == 404


def test_feed_runs_constant_queries(client, condition, django_assert_max_num_queries):
    for _ in range(15):
        factories.ThreadFactory(conditions=[condition])
    with django_assert_max_num_queries(2):
        client.get(reverse("notifications:feed_latest"))


def test_condition_page_links_its_feed(client, condition):
    html = client.get(condition.get_absolute_url()).content.decode()
    assert reverse("notifications:feed_condition", args=[condition.slug]) in html
