"""Sanctions through HTTP: warnings, suspensions, bans, lifting."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import Sanction
from forum.models import Post
from moderation import services
from moderation.models import Flag, ModerationEvent
from tests import factories
from tests.factories import PASSWORD

from .helpers import (
    client_for,
    flag,
    make_admin,
    post_reply,
    sanction,
    text,
)

pytestmark = pytest.mark.django_db


# Sanctions ------------------------------------------------------------------


def test_a_warned_member_sees_the_warning_once(client, member, mod_client):
    client.force_login(member)
    response = sanction(mod_client, member, "warn", reason="Please keep it civil.")
    assert response.status_code == 302
    assert response.url == member.get_absolute_url()
    first = text(client.get(reverse("forum:home")))
    assert "A warning from the moderators: Please keep it civil." in first
    second = text(client.get(reverse("forum:home")))
    assert "Please keep it civil." not in second
    assert Sanction.objects.get(user=member).acknowledged_at is not None


def test_a_suspended_member_can_read_but_not_post_or_flag(
    client, other_member, mod_client, bad_reply
):
    thread = bad_reply.thread
    client.force_login(other_member)
    response = sanction(mod_client, other_member, "suspend", reason="Cool off.", days=3)
    assert response.status_code == 302
    until = Sanction.objects.get(user=other_member).ends_at

    page = client.get(thread.get_absolute_url())
    assert page.status_code == 200
    page_text = text(page)
    assert f"Your account is suspended until {until:%-d %b %Y, %H:%M} UTC" in page_text
    assert "You can read, but not post or flag." in page_text
    assert "Post reply" not in page_text
    flag_url = reverse("moderation:flag_create", args=[bad_reply.pk])
    assert flag_url not in page.content.decode()

    response = post_reply(client, thread)
    assert response.status_code == 403
    assert f"You are suspended until {until:%d %b %Y %H:%M} UTC" in text(response)
    assert not Post.objects.filter(author=other_member).exists()
    response = flag(client, bad_reply)
    assert response.status_code == 403
    assert "can't flag posts" in text(response)
    assert Flag.objects.count() == 0
    assert client.get(reverse("forum:thread_create")).status_code == 403
    assert client.get(reverse("moderation:my_flags")).status_code == 200


def test_lifting_a_suspension_early_lets_the_member_post_again(
    client, other_member, moderator, mod_client, thread
):
    suspension = services.user_suspend(
        user=other_member,
        moderator=moderator,
        reason="Cool off.",
        duration=timedelta(days=3),
    )
    client.force_login(other_member)
    assert post_reply(client, thread).status_code == 403
    response = mod_client.post(
        reverse("moderation:sanction_lift", args=[suspension.pk]),
        {"reason": "Apologised."},
    )
    assert response.status_code == 302
    assert "suspended" not in text(client.get(thread.get_absolute_url()))
    assert post_reply(client, thread).status_code == 302
    assert Post.objects.filter(author=other_member).count() == 1
    assert ModerationEvent.objects.filter(action="sanction_lift").count() == 1


def test_lifting_needs_a_reason(other_member, moderator, mod_client):
    suspension = services.user_suspend(
        user=other_member,
        moderator=moderator,
        reason="Cool off.",
        duration=timedelta(days=3),
    )
    response = mod_client.post(
        reverse("moderation:sanction_lift", args=[suspension.pk]), {}
    )
    assert "Give a reason to lift the sanction." in text(mod_client.get(response.url))
    suspension.refresh_from_db()
    assert suspension.is_active


def test_suspension_needs_a_number_of_days(other_member, mod_client):
    response = sanction(mod_client, other_member, "suspend", days="")
    assert "Say for how many days." in text(mod_client.get(response.url))
    assert not Sanction.objects.filter(user=other_member).exists()


def test_a_ban_ends_the_members_session_at_once_and_login_says_banned(
    client, other_member, mod_client, thread
):
    client.force_login(other_member)
    assert client.get(reverse("forum:home")).context["user"] == other_member
    response = sanction(mod_client, other_member, "ban", reason="Spam account.")
    assert response.status_code == 302

    home = client.get(reverse("forum:home"))
    assert home.context["user"].is_anonymous
    assert "Sign in" in text(home)
    response = post_reply(client, thread)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert not Post.objects.filter(author=other_member).exists()

    fresh = Client()
    response = fresh.post(
        reverse("accounts:login"),
        {"username": other_member.username, "password": PASSWORD},
    )
    assert response.status_code == 200
    assert "This account is banned by the moderators." in text(response)
    assert "_auth_user_id" not in fresh.session
    # A wrong password reveals nothing about the ban.
    wrong = fresh.post(
        reverse("accounts:login"),
        {"username": other_member.username, "password": "not-the-password"},
    )
    assert "banned" not in text(wrong)


def test_moderators_cannot_sanction_admins_or_moderators_but_admins_can(
    django_user_model, moderator, mod_client
):
    admin_user = make_admin(django_user_model)
    colleague = factories.ModeratorFactory(display_name="Mod Colleague")
    for target in (admin_user, colleague, moderator):
        response = sanction(mod_client, target, "suspend", days=3)
        assert response.status_code == 403
        assert "You can't sanction this member." in text(response)
        assert "Moderators: sanctions" not in text(
            mod_client.get(target.get_absolute_url())
        )
    assert Sanction.objects.count() == 0

    admin_client = client_for(admin_user)
    assert "Moderators: sanctions" in text(
        admin_client.get(colleague.get_absolute_url())
    )
    response = sanction(admin_client, colleague, "suspend", days=3)
    assert response.status_code == 302
    assert Sanction.objects.get().user == colleague
    assert sanction(admin_client, admin_user, "warn").status_code == 403
