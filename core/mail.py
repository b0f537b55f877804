"""Email sent at most once per idempotency key.

Tasks run at least once: a worker killed mid-task leaves its task RUNNING,
and ``manage.py requeue_stale_tasks`` gives it to another worker. So each
email a task sends carries a key (the task's id, or what the email is about)
and is recorded once it has left; a retry skips what is recorded. The one
gap left: a worker killed between the mail server's acceptance and the
record sends that email again when retried (at least once, not exactly)."""

from __future__ import annotations

from django.core.mail import EmailMessage

from .models import SentEmail


def task_key(context, *parts) -> str:
    """A key for an email of this task run (``takes_context`` tasks)."""
    return ":".join(["task", str(context.task_result.id), *map(str, parts)])[:200]


def send_once(key: str, message: EmailMessage) -> bool:
    """Send ``message`` unless an email with ``key`` already left; whether
    it was sent now."""
    if SentEmail.objects.filter(key=key).exists():
        return False
    message.send()
    SentEmail.objects.get_or_create(key=key)  # Safe if another run got there.
    return True
