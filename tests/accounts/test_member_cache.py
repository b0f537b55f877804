"""The member loaded for each request comes from the cache, and every change
to what it carries applies from the member's next request."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts import backends
from accounts import services as account_services
from accounts.models import ClinicianProfile, Sanction
from accounts.roles import MODERATORS_GROUP
from moderation import clinicians
from moderation import services as moderation_services
from tests import factories
from tests.second_factor import pass_second_factor

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def member_queries(client, url=None) -> int:
    """How many queries read the member's row on one request."""
    with CaptureQueriesContext(connection) as ctx:
        client.get(url or reverse("accounts:settings"))
    return sum('FROM "accounts_user"' in q["sql"] for q in ctx.captured_queries)


def test_the_member_row_is_read_once_then_cached(member):
    client = signed_in(member)
    assert member_queries(client) == 1
    assert member_queries(client) == 0


def test_a_ban_ends_the_session_on_the_next_request(member, moderator):
    client = signed_in(member)
    client.get(reverse("forum:home"))  # Cached now.
    moderation_services.user_ban(user=member, moderator=moderator, reason="Spam")
    response = client.get(reverse("accounts:settings"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_suspension_and_its_lifting_apply_on_the_next_request(
    member, moderator, thread
):
    client = signed_in(member)
    reply_url = reverse("forum:post_create", args=[thread.pk])
    client.get(reverse("forum:home"))
    sanction = moderation_services.user_suspend(
        user=member, moderator=moderator, reason="Cool off", duration=timedelta(days=1)
    )
    assert "Your account is suspended" in client.get("/").content.decode()
    refused = client.post(reply_url, {"body": "Is anyone still reading this?"})
    assert refused.status_code == 403
    moderation_services.sanction_lift(
        sanction=sanction, moderator=moderator, reason="Appeal accepted"
    )
    assert "Your account is suspended" not in client.get("/").content.decode()
    posted = client.post(reply_url, {"body": "Back again, thanks for waiting."})
    assert posted.status_code == 302


def test_a_suspension_is_not_cached_past_its_end(member, moderator):
    Sanction.objects.create(
        user=member,
        kind=Sanction.Kind.SUSPENSION,
        reason="Short",
        created_by=moderator,
        ends_at=timezone.now() + timedelta(seconds=5),
    )
    user = backends.MemberBackend().get_user(member.pk)
    assert user.suspended_until is not None
    assert 1 <= backends._snapshot_seconds(user) <= 5


def test_joining_and_leaving_the_moderators_applies_at_once(member):
    client = signed_in(member)
    queue = reverse("moderation:queue")
    assert client.get(queue).status_code == 403
    group = Group.objects.get(name=MODERATORS_GROUP)
    member.groups.add(group)
    # A new moderator is sent to set up two-factor authentication first.
    response = client.get(queue)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two_factor_setup"))
    pass_second_factor(client, member)
    assert client.get(queue).status_code == 200
    group.user_set.remove(member)  # From the group's side this time.
    assert client.get(queue).status_code == 403


def test_a_revoked_clinician_loses_the_inbox_at_once(clinician, moderator):
    client = signed_in(clinician)
    inbox = reverse("forum:clinician_inbox")
    assert client.get(inbox).status_code == 200
    clinicians.clinician_status_change(
        profile=clinician.clinician_profile,
        moderator=moderator,
        status=ClinicianProfile.Status.REVOKED,
        reason="Licence lapsed",
    )
    assert client.get(inbox).status_code == 403


def test_a_new_password_ends_the_other_sessions(member):
    laptop, phone = signed_in(member), signed_in(member)
    phone.get(reverse("forum:home"))
    laptop.post(
        reverse("accounts:password_change"),
        {
            "old_password": factories.PASSWORD,
            "new_password1": "a-brand-new-long-password",
            "new_password2": "a-brand-new-long-password",
        },
    )
    response = phone.get(reverse("accounts:settings"))
    assert response.status_code == 302
    assert laptop.get(reverse("accounts:settings")).status_code == 200


def test_a_warning_is_shown_once(member, moderator):
    client = signed_in(member)
    client.get("/")
    moderation_services.user_warn(user=member, moderator=moderator, reason="Be kind")
    assert "Be kind" in client.get("/").content.decode()
    assert "Be kind" not in client.get("/").content.decode()


def test_a_new_display_name_shows_in_the_header_at_once(member):
    client = signed_in(member)
    client.get("/")
    account_services.member_settings_update(
        user=member, display_name="Brand New Name", email=member.email, bio=""
    )
    assert "Brand New Name" in client.get("/").content.decode()
