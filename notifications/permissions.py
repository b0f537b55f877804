"""Who may follow what. Pure functions used by views, templates and services."""

from __future__ import annotations

from forum.permissions import can_view_thread


def can_follow(user) -> bool:
    """Signed-in, active members may follow (suspended members still read)."""
    return bool(user.is_authenticated and user.is_active)


def can_follow_thread(user, thread) -> bool:
    """Members follow threads they can see."""
    return can_follow(user) and can_view_thread(user, thread)
