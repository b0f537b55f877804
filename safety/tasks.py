"""Background work for the safety app. Runs in-process in development and tests
(ImmediateBackend) and on a worker in production."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.tasks import task

from accounts.roles import MODERATORS_GROUP
from core.mail import send_once, task_key

logger = logging.getLogger(__name__)


def moderator_addresses() -> list[str]:
    """Where contact messages go: the configured address, else every active
    moderator with an email address."""
    if settings.SAFETY_MODERATORS_EMAIL:
        return [settings.SAFETY_MODERATORS_EMAIL]
    return list(
        get_user_model()
        .objects.filter(groups__name=MODERATORS_GROUP, is_active=True)
        .exclude(email="")
        .order_by("pk")
        .values_list("email", flat=True)
    )


@task(takes_context=True)
def send_contact_message(
    context, *, sender: str, reply_to: str, topic: str, topic_label: str, message: str
) -> None:
    """Email a contact-form message to the moderators; replies go to the sender."""
    recipients = moderator_addresses()
    if not recipients:
        logger.error("Contact message (%s) dropped: no moderator address", topic)
        return
    body = (
        f"From: {sender}\n"
        f"Reply to: {reply_to or '(no address given)'}\n"
        f"Topic: {topic_label}\n\n"
        f"{message}\n"
    )
    email = EmailMessage(
        subject=f"[CareThread] Contact form: {topic_label}",
        body=body,
        to=recipients,
        reply_to=[reply_to] if reply_to else None,
    )
    send_once(task_key(context), email)
