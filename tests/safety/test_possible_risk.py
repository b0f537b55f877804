"""The possible-risk tier: the post is published as usual, its author gets a
gentle word and a link to support, the moderators get a non-urgent list
where they escalate or dismiss, and each decision is kept as an anonymous
labelled example."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from forum import services as forum_services
from forum.models import Post, Visibility
from moderation import selectors, services
from moderation.models import Flag, ModerationEvent
from notifications.models import Notification
from safety import crisis
from safety.models import RiskExample

pytestmark = pytest.mark.django_db

POSSIBLE = "Honestly I don't see the point of going on with any of it anymore."
GENTLE = "If you&#x27;re going through a hard time"


def _flags(post, reason):
    return Flag.objects.filter(post=post, reason=reason, state=Flag.State.OPEN)


def _reply(client, thread, body):
    return client.post(
        reverse("forum:post_create", args=[thread.pk]), {"body": body}, follow=True
    )


def test_the_sentence_is_in_the_possible_tier():
    assert crisis.assess(POSSIBLE).is_possible


def test_possible_post_is_published_with_a_gentle_link_and_a_quiet_flag(
    client, member, thread
):
    client.force_login(member)
    response = _reply(client, thread, POSSIBLE)
    post = Post.objects.filter(thread=thread).latest("id")
    assert post.visibility == Visibility.VISIBLE
    # The author lands on their post, not on the crisis page.
    assert "support/crisis" not in response.redirect_chain[-1][0]
    page = response.content.decode()
    assert GENTLE in page
    assert reverse("safety:crisis") in page
    assert _flags(post, Flag.Reason.POSSIBLE_RISK).count() == 1
    assert not _flags(post, Flag.Reason.SELF_HARM).exists()
    # Not in the general or the urgent queue; in its own list.
    assert post not in selectors.post_list_flagged()
    assert post not in selectors.post_list_flagged(urgent_only=True)
    assert list(selectors.post_list_flagged(possible_only=True)) == [post]
    counts = selectors.queue_counts()
    assert (counts["possible"], counts["flags"], counts["urgent"]) == (1, 0, 0)


def test_high_confidence_still_goes_to_the_crisis_page(client, member, thread):
    client.force_login(member)
    response = client.post(
        reverse("forum:post_create", args=[thread.pk]),
        {"body": "I'm going to take all my pills tonight once everyone's asleep."},
    )
    post = Post.objects.filter(thread=thread).latest("id")
    assert "support/crisis" in response.url
    assert _flags(post, Flag.Reason.SELF_HARM).count() == 1
    assert not _flags(post, Flag.Reason.POSSIBLE_RISK).exists()


def test_an_ordinary_post_gets_neither(client, member, thread):
    client.force_login(member)
    response = _reply(client, thread, "The new dose made me tired but it's fine.")
    assert GENTLE not in response.content.decode()
    assert not Flag.objects.exists()


def test_an_edit_from_possible_to_high_raises_the_urgent_flag(client, member, thread):
    client.force_login(member)
    _reply(client, thread, POSSIBLE)
    post = Post.objects.filter(thread=thread).latest("id")
    url = reverse("forum:post_edit", args=[post.pk])
    again = client.post(url, {"body": POSSIBLE + " Still the same."})
    assert "support/crisis" not in again.url
    assert _flags(post, Flag.Reason.POSSIBLE_RISK).count() == 1
    worse = client.post(url, {"body": POSSIBLE + " I want to kill myself."})
    assert "support/crisis" in worse.url
    assert _flags(post, Flag.Reason.SELF_HARM).count() == 1


def _possible_post(client, member, thread):
    # Through the service: the form would first ask the author to confirm
    # the phone number (the personal-data guard).
    del client
    return forum_services.post_create(
        thread=thread, author=member, body=POSSIBLE + " Call me on 07700 900123."
    )


def test_moderator_escalates_to_urgent(client, member, thread, moderator):
    post = _possible_post(client, member, thread)
    client.force_login(moderator)
    page = client.get(reverse("moderation:queue") + "?tab=possible").content.decode()
    assert "don&#x27;t see the point of going on" in page
    assert "Escalate to urgent" in page
    response = client.post(
        reverse("moderation:post_action", args=[post.pk]),
        {"action": "escalate", "reason": "Reads like despair."},
        follow=True,
    )
    assert "Moved to the urgent queue." in response.content.decode()
    assert list(selectors.post_list_flagged(urgent_only=True)) == [post]
    assert not selectors.post_list_flagged(possible_only=True).exists()
    event = ModerationEvent.objects.get(action=ModerationEvent.Action.RISK_ESCALATE)
    assert (event.actor, event.target_id, event.reason) == (
        moderator,
        post.pk,
        "Reads like despair.",
    )
    # The author is not notified that a moderator thinks they may be at risk.
    assert not Notification.objects.filter(recipient=member, event=event).exists()
    example = RiskExample.objects.get()
    assert example.label == RiskExample.Label.RISK
    assert "don't see the point" in example.text
    assert "07700 900123" not in example.text and "[phone]" in example.text
    # A second click (another moderator, a double submit) changes nothing.
    services.risk_escalate(post=post, moderator=moderator)
    assert _flags(post, Flag.Reason.SELF_HARM).count() == 1
    assert RiskExample.objects.count() == 1


def test_moderator_dismisses_and_the_example_is_kept_without_the_member(
    client, member, thread, moderator
):
    post = _possible_post(client, member, thread)
    client.force_login(moderator)
    client.post(
        reverse("moderation:post_action", args=[post.pk]), {"action": "not_risk"}
    )
    flag = Flag.objects.get(post=post)
    assert flag.state == Flag.State.DISMISSED
    example = RiskExample.objects.get()
    assert example.label == RiskExample.Label.NONE
    assert example.detector["tier"] == "possible"
    fields = {f.name for f in RiskExample._meta.get_fields()}
    assert not fields & {"post", "author", "user", "thread"}
    assert member.username not in example.text
    assert ModerationEvent.objects.filter(
        action=ModerationEvent.Action.RISK_DISMISS, target_id=post.pk
    ).exists()


def test_only_moderators_decide(client, member, thread, other_member):
    post = _possible_post(client, member, thread)
    client.force_login(other_member)
    response = client.post(
        reverse("moderation:post_action", args=[post.pk]), {"action": "escalate"}
    )
    assert response.status_code == 403
    assert _flags(post, Flag.Reason.POSSIBLE_RISK).count() == 1
    assert not RiskExample.objects.exists()
    with pytest.raises(Exception, match="Only moderators"):
        services.risk_dismiss(post=post, moderator=other_member)


def test_dismissing_other_flags_leaves_the_possible_risk_decision(
    client, member, thread, moderator, other_member
):
    post = _possible_post(client, member, thread)
    services.flag_create(post=post, reporter=other_member, reason=Flag.Reason.SPAM)
    assert post in selectors.post_list_flagged()
    services.flags_dismiss(post=post, moderator=moderator)
    assert _flags(post, Flag.Reason.POSSIBLE_RISK).count() == 1
    assert post not in selectors.post_list_flagged()
    assert list(selectors.post_list_flagged(possible_only=True)) == [post]


def test_decisions_export_as_evaluation_lines(client, member, thread, moderator):
    post = _possible_post(client, member, thread)
    services.risk_dismiss(post=post, moderator=moderator)
    french = forum_services.post_create(
        thread=thread, author=member, body="Je ne vois plus aucun sens à tout ça."
    )
    services.risk_escalate(post=french, moderator=moderator)
    out = StringIO()
    call_command("export_risk_examples", stdout=out)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [(r["label"], r["lang"]) for r in rows] == [("none", "en"), ("risk", "fr")]
    assert "[phone]" in rows[0]["text"]
    assert member.username not in out.getvalue()
