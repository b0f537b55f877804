"""Sign-in throttling, no account enumeration, password reset expiry, and
sessions (rotated on sign-in, ended elsewhere on a password change)."""

import re
import time
from datetime import timedelta
from html import unescape

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sessions.backends.db import SessionStore
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts import throttle
from tests import factories
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
User = get_user_model()
LOCKED = "Too many failed sign-in attempts"
SIGNUP = {
    "username": "maple",
    "email": "maple@example.org",
    "display_name": "MapleWalker",
    "password1": "a sturdy passphrase 42",
    "password2": "a sturdy passphrase 42",
    "age_ok": "on",
    "health_consent": "on",
}


def login(client, username, password, ip="203.0.113.5"):
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
    )


def without_nonces(html: bytes) -> str:
    # Script nonces and CSRF tokens change on every response, whoever asks.
    html = re.sub(r'nonce="[^"]*"', "", html.decode())
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


# Throttling ---------------------------------------------------------------------


def test_account_locks_after_repeated_failures_even_for_the_right_password(
    client, member, settings
):
    for _attempt in range(settings.ACCOUNT_LOGIN_MAX_FAILURES):
        response = login(client, member.username, "wrong password")
        assert "don't match an account" in unescape(response.content.decode())
    response = login(client, member.username, PASSWORD)
    assert response.status_code == 200
    page = response.content.decode()
    assert LOCKED in page and "Try again in 15 minutes" in page
    assert "_auth_user_id" not in client.session


def test_lockout_of_one_account_leaves_others_signing_in(client, member, settings):
    other = factories.UserFactory()
    for _attempt in range(settings.ACCOUNT_LOGIN_MAX_FAILURES):
        login(client, member.username, "wrong password")
    assert login(client, other.username, PASSWORD).status_code == 302


def test_unknown_username_locks_the_same_way_so_lockout_reveals_nothing(
    client, settings
):
    for _attempt in range(settings.ACCOUNT_LOGIN_MAX_FAILURES):
        login(client, "nobody-here", "wrong password")
    assert LOCKED in login(client, "nobody-here", "anything").content.decode()


def test_failures_from_one_address_never_lock_out_another_member(client, member):
    """A clinic behind one address: thirty failed sign-ins with made-up
    usernames, and one member locked out, still let everyone else in."""
    clinic = "198.51.100.7"
    for n in range(30):
        login(client, f"guess{n}", "wrong password", ip=clinic)
    victim = factories.UserFactory()
    for _attempt in range(10):
        login(client, victim.username, "wrong password", ip=clinic)
    assert (
        LOCKED in login(client, victim.username, PASSWORD, ip=clinic).content.decode()
    )
    assert login(Client(), member.username, PASSWORD, ip=clinic).status_code == 302
    # The locked member, from home: the stranger's failures don't follow them.
    assert (
        login(Client(), victim.username, PASSWORD, ip="203.0.113.9").status_code == 302
    )


def test_the_address_is_read_from_our_proxy_not_from_the_client(member, settings):
    """Behind one load balancer, X-Forwarded-For's right-most address is the
    client; what a client writes to its left is ignored."""
    settings.TRUSTED_PROXY_COUNT = 1
    balancer = {"REMOTE_ADDR": "10.0.0.2"}
    for _attempt in range(settings.ACCOUNT_LOGIN_MAX_FAILURES):
        Client().post(
            reverse("accounts:login"),
            {"username": member.username, "password": "wrong"},
            HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.20",
            **balancer,
        )
    same = Client().post(
        reverse("accounts:login"),
        {"username": member.username, "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="5.6.7.8, 198.51.100.20",
        **balancer,
    )
    assert LOCKED in same.content.decode()
    other = Client().post(
        reverse("accounts:login"),
        {"username": member.username, "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.21",
        **balancer,
    )
    assert other.status_code == 302


@pytest.mark.timing
@pytest.mark.parametrize("by", ["username", "email"])
def test_sign_in_takes_as_long_for_unknown_as_for_known_usernames(client, member, by):
    """Medians of 20 failed sign-ins, with the production password hasher:
    within 10 % of each other, so timing doesn't reveal who has an account
    (signing in by username or by email)."""
    import statistics
    import time as clock

    from django.test import override_settings

    def took(username: str, n: int) -> float:
        started = clock.perf_counter()
        login(Client(), username, "wrong password", ip=f"192.0.2.{n + 1}")
        return clock.perf_counter() - started

    argon = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    with override_settings(PASSWORD_HASHERS=argon):
        member.set_password(PASSWORD)
        member.save()
        took("nobody-by-this-name", 99)  # Warm up.
        known_name = member.username if by == "username" else member.email
        unknown_name = "nobody" if by == "username" else "nobody@example.org"
        # In turns, so a busy moment of the machine weighs on both alike.
        pairs = [(took(known_name, n), took(unknown_name, n)) for n in range(20)]
        known = statistics.median(k for k, _u in pairs)
        unknown = statistics.median(u for _k, u in pairs)
    assert abs(known - unknown) / max(known, unknown) < 0.10, (known, unknown)


def test_successful_sign_in_clears_the_account_failure_count(client, member, settings):
    for _attempt in range(settings.ACCOUNT_LOGIN_MAX_FAILURES - 1):
        login(client, member.username, "wrong password")
    assert login(client, member.username, PASSWORD).status_code == 302
    client.post(reverse("accounts:logout"))
    for _attempt in range(settings.ACCOUNT_LOGIN_MAX_FAILURES - 1):
        login(client, member.username, "wrong password")
    assert login(client, member.username, PASSWORD).status_code == 302


def test_lockout_is_kept_in_the_shared_cache(client, member, settings):
    # Failures counted by another process land in the same cache (Redis in
    # production); here they are recorded directly, not through this client.
    for _attempt in range(settings.ACCOUNT_LOGIN_MAX_FAILURES):
        throttle.login_failed(username=member.username.upper(), ip="203.0.113.5")
    assert LOCKED in login(client, member.username, PASSWORD).content.decode()


def test_lockout_ends_after_its_window(client, member, settings):
    settings.ACCOUNT_LOGIN_LOCKOUT = 1
    for _attempt in range(settings.ACCOUNT_LOGIN_MAX_FAILURES):
        login(client, member.username, "wrong password")
    assert LOCKED in login(client, member.username, PASSWORD).content.decode()
    time.sleep(1.1)
    assert login(client, member.username, PASSWORD).status_code == 302


def test_banned_member_hears_why_only_after_the_right_password(client, moderator):
    from moderation.services import user_ban

    banned = factories.UserFactory()
    user_ban(user=banned, moderator=moderator, reason="Spam.")
    assert "banned" not in login(client, banned.username, "wrong").content.decode()
    assert "banned" in login(client, banned.username, PASSWORD).content.decode()


# No enumeration -----------------------------------------------------------------


def test_signup_with_a_taken_email_looks_like_success_and_tells_the_owner(
    client, django_capture_on_commit_callbacks
):
    owner = factories.UserFactory(email="maple@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        taken = client.post(
            reverse("accounts:signup"),
            {**SIGNUP, "email": "MAPLE@example.org"},
            follow=True,
        )
    assert User.objects.count() == 1
    assert [m.to for m in mail.outbox] == [["maple@example.org"]]
    assert "Someone tried to sign up" in mail.outbox[0].subject
    assert owner.username in mail.outbox[0].body
    assert "/accounts/password/reset/" in mail.outbox[0].body

    with django_capture_on_commit_callbacks(execute=True):
        fresh = Client().post(
            reverse("accounts:signup"),
            {**SIGNUP, "username": "birch", "email": "birch@example.org"},
            follow=True,
        )
    assert User.objects.filter(username="birch").exists()
    assert taken.redirect_chain == [(reverse("accounts:signup_done"), 302)]
    assert fresh.redirect_chain == taken.redirect_chain
    assert without_nonces(fresh.content) == without_nonces(taken.content)


def test_signup_with_a_taken_email_sends_nothing_to_a_deleted_account(
    client, django_capture_on_commit_callbacks
):
    factories.UserFactory(email="maple@example.org", is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:signup"), SIGNUP)
    assert response.url == reverse("accounts:signup_done")
    assert mail.outbox == []


def test_sign_in_error_is_the_same_for_unknown_user_and_wrong_password(client, member):
    unknown = login(client, "nobody-here", "wrong password")
    wrong = login(client, member.username, "wrong password")
    assert unknown.context["form"].errors == wrong.context["form"].errors


def test_password_reset_page_is_the_same_for_known_and_unknown_email(client, member):
    known = client.post(
        reverse("accounts:password_reset"), {"email": member.email}, follow=True
    )
    unknown = client.post(
        reverse("accounts:password_reset"), {"email": "nobody@example.org"}, follow=True
    )
    assert known.redirect_chain == unknown.redirect_chain
    assert without_nonces(known.content) == without_nonces(unknown.content)


# Password reset expiry ----------------------------------------------------------


def test_password_reset_links_expire_after_an_hour(client, member):
    from config import settings as project_settings

    assert project_settings.PASSWORD_RESET_TIMEOUT == 60 * 60
    generator = default_token_generator
    now = generator._num_seconds(generator._now())
    uid = urlsafe_base64_encode(force_bytes(member.pk))

    def link_works(age: timedelta) -> bool:
        token = generator._make_token_with_timestamp(
            member, now - int(age.total_seconds()), generator.secret
        )
        url = reverse("accounts:password_reset_confirm", args=[uid, token])
        return "no longer works" not in client.get(url, follow=True).content.decode()

    assert link_works(timedelta(minutes=59))
    assert not link_works(timedelta(minutes=61))


# Sessions -------------------------------------------------------------------------


def test_sign_in_rotates_the_session_key(client, member):
    session = client.session
    session["seen_home"] = True
    session.save()
    before = session.session_key
    assert login(client, member.username, PASSWORD).status_code == 302
    after = client.session.session_key
    assert after != before
    assert not SessionStore().exists(before)


def test_password_change_ends_sessions_elsewhere_but_not_here(member):
    laptop, phone = Client(), Client()
    assert login(laptop, member.username, PASSWORD).status_code == 302
    assert login(phone, member.username, PASSWORD).status_code == 302
    assert phone.get(reverse("accounts:settings")).status_code == 200

    response = laptop.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "brand new passphrase 7",
            "new_password2": "brand new passphrase 7",
        },
    )
    assert response.status_code == 302
    assert laptop.get(reverse("accounts:settings")).status_code == 200
    stale = phone.get(reverse("accounts:settings"))
    assert stale.status_code == 302 and stale.url.startswith(reverse("accounts:login"))


@pytest.mark.django_db(transaction=True)
def test_password_reset_queues_the_same_one_task_for_known_and_unknown_email(
    client, member, settings
):
    """The request sends nothing and looks nothing up: a known and an unknown
    address each queue one task; only the worker finds who gets a link."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    for address in (member.email, "nobody@example.org"):
        client.post(reverse("accounts:password_reset"), {"email": address})
    assert mail.outbox == []
    queued = [r.args_kwargs["kwargs"]["email"] for r in DBTaskResult.objects.all()]
    assert sorted(queued) == sorted([member.email, "nobody@example.org"])
    call_command("db_worker", batch=True, no_startup_delay=True, interval=0)
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert "://testserver/accounts/password/reset/" in mail.outbox[0].body
    # Run again (its worker died before marking it done): not sent twice.
    DBTaskResult.objects.update(status="READY", started_at=None)
    call_command("db_worker", batch=True, no_startup_delay=True, interval=0)
    assert len(mail.outbox) == 1


# Signing in by email ------------------------------------------------------------


def test_member_signs_in_with_their_email_in_any_case(client, member):
    response = login(client, member.email.upper(), PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(member.pk)


def test_wrong_password_by_email_is_refused_like_by_username(client, member):
    by_email = login(client, member.email, "wrong password")
    by_name = login(Client(), member.username, "wrong password")
    unknown = login(Client(), "nobody@example.org", "wrong password")
    for response in (by_email, by_name, unknown):
        assert response.status_code == 200
        assert "don't match an account" in unescape(response.content.decode())
    assert "_auth_user_id" not in client.session


def test_failures_by_email_and_by_username_count_against_one_lockout(
    client, member, settings
):
    """Typing the email instead of the username doesn't give a second set of
    tries at the password."""
    limit = settings.ACCOUNT_LOGIN_MAX_FAILURES
    for attempt in range(limit):
        name = member.email if attempt % 2 else member.username.upper()
        login(client, name, "wrong password")
    for name in (member.username, member.email):
        page = login(Client(), name, PASSWORD).content.decode()
        assert LOCKED in page, name


def test_banned_member_signing_in_by_email_is_told_and_refused(client, member):
    member.sanctions.create(kind="ban", reason="Spam links.")
    response = login(client, member.email, PASSWORD)
    assert response.status_code == 200
    assert "This account is banned" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_sign_in_form_says_username_or_email(client):
    page = client.get(reverse("accounts:login")).content.decode()
    assert "Username or email" in page
    signup = client.get(reverse("accounts:signup")).content.decode()
    assert "sign in with it or with your email" in signup
