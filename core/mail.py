"""Email sent at most once per idempotency key.

Tasks run at least once: a worker killed mid-task leaves its task RUNNING,
and ``manage.py requeue_stale_tasks`` gives it to another worker. So each
email a task sends carries a key (the task's id, or what the email is about)
and is recorded once it has left; a retry skips what is recorded.

The one gap a record can't close: a worker killed after the mail server
accepted the email but before the record is written (the record follows the
acceptance at once, before the connection's goodbye) sends it again when
the task is retried. So the key also fixes the email's ``Message-ID``: the copy
sent again is the same message, which mail stores and clients (Gmail,
Outlook, Thunderbird with its duplicate filter) keep once. ``make
resilience`` counts both: SMTP deliveries and distinct messages."""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage, mailers

from .models import SentEmail


def task_key(context, *parts) -> str:
    """A key for an email of this task run (``takes_context`` tasks)."""
    return ":".join(["task", str(context.task_result.id), *map(str, parts)])[:200]


def message_id(key: str) -> str:
    """The ``Message-ID`` of the email with this key: the same on every try."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:40]
    domain = urlsplit(settings.SITE_URL).hostname or "carethread.invalid"
    return f"<{digest}@{domain}>"


def send_once(key: str, message: EmailMessage) -> bool:
    """Send ``message`` unless an email with ``key`` already left; whether
    it was sent now."""
    if SentEmail.objects.filter(key=key).exists():
        return False
    message.extra_headers["Message-ID"] = message_id(key)
    with mailers.default as connection:
        connection.send_messages([message])
        # Recorded as soon as the server has accepted, before the goodbye
        # (QUIT) round trip: the window for a second copy is a few ms.
        SentEmail.objects.get_or_create(key=key)  # Safe if another run got there.
    return True
