"""Two-factor authentication: staff use their powers only after a second
factor; anybody with it on signs in in two steps."""

import time

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import twofactor
from forum.models import Post, Visibility
from members import services as member_services
from tests import factories
from tests.factories import PASSWORD
from tests.second_factor import app_code

SETUP = reverse("accounts:two_factor_setup")
VERIFY = reverse("accounts:two_factor_verify")
LOGIN = reverse("accounts:login")


@pytest.fixture
def admin_user(db):
    return factories.UserFactory(is_staff=True, is_superuser=True)


def staff(request, role):
    return {
        "moderator": lambda: request.getfixturevalue("moderator"),
        "admin": lambda: request.getfixturevalue("admin_user"),
        "clinician": lambda: request.getfixturevalue("clinician"),
    }[role]()


STAFF_PAGES = [
    ("moderator", "moderation:queue"),
    ("moderator", "moderation:log"),
    ("moderator", "review:application_list"),
    ("admin", "admin:index"),
    ("admin", "moderation:queue"),
    ("clinician", "forum:clinician_inbox"),
]


def no_second_factor(user) -> Client:
    client = Client()
    client.force_login(user, second_factor=False)
    return client


def set_up(client, user, next_url=""):
    """What a member does on the setup page: scan, type the app's code."""
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(SETUP, {"code": app_code(device), "next": next_url})
    assert response.status_code == 200
    return device, response.context["codes"]


@pytest.mark.parametrize("role,url_name", STAFF_PAGES)
def test_staff_without_two_factor_are_sent_to_set_it_up_then_pass(
    db, request, role, url_name
):
    # ``db`` named here so pytest-django runs this with the other database
    # tests, before the transactional ones empty the Moderators group.
    user = staff(request, role)
    client = no_second_factor(user)
    url = reverse(url_name)

    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{SETUP}?{'next=' + url.replace('/', '%2F')}"
    setup_page = client.get(response["Location"])
    html = setup_page.content.decode()
    assert 'src="data:image/svg+xml' in html  # The QR code, as an image.
    assert "Moderators, administrators and verified clinicians need it" in html

    # A wrong code turns nothing on.
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    wrong = client.post(SETUP, {"code": "000000"})
    assert "That code isn&#x27;t right" in wrong.content.decode()
    assert client.get(url).status_code == 302
    assert not twofactor.is_enabled(user)

    time.sleep(1.1)  # django-otp makes the next try wait a second.
    response = client.post(SETUP, {"code": app_code(device), "next": url})
    codes = response.context["codes"]
    assert len(codes) == len(set(codes)) == 10
    assert f'href="{url}"' in response.content.decode()
    assert client.get(url).status_code == 200


def test_a_moderator_without_two_factor_has_no_powers_on_forum_pages(
    moderator, member, thread
):
    post = factories.reply(thread, author=member)
    client = no_second_factor(moderator)
    hide = client.post(
        reverse("moderation:post_action", args=[post.pk]),
        {"action": "hide", "reason": "Off topic"},
    )
    assert hide["Location"].startswith(SETUP)
    # Editing someone else's post is a moderator's power too.
    edit = client.post(
        reverse("forum:post_edit", args=[post.pk]), {"body": "Rewritten by a mod."}
    )
    assert edit.status_code == 403
    post.refresh_from_db()
    assert post.visibility == Visibility.VISIBLE
    assert "Rewritten" not in post.source
    # The banner says why, on every page.
    home = client.get(reverse("forum:home")).content.decode()
    assert "need two-factor authentication in this session" in home
    # Reading and flagging like any member still work.
    assert client.get(thread.get_absolute_url()).status_code == 200


def test_a_clinician_answer_waits_for_the_second_factor(clinician, thread):
    client = no_second_factor(clinician)
    url = reverse("forum:post_create", args=[thread.pk])
    response = client.post(url, {"body": "Keep a symptom diary for two weeks."})
    assert response["Location"] == f"{SETUP}?next=%2Ft%2F{thread.pk}%2F"
    assert not Post.objects.filter(author=clinician).exists()


def test_members_without_a_staff_role_are_never_asked(member, thread):
    client = no_second_factor(member)
    before = Post.objects.filter(author=member).count()
    response = client.post(
        reverse("forum:post_create", args=[thread.pk]),
        {"body": "Thanks, this helped me a lot with the fatigue."},
    )
    assert response.status_code == 302
    assert Post.objects.filter(author=member).count() == before + 1
    home = client.get(reverse("forum:home")).content.decode()
    assert "need two-factor authentication" not in home


def sign_in(client, user, next_url=""):
    data = {"username": user.username, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post(LOGIN, data)


def signed_in_as(client):
    return client.session.get("_auth_user_id")


def test_with_two_factor_on_the_password_alone_does_not_sign_in(moderator):
    client = no_second_factor(moderator)
    device, _codes = set_up(client, moderator)
    client.logout()

    queue = reverse("moderation:queue")
    response = sign_in(client, moderator, next_url=queue)
    assert response["Location"] == VERIFY
    assert signed_in_as(client) is None
    assert client.get(queue)["Location"].startswith(LOGIN)

    wrong = client.post(VERIFY, {"code": "123456"})
    assert wrong.status_code == 200
    assert signed_in_as(client) is None

    time.sleep(1.1)
    response = client.post(VERIFY, {"code": app_code(device, steps_ahead=1)})
    assert response["Location"] == queue
    assert signed_in_as(client) == str(moderator.pk)
    assert client.get(queue).status_code == 200


def test_a_code_works_once(moderator):
    client = no_second_factor(moderator)
    device, _codes = set_up(client, moderator)
    client.logout()
    sign_in(client, moderator)
    code = app_code(device, steps_ahead=1)
    assert client.post(VERIFY, {"code": code}).status_code == 302
    other = Client()
    sign_in(other, moderator)
    replay = other.post(VERIFY, {"code": code})
    assert replay.status_code == 200
    assert signed_in_as(other) is None


def test_a_recovery_code_signs_in_once(member):
    client = no_second_factor(member)
    _device, codes = set_up(client, member)
    client.logout()

    sign_in(client, member)
    response = client.post(VERIFY, {"code": codes[0].upper()}, follow=True)
    assert signed_in_as(client) == str(member.pk)
    assert "You used a recovery code; 9 left" in response.content.decode()

    again = Client()
    sign_in(again, member)
    assert again.post(VERIFY, {"code": codes[0]}).status_code == 200
    assert signed_in_as(again) is None


def test_the_code_step_expires_and_stops_after_five_wrong_codes(member):
    client = no_second_factor(member)
    device, _codes = set_up(client, member)
    client.logout()

    sign_in(client, member)
    session = client.session
    pending = session[twofactor.PENDING_SESSION_KEY]
    pending["at"] -= twofactor.PENDING_SECONDS + 1
    session[twofactor.PENDING_SESSION_KEY] = pending
    session.save()
    response = client.post(VERIFY, {"code": app_code(device)})
    assert response["Location"] == LOGIN
    assert signed_in_as(client) is None

    sign_in(client, member)
    for _ in range(4):
        assert client.post(VERIFY, {"code": "999999"}).status_code == 200
    response = client.post(VERIFY, {"code": "999999"})
    assert response["Location"] == LOGIN
    # Starting again is needed even with the right code.
    assert client.post(VERIFY, {"code": app_code(device)})["Location"] == LOGIN
    assert signed_in_as(client) is None


def test_without_a_password_step_the_code_page_signs_nobody_in(member):
    client = Client()
    assert client.post(VERIFY, {"code": "123456"})["Location"] == LOGIN
    assert signed_in_as(client) is None


def test_a_stolen_password_cannot_replace_the_authenticator(moderator):
    """A session that hasn't passed the second factor can't set up a new
    app over the old one, nor turn it off or make new recovery codes."""
    owner = no_second_factor(moderator)
    device, codes = set_up(owner, moderator)

    thief = no_second_factor(moderator)  # As if signed in by the password.
    assert thief.get(SETUP)["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=moderator).count() == 1
    for url in ("two_factor_disable", "two_factor_recovery_codes"):
        response = thief.post(reverse(f"accounts:{url}"), {"code": "000000"})
        assert response.status_code == 400
        time.sleep(1.1)
    assert twofactor.is_enabled(moderator)
    assert twofactor.recovery_codes_left(moderator) == 10


def test_a_member_turns_it_on_makes_new_codes_and_turns_it_off(member):
    client = no_second_factor(member)
    settings_page = client.get(reverse("accounts:settings")).content.decode()
    assert "Two-factor authentication: off" in settings_page
    device, old_codes = set_up(client, member)
    settings_page = client.get(reverse("accounts:settings")).content.decode()
    assert "Two-factor authentication: on" in settings_page

    response = client.post(
        reverse("accounts:two_factor_recovery_codes"),
        {"code": app_code(device, steps_ahead=1)},
    )
    new_codes = response.context["codes"]
    assert not set(new_codes) & set(old_codes)
    stored = set(
        StaticToken.objects.filter(device__user=member).values_list("token", flat=True)
    )
    assert stored == set(new_codes)

    response = client.post(
        reverse("accounts:two_factor_disable"), {"code": new_codes[0]}
    )
    assert response["Location"] == reverse("accounts:two_factor")
    assert not twofactor.is_enabled(member)
    assert twofactor.recovery_codes_left(member) == 0
    client.logout()
    sign_in(client, member)
    assert signed_in_as(client) == str(member.pk)  # Password alone again.


def test_export_says_whether_it_is_on_and_leaving_removes_it(member):
    client = no_second_factor(member)
    device, _codes = set_up(client, member)
    exported = member_services.account_export(user=member)["two_factor"]
    assert exported == {"enabled": True, "recovery_codes_left": 10}
    assert device.key not in str(member_services.account_export(user=member))
    member_services.account_delete(user=member, password=PASSWORD, delete_posts=True)
    assert not TOTPDevice.objects.filter(user=member).exists()
    assert not StaticToken.objects.filter(device__user=member).exists()


def test_the_admin_cannot_read_a_key_or_make_a_device(admin_user, member):
    client = Client()
    client.force_login(admin_user)
    other = no_second_factor(member)
    device, _codes = set_up(other, member)
    change = client.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk]))
    assert change.status_code == 200
    assert device.key not in change.content.decode()
    add = client.get(reverse("admin:otp_totp_totpdevice_add"))
    assert add.status_code == 403
    # Deleting it is the reset for a member who lost phone and codes.
    client.post(
        reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"}
    )
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()


def test_switched_off_the_rule_lets_staff_through_and_deploy_check_warns(
    settings, moderator, capsys
):
    settings.ACCOUNTS_STAFF_2FA = False
    assert (
        no_second_factor(moderator).get(reverse("moderation:queue")).status_code == 200
    )
    call_command("check", "--deploy", "--tag", "security", fail_level="CRITICAL")
    assert "accounts.W001" in capsys.readouterr().err
