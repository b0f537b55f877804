"""Email confirmation: members post only once their address is confirmed."""

import importlib
import re
import time
from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import mail, signing
from django.core.management import call_command
from django.urls import reverse

from accounts import verification
from forum.permissions import can_post
from notifications import services as notification_services
from tests import factories

pytestmark = pytest.mark.django_db
User = get_user_model()
CONFIRM = "Confirm your email to post"


@pytest.fixture
def newcomer(db):
    return factories.UserFactory(email_verified_at=None)


def link_in(message) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/verify/\S+/)", message.body).group(1)


class OldSigner(signing.TimestampSigner):
    """Signs as if four days ago: how a link looks once it has expired."""

    def timestamp(self):
        return signing.b62_encode(int(time.time()) - 4 * 24 * 60 * 60)


def test_unconfirmed_member_can_read_follow_and_edit_profile_but_not_post(
    client, newcomer, thread
):
    assert not can_post(newcomer)
    client.force_login(newcomer)
    assert client.get(thread.get_absolute_url()).status_code == 200
    notification_services.follow_thread(user=newcomer, thread=thread)
    response = client.post(
        reverse("accounts:settings"),
        {"display_name": "New Name", "email": newcomer.email, "bio": "Hello."},
    )
    assert response.status_code == 302
    newcomer.refresh_from_db()
    assert newcomer.bio == "Hello." and newcomer.email_verified_at is None


def test_ask_page_tells_unconfirmed_member_to_confirm_with_a_resend_button(
    client, newcomer
):
    client.force_login(newcomer)
    response = client.get(reverse("forum:thread_create"))
    assert response.status_code == 403
    page = response.content.decode()
    assert CONFIRM in page
    assert f'action="{reverse("accounts:verify_email_resend")}"' in page
    assert newcomer.email in page


def test_reply_from_unconfirmed_member_is_refused_with_the_confirm_page(
    client, newcomer, thread
):
    client.force_login(newcomer)
    response = client.post(
        reverse("forum:post_create", args=[thread.pk]),
        {"body": "A reply that must not be posted yet."},
    )
    assert response.status_code == 403
    assert CONFIRM in response.content.decode()
    assert thread.posts.count() == 1


def test_other_refusals_keep_their_own_page(client, newcomer):
    client.force_login(newcomer)
    response = client.get(reverse("moderation:queue"))
    assert response.status_code == 403
    assert CONFIRM not in response.content.decode()


def test_suspended_member_sees_the_suspension_not_the_confirm_page(client, moderator):
    from moderation.services import user_suspend

    member = factories.UserFactory(email_verified_at=None)
    user_suspend(
        user=member, moderator=moderator, reason="Cool off.", duration=timedelta(days=1)
    )
    client.force_login(member)
    page = client.get(reverse("forum:thread_create")).content.decode()
    assert "suspended" in page and CONFIRM not in page


def test_signup_link_confirms_and_opening_it_again_changes_nothing(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("accounts:signup"),
            {
                "username": "maple",
                "email": "maple@example.org",
                "display_name": "MapleWalker",
                "password1": "a sturdy passphrase 42",
                "password2": "a sturdy passphrase 42",
                "age_ok": "on",
                "health_consent": "on",
            },
        )
    link = link_in(mail.outbox[0])
    response = client.get(link, follow=True)
    assert "Your email is confirmed" in response.content.decode()
    user = User.objects.get(username="maple")
    confirmed_at = user.email_verified_at
    assert confirmed_at is not None and can_post(user)

    again = client.get(link, follow=True)
    assert "already confirmed" in again.content.decode()
    user.refresh_from_db()
    assert user.email_verified_at == confirmed_at


def test_expired_link_says_so_and_changes_nothing(client, newcomer):
    token = OldSigner(salt=verification.EMAIL_VERIFICATION_SALT).sign_object(
        {"u": newcomer.pk, "e": newcomer.email}
    )
    response = client.get(reverse("accounts:verify_email", args=[token]))
    assert response.status_code == 400
    assert "expired" in response.content.decode()
    newcomer.refresh_from_db()
    assert newcomer.email_verified_at is None


def test_forged_link_is_refused_and_changes_nothing(client, newcomer):
    victim = factories.UserFactory(email_verified_at=None)
    token = verification.email_verification_token(user=newcomer)
    payload, rest = token.split(":", 1)
    forged_payload = signing.b64_encode(
        signing.JSONSerializer().dumps({"u": victim.pk, "e": victim.email})
    ).decode()
    for forged in (f"{forged_payload}:{rest}", token[:-2] + "xx"):
        response = client.get(reverse("accounts:verify_email", args=[forged]))
        assert response.status_code == 400
        assert "not valid" in response.content.decode()
    assert not User.objects.filter(email_verified_at__isnull=False).exists()


def test_link_for_a_previous_email_does_not_confirm_the_new_one(client, newcomer):
    old_link = reverse(
        "accounts:verify_email",
        args=[verification.email_verification_token(user=newcomer)],
    )
    User.objects.filter(pk=newcomer.pk).update(email="new@example.org")
    response = client.get(old_link)
    assert response.status_code == 400
    assert "no longer uses" in response.content.decode()
    newcomer.refresh_from_db()
    assert newcomer.email_verified_at is None


def test_resend_sends_a_working_link(
    client, newcomer, django_capture_on_commit_callbacks
):
    client.force_login(newcomer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:verify_email_resend"),
            {"next": reverse("forum:thread_create")},
        )
    assert response.url == reverse("forum:thread_create")
    assert [m.to for m in mail.outbox] == [[newcomer.email]]
    client.get(link_in(mail.outbox[0]))
    newcomer.refresh_from_db()
    assert newcomer.email_verified_at is not None
    assert client.get(reverse("forum:thread_create")).status_code == 200


def test_resend_is_rate_limited_with_a_clear_message(
    client, newcomer, settings, django_capture_on_commit_callbacks
):
    settings.ACCOUNT_VERIFICATION_RESENDS = (2, 3600)
    client.force_login(newcomer)
    url = reverse("accounts:verify_email_resend")
    with django_capture_on_commit_callbacks(execute=True):
        for _attempt in range(3):
            response = client.post(url, follow=True)
    assert len(mail.outbox) == 2
    assert "ask again in" in response.content.decode()


def test_resend_ignores_a_next_address_off_the_site(client, newcomer):
    client.force_login(newcomer)
    response = client.post(
        reverse("accounts:verify_email_resend"), {"next": "https://evil.example/"}
    )
    assert response.url == reverse("accounts:settings")


def test_resend_requires_sign_in_and_post(client, member):
    url = reverse("accounts:verify_email_resend")
    assert client.post(url).url.startswith(reverse("accounts:login"))
    client.force_login(member)
    assert client.get(url).status_code == 405


def test_changing_email_requires_confirming_the_new_address(
    client, member, django_capture_on_commit_callbacks
):
    old = member.email
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:settings"),
            {
                "display_name": member.display_name,
                "email": "Fresh@Example.org",
                "bio": "",
            },
            follow=True,
        )
    page = response.content.decode()
    assert "Open the link we sent to your new email" in page
    assert "Waiting for you to open the link we sent to fresh@example.org" in page
    member = User.objects.get(pk=member.pk)
    # Until the new address is confirmed, the old one stays, and still works.
    assert member.email == old and member.pending_email == "fresh@example.org"
    assert can_post(member)
    assert [m.to for m in mail.outbox] == [["fresh@example.org"]]
    client.get(link_in(mail.outbox[0]))
    member = User.objects.get(pk=member.pk)
    assert member.email == "fresh@example.org" and member.pending_email == ""
    assert member.email_verified_at is not None and can_post(member)


def test_a_taken_address_in_settings_looks_the_same_and_tells_its_owner(
    client, member, django_capture_on_commit_callbacks
):
    """Settings never say whether an address has an account: the member sees
    the same page as for a free address; the address's owner is told."""
    owner = factories.UserFactory(email="owner@example.org")
    client.force_login(member)
    pages = []
    for address in ("owner@example.org", "free@example.org"):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("accounts:settings"),
                {"display_name": member.display_name, "email": address, "bio": ""},
                follow=True,
            )
        pages.append(response.content.decode().replace(address, "ADDRESS"))
    assert "Another account" not in pages[0]
    assert re.sub(r'nonce="[^"]*"|value="[^"]{20,}"', "", pages[0]) == re.sub(
        r'nonce="[^"]*"|value="[^"]{20,}"', "", pages[1]
    )
    assert [m.to for m in mail.outbox] == [[owner.email], ["free@example.org"]]
    assert "another CareThread account" in mail.outbox[0].body
    assert User.objects.get(pk=owner.pk).email == "owner@example.org"


def test_saving_settings_without_a_new_email_keeps_it_confirmed(
    client, member, django_capture_on_commit_callbacks
):
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("accounts:settings"),
            {"display_name": "Renamed", "email": member.email.upper(), "bio": ""},
        )
    member.refresh_from_db()
    assert member.email_verified_at is not None
    assert mail.outbox == []


def test_settings_page_offers_resend_only_while_unconfirmed(client, newcomer, member):
    client.force_login(newcomer)
    assert CONFIRM in client.get(reverse("accounts:settings")).content.decode()
    client.force_login(member)
    assert CONFIRM not in client.get(reverse("accounts:settings")).content.decode()


def test_data_migration_confirms_members_who_joined_before(newcomer):
    migration = importlib.import_module(
        "accounts.migrations.0006_verify_existing_emails"
    )
    migration.verify_existing(apps, None)
    newcomer.refresh_from_db()
    assert newcomer.email_verified_at == newcomer.date_joined


def test_demo_members_are_confirmed():
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    assert User.objects.exists()
    assert not User.objects.filter(email_verified_at__isnull=True).exists()


def test_admins_created_at_the_command_line_are_confirmed():
    admin = User.objects.create_superuser(
        username="root", email="root@example.org", password="x", display_name="Root"
    )
    assert can_post(admin)
    plain = User.objects.create_user(
        username="plain", email="plain@example.org", password="x", display_name="P"
    )
    assert not can_post(plain)
