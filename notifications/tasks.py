"""Notification email. Runs in-process in development and tests
(ImmediateBackend) and on a worker in production."""

from django.tasks import task

from . import emails


@task
def deliver_notification_emails(*, notification_ids: list[int]) -> int:
    """Email these notifications to members who want them at once."""
    return emails.emails_deliver(notification_ids=notification_ids)


@task
def send_digest(*, user_id: int) -> int:
    """Email one member everything waiting for the digest."""
    return emails.digest_send(user_id=user_id)
