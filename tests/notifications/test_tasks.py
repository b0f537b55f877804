"""Notification email through the real tasks backend and locmem mailer."""

from io import StringIO

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from forum.models import Visibility
from moderation import services as moderation_services
from notifications import services
from notifications.emails import EMAIL_THROTTLE
from notifications.models import Frequency, Kind, Notification
from tests import factories
from tests.factories import reply

from .conftest import set_frequency

pytestmark = pytest.mark.django_db


def _to(user):
    return [m for m in mail.outbox if m.to == [user.email]]


def test_reply_notifies_follower_in_app_and_by_email(
    thread, member, other_member, mail_on_commit
):
    with mail_on_commit():
        post = reply(thread, other_member, body="Pacing my days helped a lot.")
    notification = Notification.objects.get(recipient=member)
    assert (notification.kind, notification.post, notification.actor) == (
        Kind.REPLY,
        post,
        other_member,
    )
    assert notification.email_state == Notification.EmailState.SENT
    [email] = _to(member)
    assert thread.title[:40] in email.subject
    assert "\n" not in email.subject and len(email.subject) < 90
    assert other_member.display_name in email.body
    assert thread.get_absolute_url() in email.body
    # Only display names: no addresses, and not the reply's text.
    assert other_member.email not in email.body
    assert "Pacing my days" not in email.body
    assert _to(other_member) == []


def test_email_carries_one_click_unsubscribe_headers(
    client, thread, member, mail_on_commit
):
    with mail_on_commit():
        reply(thread)
    [email] = _to(member)
    header = email.extra_headers["List-Unsubscribe"]
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = header.strip("<>")
    assert url in email.body
    path = url.split("://", 1)[1].split("/", 1)[1]
    response = client.post("/" + path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert services.preference_frequencies(user=member)[Kind.REPLY] == (Frequency.NEVER)


def test_display_names_are_not_html_escaped_in_plain_text(
    thread, member, mail_on_commit
):
    replier = factories.UserFactory(display_name="Jo O'Neil & co")
    with mail_on_commit():
        reply(thread, replier)
    [email] = _to(member)
    assert "Jo O'Neil & co" in email.body


def test_burst_of_100_replies_sends_a_follower_at_most_two_emails(
    thread, member, other_member, mail_on_commit
):
    for i in range(100):
        with mail_on_commit():  # Each reply commits on its own, as in production.
            reply(thread, other_member, body=f"Update number {i} on how it goes.")
    assert Notification.objects.filter(recipient=member).count() == 100
    assert len(_to(member)) == 1
    with mail_on_commit():
        call_command("send_digests", stdout=StringIO())
    emails = _to(member)
    assert len(emails) == 2
    assert "99" in emails[1].subject
    assert not Notification.objects.filter(
        recipient=member, email_state=Notification.EmailState.PENDING
    ).exists()


def test_held_replies_fold_into_the_next_email_after_the_window(
    thread, member, mail_on_commit
):
    for _ in range(2):
        with mail_on_commit():
            reply(thread)
    assert len(_to(member)) == 1
    Notification.objects.filter(email_state=Notification.EmailState.SENT).update(
        emailed_at=timezone.now() - EMAIL_THROTTLE * 2
    )
    cache.clear()
    with mail_on_commit():
        reply(thread)
    emails = _to(member)
    assert len(emails) == 2
    assert emails[1].subject.startswith("2 updates")


def test_daily_choice_waits_for_the_digest(thread, member, mail_on_commit):
    set_frequency(member, Kind.REPLY, Frequency.DAILY)
    with mail_on_commit():
        reply(thread)
        reply(factories.ThreadFactory(author=member))
    assert _to(member) == []
    with mail_on_commit():
        call_command("send_digests", stdout=StringIO())
    [digest] = _to(member)
    assert "digest" in digest.subject.lower()
    assert thread.title in digest.body
    assert "List-Unsubscribe" in digest.extra_headers
    with mail_on_commit():
        call_command("send_digests", stdout=StringIO())
    assert len(_to(member)) == 1  # Nothing is sent twice.


def test_never_means_no_email_but_still_a_notification(thread, member, mail_on_commit):
    set_frequency(member, Kind.REPLY, Frequency.NEVER)
    with mail_on_commit():
        reply(thread)
        call_command("send_digests", stdout=StringIO())
    assert _to(member) == []
    assert Notification.objects.get(recipient=member).email_state == (
        Notification.EmailState.SKIPPED
    )


def test_digest_skips_content_hidden_since(thread, member, moderator, mail_on_commit):
    set_frequency(member, Kind.REPLY, Frequency.DAILY)
    with mail_on_commit():
        post = reply(thread)
        moderation_services.post_hide(post=post, moderator=moderator, reason="Spam")
        call_command("send_digests", stdout=StringIO())
    assert post.author.email in [m.to[0] for m in mail.outbox]  # The hide notice.
    assert _to(member) == []
    assert Notification.objects.get(recipient=member).email_state == (
        Notification.EmailState.SKIPPED
    )


def test_inactive_member_gets_no_email(thread, member, mail_on_commit):
    member.is_active = False
    member.save(update_fields=["is_active"])
    with mail_on_commit():
        reply(thread)
    assert _to(member) == []


def test_moderation_decisions_are_not_emailed_twice(
    thread, other_member, moderator, mail_on_commit
):
    with mail_on_commit():
        post = reply(thread, other_member)
        moderation_services.post_hide(post=post, moderator=moderator, reason="Spam")
    # Only the hide notice the moderation service sends itself.
    assert len(_to(other_member)) == 1
    assert Notification.objects.get(recipient=other_member).kind == Kind.MODERATION


def test_pending_question_is_not_emailed(settings, condition, member, mail_on_commit):
    services.follow_condition(user=member, condition=condition)
    set_frequency(member, Kind.NEW_THREAD, Frequency.IMMEDIATELY)
    settings.FORUM_PREMODERATION_POSTS = 2
    with mail_on_commit():
        thread = factories.ThreadFactory(conditions=[condition])
    assert thread.visibility == Visibility.PENDING
    assert _to(member) == []
