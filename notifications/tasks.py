"""Notification email. Runs in-process in development and tests
(ImmediateBackend) and on a worker in production."""

from django.tasks import task

from . import emails, routing


@task
def deliver_notification_emails(*, notification_ids: list[int]) -> int:
    """Email these notifications to members who want them at once."""
    return emails.emails_deliver(notification_ids=notification_ids)


@task
def send_digest(*, user_id: int) -> int:
    """Email one member everything waiting for the digest."""
    return emails.digest_send(user_id=user_id)


@task
def route_questions() -> int:
    """Take the escalation steps now due and email who they reach (cron runs
    ``manage.py route_questions`` every 5 minutes)."""
    ids = routing.route_due_questions()
    if ids:
        deliver_notification_emails.enqueue(notification_ids=ids)
    return len(ids)
