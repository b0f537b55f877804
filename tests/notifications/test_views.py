import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications import emails, selectors, services
from notifications.models import Follow, Frequency, Kind, Notification
from tests import factories
from tests.factories import reply
from tests.test_pages import _problems

pytestmark = pytest.mark.django_db


@pytest.fixture
def notified(thread, member, other_member):
    """``member`` has one unread reply notification from ``other_member``."""
    reply(thread, other_member)
    return Notification.objects.get(recipient=member)


def _login_url(url):
    return f"{reverse('accounts:login')}?next={url}"


@pytest.mark.parametrize("name", ["notification_list", "follow_list", "preferences"])
def test_anonymous_is_sent_to_sign_in(client, name):
    url = reverse(f"notifications:{name}")
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == _login_url(url)


def test_anonymous_cannot_follow(client, thread):
    url = reverse("notifications:follow_thread", args=[thread.pk])
    response = client.post(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert Follow.objects.filter(thread=thread).count() == 1  # The asker only.


def test_follow_and_unfollow_a_thread_in_one_click(client, thread, other_member):
    client.force_login(other_member)
    follow = reverse("notifications:follow_thread", args=[thread.pk])
    response = client.post(follow, {"next": thread.get_absolute_url()})
    assert response.status_code == 302
    assert response.url == thread.get_absolute_url()
    assert Follow.objects.filter(user=other_member, thread=thread).exists()
    html = client.get(thread.get_absolute_url()).content.decode()
    assert reverse("notifications:unfollow_thread", args=[thread.pk]) in html
    client.post(reverse("notifications:unfollow_thread", args=[thread.pk]))
    assert not Follow.objects.filter(user=other_member, thread=thread).exists()


def test_follow_redirects_only_to_this_site(client, thread, other_member):
    client.force_login(other_member)
    url = reverse("notifications:follow_thread", args=[thread.pk])
    response = client.post(url, {"next": "https://evil.example/"})
    assert response.url == thread.get_absolute_url()


def test_follow_needs_post_and_csrf(thread, other_member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(other_member)
    url = reverse("notifications:follow_thread", args=[thread.pk])
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 403
    assert not Follow.objects.filter(user=other_member, thread=thread).exists()


def test_hidden_thread_cannot_be_followed_by_others(client, thread, other_member):
    thread.visibility = thread.Visibility.HIDDEN
    thread.save(update_fields=["visibility"])
    client.force_login(other_member)
    url = reverse("notifications:follow_thread", args=[thread.pk])
    assert client.post(url).status_code == 404
    assert not Follow.objects.filter(user=other_member).exists()


def test_follow_a_condition_from_its_page(client, condition, other_member):
    client.force_login(other_member)
    html = client.get(condition.get_absolute_url()).content.decode()
    url = reverse("notifications:follow_condition", args=[condition.slug])
    assert url in html
    client.post(url)
    assert Follow.objects.filter(user=other_member, condition=condition).exists()
    html = client.get(reverse("notifications:follow_list")).content.decode()
    assert condition.name in html
    client.post(reverse("notifications:unfollow_condition", args=[condition.slug]))
    assert not Follow.objects.filter(user=other_member, condition=condition).exists()


def test_anonymous_sees_a_sign_in_link_instead_of_follow(client, thread):
    html = client.get(thread.get_absolute_url()).content.decode()
    assert "Sign in to follow" in html


def test_bell_shows_the_unread_count(client, member, notified):
    client.force_login(member)
    html = client.get(reverse("forum:home")).content.decode()
    assert 'notification-count">1<' in html


def test_notification_list_links_to_the_reply(client, member, notified):
    client.force_login(member)
    response = client.get(reverse("notifications:notification_list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert reverse("forum:post_detail", args=[notified.post_id]) in html
    assert notified.actor.display_name in html


def test_member_marks_own_notification_read(client, member, notified):
    client.force_login(member)
    url = reverse("notifications:notification_read", args=[notified.pk])
    assert client.post(url).status_code == 302
    notified.refresh_from_db()
    assert notified.read_at is not None


def test_others_notifications_are_404(client, other_member, notified):
    client.force_login(other_member)
    url = reverse("notifications:notification_read", args=[notified.pk])
    assert client.post(url).status_code == 404
    notified.refresh_from_db()
    assert notified.read_at is None


def test_mark_all_read(client, member, notified, thread):
    reply(thread)
    client.force_login(member)
    client.post(reverse("notifications:notification_read_all"))
    assert not Notification.objects.filter(
        recipient=member, read_at__isnull=True
    ).exists()


def test_following_page_shows_unread_replies(client, member, thread):
    reply(thread)
    reply(thread)
    client.force_login(member)
    html = client.get(reverse("notifications:follow_list")).content.decode()
    assert thread.title in html
    assert "2 new replies" in html


def test_preferences_page_saves_choices(client, member):
    client.force_login(member)
    url = reverse("notifications:preferences")
    assert client.get(url).status_code == 200
    data = {kind: Frequency.IMMEDIATELY for kind in services.EMAIL_KINDS}
    data[Kind.REPLY] = Frequency.DAILY
    response = client.post(url, data)
    assert response.status_code == 302
    assert services.preference_frequencies(user=member)[Kind.REPLY] == (Frequency.DAILY)


def test_unsubscribe_link_confirms_on_get_and_acts_on_post(client, member):
    token = emails.unsubscribe_token(user=member, kinds=[Kind.REPLY])
    url = reverse("notifications:unsubscribe", args=[token])
    response = client.get(url)
    assert response.status_code == 200
    assert services.preference_frequencies(user=member)[Kind.REPLY] == (
        Frequency.IMMEDIATELY
    )
    response = client.post(url)
    assert response.status_code == 200
    assert "Done" in response.content.decode()
    assert services.preference_frequencies(user=member)[Kind.REPLY] == (Frequency.NEVER)


def test_one_click_unsubscribe_works_without_session_or_csrf_token(member):
    # RFC 8058: the mail provider posts without cookies; the signature is
    # the authority.
    client = Client(enforce_csrf_checks=True)
    token = emails.unsubscribe_token(user=member, kinds=[Kind.MENTION])
    url = reverse("notifications:unsubscribe", args=[token])
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert services.preference_frequencies(user=member)[Kind.MENTION] == (
        Frequency.NEVER
    )


def test_forged_unsubscribe_link_is_refused(client, member):
    token = emails.unsubscribe_token(user=member, kinds=[Kind.REPLY])
    forged = token.replace(str(member.pk), str(member.pk + 1), 1) + "x"
    url = reverse("notifications:unsubscribe", args=[forged])
    assert client.get(url).status_code == 400
    assert client.post(url).status_code == 400
    assert services.preference_frequencies(user=member)[Kind.REPLY] == (
        Frequency.IMMEDIATELY
    )


def test_pages_have_no_inline_script_style_or_handlers(client, member, notified):
    token = emails.unsubscribe_token(user=member, kinds=[Kind.REPLY])
    client.force_login(member)
    for url in [
        reverse("notifications:notification_list"),
        reverse("notifications:follow_list"),
        reverse("notifications:preferences"),
        reverse("notifications:unsubscribe", args=[token]),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert _problems(response.content.decode()) == [], url


def test_list_pages_run_constant_queries(
    client, member, condition, django_assert_max_num_queries
):
    client.force_login(member)
    services.follow_condition(user=member, condition=condition)
    urls = [
        reverse("notifications:notification_list"),
        reverse("notifications:follow_list"),
        reverse("forum:home"),
    ]

    def grow(n):
        for _ in range(n):
            thread = factories.ThreadFactory(conditions=[condition])
            services.follow_thread(user=member, thread=thread)
            reply(thread)
            reply(thread)

    grow(2)
    small = [_count(client, url) for url in urls]
    grow(12)
    assert [_count(client, url) for url in urls] == small
    for url, budget in zip(urls, [7, 7, 9], strict=True):
        with django_assert_max_num_queries(budget):
            client.get(url)


def _count(client, url):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()  # Counted cold: no cached member, page or fragment.
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_bell_costs_one_query(client, member, notified, django_assert_num_queries):
    from django.template import Context, Template

    template = Template("{% load notification_tags %}{% notification_bell %}")
    with django_assert_num_queries(1):
        html = template.render(Context({"user": member}))
    assert 'notification-count">1<' in html


def test_reading_a_followed_thread_again_writes_no_notification_state(
    client, member, notified, thread
):
    client.force_login(member)
    url = thread.get_absolute_url()
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    writes = [
        q["sql"]
        for q in ctx.captured_queries
        if q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT", "DELETE"))
        and "notifications_" in q["sql"]
    ]
    assert writes == []
    follow = selectors.follow_list_threads(user=member).get()
    assert follow.unread == 0
