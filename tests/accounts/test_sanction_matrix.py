"""Every permission function against every sanction: a suspended or banned
member, or one whose email is not confirmed, may read but may do nothing
that writes; the same member unsanctioned may."""

from datetime import timedelta

import pytest
from django.urls import reverse

from accounts import permissions as account_permissions
from accounts.models import ClinicianApplication
from forum import permissions as forum_permissions
from forum.models import Post
from moderation import permissions as moderation_permissions
from moderation import services as moderation_services
from notifications import permissions as notification_permissions
from tests import factories
from tests.factories import reply

pytestmark = pytest.mark.django_db


def _writes(user, own_post, others_reply, own_thread, others_thread):
    """Each write permission, by name, for ``user``."""
    return {
        "post": forum_permissions.can_post(user),
        "reply": forum_permissions.can_reply(user, others_thread),
        "edit own post": forum_permissions.can_edit_post(user, own_post),
        "delete own post": forum_permissions.can_delete_post(user, own_post),
        "mark helpful": forum_permissions.can_mark_helpful(user, others_reply),
        "accept an answer": forum_permissions.can_accept_answer(
            user, Post.objects.get(thread=own_thread, is_question=False)
        ),
        "unaccept": forum_permissions.can_unaccept_answer(user, own_thread),
        "flag": moderation_permissions.can_flag(user, others_reply),
        "apply as clinician": account_permissions.can_apply_as_clinician(user),
        "moderate": forum_permissions.can_moderate(user),
    }


@pytest.fixture
def scene(condition):
    member = factories.UserFactory()
    someone = factories.UserFactory()
    own_thread = factories.ThreadFactory(author=member, conditions=[condition])
    reply(own_thread, someone, body="An answer the member could accept.")
    others_thread = factories.ThreadFactory(author=someone, conditions=[condition])
    own_post = reply(others_thread, member, body="The member's own reply.")
    others_reply = reply(others_thread, someone, body="Someone else's reply.")
    return member, own_post, others_reply, own_thread, others_thread


def _sanction(member, state):
    moderator = factories.ModeratorFactory()
    if state == "suspended":
        moderation_services.user_suspend(
            user=member,
            moderator=moderator,
            duration=timedelta(days=3),
            reason="Cool off.",
        )
    elif state == "banned":
        moderation_services.user_ban(user=member, moderator=moderator, reason="Spam.")
    elif state == "email not confirmed":
        member.email_verified_at = None
        member.save(update_fields=["email_verified_at"])
    # As the next request will see them (sanctions are read once per request).
    return type(member).objects.get(pk=member.pk)


def test_an_unsanctioned_member_may_do_every_write(scene):
    member, *objects = scene
    allowed = _writes(member, *objects)
    assert {k for k, v in allowed.items() if not v} == {"moderate"}


@pytest.mark.parametrize("state", ["suspended", "banned", "email not confirmed"])
def test_a_sanctioned_member_may_do_no_write_but_may_read(scene, state):
    member, own_post, others_reply, own_thread, others_thread = scene
    member = _sanction(member, state)
    allowed = _writes(member, own_post, others_reply, own_thread, others_thread)
    assert [k for k, v in allowed.items() if v] == []
    assert forum_permissions.can_view_thread(member, others_thread)
    if state != "banned":  # Banned members can't sign in at all.
        assert notification_permissions.can_follow_thread(member, others_thread)


def test_a_suspended_member_cannot_submit_a_clinician_application(client, scene):
    member, *_ = scene
    _sanction(member, "suspended")
    client.force_login(member)
    response = client.post(
        reverse("accounts:clinician_apply"),
        {"profession": "physician", "registration_number": "GMC 1234567"},
    )
    assert response.status_code == 403
    assert "suspended until" in response.content.decode()
    assert not ClinicianApplication.objects.filter(user=member).exists()
