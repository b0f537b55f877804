"""One end-to-end run through a real SMTP server on 127.0.0.1 (aiosmtpd)."""

import email
import re
import socket
from email import policy

import pytest
from aiosmtpd.controller import Controller
from django.core import mail

from notifications.models import Notification
from tests.factories import reply

pytestmark = pytest.mark.django_db


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_inbox(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    # pytest-django swaps every mailer for locmem; point "default" at the
    # real server for this test only.
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": "127.0.0.1",
                "port": controller.port,
                "use_tls": False,
                "timeout": 10,
            },
        }
    }
    yield inbox
    controller.stop()


def test_reply_email_goes_over_smtp(
    smtp_inbox, thread, member, other_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        reply(thread, other_member)
    assert mail.outbox == []  # Not the locmem backend.
    [envelope] = smtp_inbox.messages
    assert envelope.rcpt_tos == [member.email]
    message = email.message_from_bytes(envelope.content, policy=policy.default)
    assert thread.title[:30] in message["Subject"]
    assert message["List-Unsubscribe"].startswith("<http")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # As sent, not as decoded: a mail client reads the URL only if it is not
    # folded into RFC 2047 encoded-words (RFC 8058).
    raw = envelope.content.decode("ascii", "replace").replace("\r\n", "\n")
    header = re.search(r"^List-Unsubscribe: (.*)$", raw, re.MULTILINE).group(1)
    assert header == message["List-Unsubscribe"]
    assert re.fullmatch(
        r"<https?://[^\s>]+/notifications/unsubscribe/[^\s>]+/>", header
    )
    body = message.get_content()
    assert other_member.display_name in body
    assert "To stop emails about: Replies in threads you follow, open this link" in body
    assert "['" not in body
    notification = Notification.objects.get(recipient=member)
    assert notification.email_state == Notification.EmailState.SENT
