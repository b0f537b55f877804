from datetime import timedelta

from django import template
from django.utils.translation import ngettext

from core.links import path_for
from forum import permissions

register = template.Library()


@register.filter
def url_for(pk, name: str) -> str:
    """``{{ post.pk|url_for:'forum:post_edit' }}``: ``{% url %}`` for an id,
    without reversing it every time (see ``core.links``)."""
    return path_for(name, pk)


@register.filter
def can_edit_post(user, post) -> bool:
    return permissions.can_edit_post(user, post)


@register.filter
def can_delete_post(user, post) -> bool:
    return permissions.can_delete_post(user, post)


@register.filter
def can_moderate(user) -> bool:
    return permissions.can_moderate(user)


@register.filter
def can_mark_helpful(user, post) -> bool:
    return permissions.can_mark_helpful(user, post)


@register.filter
def can_accept_answer(user, post) -> bool:
    return permissions.can_accept_answer(user, post)


@register.filter
def can_use_clinician_inbox(user) -> bool:
    return permissions.can_use_clinician_inbox(user)


@register.filter
def duration_human(value: timedelta) -> str:
    """A rough, readable duration: "40 minutes", "5 hours", "3 days"."""
    minutes = max(0, int(value.total_seconds() // 60))
    if minutes < 90:
        return ngettext("%d minute", "%d minutes", minutes) % minutes
    hours = round(minutes / 60)
    if hours < 48:
        return ngettext("%d hour", "%d hours", hours) % hours
    days = round(hours / 24)
    return ngettext("%d day", "%d days", days) % days


@register.filter
def can_unaccept_answer(user, thread) -> bool:
    return permissions.can_unaccept_answer(user, thread)


AVATAR_COLOURS = 8


@register.filter
def avatar_initials(user) -> str:
    """Up to two letters for a generated avatar: the first letters of the
    display name's first two words (no picture is uploaded or fetched)."""
    words = [w for w in str(getattr(user, "display_name", "") or "").split() if w]
    letters = "".join(w[0] for w in words[:2] if w[0].isalnum())
    return (letters or "?").upper()


@register.filter
def avatar_colour(user) -> str:
    """One of a few colour classes (CSS, AA contrast with white), fixed per member."""
    return f"avatar-c{(getattr(user, 'pk', 0) or 0) % AVATAR_COLOURS}"
