"""Writes for the safety features: messages to the moderators."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction

from core import ratelimit

from .tasks import send_contact_message


def _contact_key(*, user, ip: str) -> str:
    # Hashed so a cache dump lists no addresses.
    who = f"user:{user.pk}" if user.is_authenticated else f"ip:{ip}"
    return f"contact:{ratelimit.digest(who)}"


def contact_check_limit(*, user, ip: str) -> None:
    """Raise ``RateLimited`` when this member or address has sent enough."""
    count, seconds = settings.SAFETY_CONTACT_RATE_LIMIT
    ratelimit.check(_contact_key(user=user, ip=ip), count=count, seconds=seconds)


def _contact_record(*, user, ip: str) -> None:
    _count, seconds = settings.SAFETY_CONTACT_RATE_LIMIT
    ratelimit.record(_contact_key(user=user, ip=ip), seconds=seconds)


def contact_message_send(
    *, user, ip: str, email: str, name: str, topic: str, topic_label: str, message: str
) -> None:
    """Send a visitor's or member's message to the moderators (rate-limited)."""
    contact_check_limit(user=user, ip=ip)
    if user.is_authenticated:
        email = user.email
        sender = f"{user.display_name} (@{user.username}, member #{user.pk})"
    else:
        sender = f"{name} (visitor)" if name else "A visitor"
    _contact_record(user=user, ip=ip)
    transaction.on_commit(
        lambda: send_contact_message.enqueue(
            sender=sender,
            reply_to=email,
            topic=topic,
            topic_label=str(topic_label),
            message=message,
        )
    )
