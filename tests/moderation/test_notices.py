"""Notices from anyone: a visitor without an account reports a post, gets an
acknowledgement by email, a moderator hides the post (logged, with a
statement for its author), and the visitor gets the decision; the form
validates, its limits hold, and the notifier is never named to the author."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from forum.models import Visibility
from moderation.models import ModerationEvent, Notice
from tests import factories
from tests.factories import reply

# Emails leave after commit: real transactions.
pytestmark = pytest.mark.django_db(transaction=True)

REPORT = {
    "category": "illegal",
    "explanation": "This post sells prescription-only medicine without a prescription.",
    "name": "Alex Visitor",
    "email": "alex@example.net",
    "good_faith": "on",
}


def test_visitor_reports_gets_acknowledgement_then_decision(thread, moderator):
    author = factories.UserFactory()
    post = reply(thread, author, body="DM me for cheap tramadol, no prescription.")
    visitor = Client()
    page = visitor.get(thread.get_absolute_url()).content.decode()
    report_link = f"{reverse('notice_create')}?url=%2Fp%2F{post.pk}%2F"
    assert report_link in page  # Every post, for visitors.
    form = visitor.get(report_link).content.decode()
    assert f'value="/p/{post.pk}/"' in form

    response = visitor.post(
        reverse("notice_create"), {**REPORT, "url": f"/p/{post.pk}/"}
    )
    assert response.status_code == 200
    notice = Notice.objects.get()
    assert notice.post == post and notice.reporter is None and notice.good_faith
    assert f"reference {notice.pk}" in response.content.decode()
    ack = [m for m in mail.outbox if m.to == ["alex@example.net"]]
    assert ack and f"reference {notice.pk}" in ack[0].subject

    staff = Client()
    staff.force_login(moderator)
    queue = staff.get(reverse("moderation:notices")).content.decode()
    assert "prescription-only medicine" in queue
    assert "alex@example.net" not in queue  # Not even shown to moderators.
    mail.outbox.clear()
    staff.post(
        reverse("moderation:notices"),
        {"notice": notice.pk, "outcome": "act", "reason": "Selling medicines."},
    )
    post.refresh_from_db()
    notice.refresh_from_db()
    assert post.visibility == Visibility.HIDDEN
    assert notice.state == Notice.State.ACTIONED and notice.decided_by == moderator
    assert ModerationEvent.objects.filter(
        action=ModerationEvent.Action.POST_HIDE, target_id=post.pk
    ).exists()
    decision = [m for m in mail.outbox if m.to == ["alex@example.net"]]
    assert decision and "Selling medicines." in decision[0].body
    to_author = [m for m in mail.outbox if author.email in m.to]
    assert to_author and "Alex" not in to_author[0].body


def test_the_form_validates_and_changes_nothing_when_wrong():
    client = Client()
    response = client.post(reverse("notice_create"), {"category": "illegal"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Please confirm this to send it." in html
    assert "This field is required." in html
    assert not Notice.objects.exists()
    response = client.post(
        reverse("notice_create"),
        {**REPORT, "url": "/t/1/", "email": "not an email", "category": "bogus"},
    )
    assert not Notice.objects.exists()


def test_abuse_limit_per_address(settings):
    settings.MODERATION_NOTICE_RATE_LIMIT = (2, 3600)
    client = Client()
    for _ in range(2):
        client.post(reverse("notice_create"), {**REPORT, "url": "/about/"})
    response = client.post(reverse("notice_create"), {**REPORT, "url": "/about/"})
    assert response.status_code == 429
    assert Notice.objects.count() == 2


def test_no_action_is_told_too(moderator):
    notice = Notice.objects.create(
        category="other", explanation="x" * 30, url="/about/", email="a@example.net"
    )
    staff = Client()
    staff.force_login(moderator)
    mail.outbox.clear()
    staff.post(
        reverse("moderation:notices"),
        {"notice": notice.pk, "outcome": "none", "reason": "Nothing wrong there."},
    )
    notice.refresh_from_db()
    assert notice.state == Notice.State.NO_ACTION
    assert "no action was needed" in mail.outbox[0].body
