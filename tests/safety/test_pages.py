"""The pages people expect, and the contact form."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

PAGES = ["about", "privacy", "guidelines", "disclaimer", "contact", "crisis"]

MESSAGE = "Hello, I think a moderator hid my reply by mistake, could you look?"


def test_every_page_is_linked_from_the_footer(client):
    home = client.get(reverse("forum:home")).content.decode()
    footer = home.split('<footer class="site-footer">', 1)[1]
    for name in PAGES:
        assert f'href="{reverse(f"safety:{name}")}"' in footer, name


@pytest.mark.parametrize("name", PAGES)
def test_page_renders_for_visitors(client, name):
    response = client.get(reverse(f"safety:{name}"))
    assert response.status_code == 200


def test_privacy_policy_links_to_export_and_deletion_settings(client):
    page = client.get(reverse("safety:privacy")).content.decode()
    assert f'href="{reverse("accounts:settings")}"' in page
    assert "How long we keep it" in page


@pytest.fixture
def moderators(moderator):
    return [moderator]


@pytest.fixture
def send(client, django_capture_on_commit_callbacks):
    def post(data, c=None):
        with django_capture_on_commit_callbacks(execute=True):
            return (c or client).post(reverse("safety:contact"), data)

    return post


def test_visitor_message_is_emailed_to_the_moderators(send, moderators):
    response = send(
        {
            "name": "Wren",
            "email": "wren@example.net",
            "topic": "moderation",
            "message": MESSAGE,
        }
    )
    assert response.status_code == 302
    [email] = mail.outbox
    assert email.to == [moderators[0].email]
    assert email.reply_to == ["wren@example.net"]
    assert MESSAGE in email.body
    assert "Wren (visitor)" in email.body


def test_member_message_replies_to_the_account_address(
    client, send, member, moderators
):
    client.force_login(member)
    form = client.get(reverse("safety:contact")).content.decode()
    assert 'name="email"' not in form
    response = send({"topic": "privacy", "message": MESSAGE})
    assert response.status_code == 302
    [email] = mail.outbox
    assert email.reply_to == [member.email]
    assert f"@{member.username}" in email.body


def test_configured_address_receives_messages(send, moderators, settings):
    settings.SAFETY_MODERATORS_EMAIL = "mods@forum.example.org"
    send({"email": "wren@example.net", "topic": "other", "message": MESSAGE})
    assert [m.to for m in mail.outbox] == [["mods@forum.example.org"]]


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"topic": "other", "message": MESSAGE}, "This field is required."),
        (
            {"email": "not-an-address", "topic": "other", "message": MESSAGE},
            "Enter a valid email address.",
        ),
        (
            {"email": "w@example.net", "topic": "other", "message": "Help?"},
            "Write at least 20 characters",
        ),
        (
            {"email": "w@example.net", "topic": "nope", "message": MESSAGE},
            "Select a valid choice.",
        ),
        (
            {"email": "w@example.net", "topic": "other", "message": "x" * 5001},
            "Keep it under 5000 characters.",
        ),
    ],
)
def test_invalid_message_is_refused_and_nothing_sent(send, moderators, data, error):
    response = send(data)
    assert response.status_code == 200
    assert error in response.content.decode()
    assert mail.outbox == []


def test_contact_form_is_rate_limited(send, moderators, settings):
    settings.SAFETY_CONTACT_RATE_LIMIT = (2, 3600)
    data = {"email": "wren@example.net", "topic": "other", "message": MESSAGE}
    assert send(data).status_code == 302
    assert send(data).status_code == 302
    response = send(data)
    assert response.status_code == 429
    assert len(mail.outbox) == 2


def test_contact_form_needs_a_csrf_token(moderators):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("safety:contact"),
        {"email": "wren@example.net", "topic": "other", "message": MESSAGE},
    )
    assert response.status_code == 403
    assert mail.outbox == []
