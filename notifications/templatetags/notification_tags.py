from django import template

from forum.models import Thread
from notifications import selectors

register = template.Library()


@register.inclusion_tag("notifications/_bell.html", takes_context=True)
def notification_bell(context):
    """The bell with the unread count in the header (one query)."""
    user = context.get("user")
    return {
        "user": user,
        "unread": selectors.notification_unread_count(user=user) if user else 0,
        "limit": selectors.BELL_LIMIT,
    }


@register.inclusion_tag("notifications/_follow_button.html", takes_context=True)
def follow_button(context, target):
    """Follow/unfollow a thread or a condition (at most one query)."""
    user = context.get("user")
    request = context.get("request")
    kind = "thread" if isinstance(target, Thread) else "condition"
    return {
        "user": user,
        "target": target,
        "kind": kind,
        "following": bool(user) and selectors.is_following(user=user, target=target),
        "next": request.get_full_path() if request else "",
        "csrf_token": context.get("csrf_token"),
    }
