import re
from html import unescape

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from tests import factories
from tests.factories import PASSWORD, reply

pytestmark = pytest.mark.django_db
User = get_user_model()

SIGNUP = {
    "username": "maple",
    "email": "Maple@Example.org",
    "display_name": "MapleWalker",
    "password1": "a sturdy passphrase 42",
    "password2": "a sturdy passphrase 42",
    "age_ok": "on",
    "health_consent": "on",
}


def test_signup_creates_unconfirmed_member_and_says_check_inbox(
    client, django_capture_on_commit_callbacks
):
    page = client.get(reverse("accounts:signup")).content.decode()
    assert "Pick a pseudonym, not your real name" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:signup"), SIGNUP, follow=True)
    assert response.redirect_chain[-1][0] == reverse("accounts:signup_done")
    assert "Check your inbox" in response.content.decode()
    user = User.objects.get(username="maple")
    assert user.display_name == "MapleWalker"
    assert user.email == "maple@example.org"
    assert user.email_verified_at is None
    assert user.password.startswith("md5$")  # Tests use MD5; production Argon2.
    assert [m.to for m in mail.outbox] == [["maple@example.org"]]
    # Signed out until they sign in (the same page a taken email gets).
    assert "Sign out" not in response.content.decode()
    assert client.login(username="maple", password=SIGNUP["password1"])


def test_project_hashes_passwords_with_argon2(settings):
    from config import settings as project_settings

    # The autouse fixture swaps in MD5 for speed; restore the project's list.
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    user = factories.UserFactory()
    user.set_password("another sturdy passphrase")
    assert user.password.startswith("argon2")
    assert user.check_password("another sturdy passphrase")


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"display_name": "ab"}, "display_name", "between 3 and 30"),
        ({"display_name": "me@example.org"}, "display_name", "letters, digits"),
        ({"display_name": "<script>x</script>"}, "display_name", "letters, digits"),
        ({"display_name": "taken name"}, "display_name", "is taken"),
        ({"display_name": "TAKEN NAME"}, "display_name", "is taken"),
        ({"email": "not-an-email"}, "email", "valid email"),
        ({"password2": "something else 42"}, "password2", "didn’t match"),
        ({"password1": "short", "password2": "short"}, "password2", "too short"),
        ({"username": "taken"}, "username", "already exists"),
    ],
)
def test_invalid_signup_shows_error_and_creates_nothing(client, change, field, message):
    factories.UserFactory(
        username="taken", email="taken@example.org", display_name="Taken Name"
    )
    response = client.post(reverse("accounts:signup"), {**SIGNUP, **change})
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert User.objects.count() == 1


def test_display_name_bidi_controls_are_stripped(client):
    client.post(
        reverse("accounts:signup"), {**SIGNUP, "display_name": "Maple\u202eWalker"}
    )
    assert User.objects.get(username="maple").display_name == "MapleWalker"


def test_login_and_logout(client):
    user = factories.UserFactory()
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(reverse("accounts:settings")).status_code == 200
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("accounts:settings")).status_code == 302


def test_wrong_password_is_refused_with_message(client):
    user = factories.UserFactory()
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": "nope"}
    )
    assert response.status_code == 200
    assert "don't match an account" in unescape(response.content.decode())


def test_profile_shows_pseudonym_and_posts_never_private_details(
    client, thread, member
):
    reply(thread, member, body="My own reply that appears on my profile.")
    html = client.get(member.get_absolute_url()).content.decode()
    assert member.display_name in html
    assert thread.title in html
    assert "Member since" in html
    assert member.email not in html
    assert f">{member.username}<" not in html


def test_profile_hides_deleted_threads_from_others(client, thread, member):
    from forum.models import Thread, Visibility

    Thread.objects.filter(pk=thread.pk).update(visibility=Visibility.HIDDEN)
    assert thread.title not in client.get(member.get_absolute_url()).content.decode()


def test_profile_of_unknown_or_inactive_member_is_404(client):
    user = factories.UserFactory(is_active=False)
    assert client.get(reverse("accounts:profile", args=[user.pk])).status_code == 404
    assert client.get(reverse("accounts:profile", args=[999999])).status_code == 404


def test_clinician_profile_shows_badge(client, clinician):
    html = client.get(clinician.get_absolute_url()).content.decode()
    assert "Physician · Neurology · Verified" in html


def test_settings_update_display_name_and_bio(client, member):
    client.force_login(member)
    response = client.post(
        reverse("accounts:settings"),
        {
            "display_name": "New Pseudonym",
            "email": member.email,
            "bio": "Living with MS since 2019.",
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.display_name, member.bio) == (
        "New Pseudonym",
        "Living with MS since 2019.",
    )


def test_settings_refuses_taken_display_name(client, member, other_member):
    client.force_login(member)
    old = member.display_name
    response = client.post(
        reverse("accounts:settings"),
        {
            "display_name": other_member.display_name.upper(),
            "email": member.email,
            "bio": "",
        },
    )
    assert response.status_code == 200
    assert "is taken" in response.content.decode()
    member.refresh_from_db()
    assert member.display_name == old


def test_settings_requires_login(client):
    response = client.get(reverse("accounts:settings"))
    assert response.status_code == 302


def test_password_change(client, member):
    client.force_login(member)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "brand new passphrase 7",
            "new_password2": "brand new passphrase 7",
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password("brand new passphrase 7")


def test_password_reset_by_email_link_once(client, member):
    response = client.post(reverse("accounts:password_reset"), {"email": member.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(
        r"https?://[^/]+(/accounts/password/reset/\S+)", mail.outbox[0].body
    ).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0]
    response = client.post(
        set_url,
        {
            "new_password1": "reset passphrase 99",
            "new_password2": "reset passphrase 99",
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password("reset passphrase 99")
    # The link cannot be used twice.
    again = client.get(link, follow=True).content.decode()
    assert "no longer works" in again


def test_password_reset_does_not_reveal_unknown_email(client):
    response = client.post(
        reverse("accounts:password_reset"), {"email": "nobody@example.org"}, follow=True
    )
    assert "If an account uses that address" in response.content.decode()
    assert len(mail.outbox) == 0
