"""Who may do what. Pure functions used by views, templates and services."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import Post, Thread

MODERATORS_GROUP = "Moderators"


def can_moderate(user) -> bool:
    """Moderators (members of the Moderators group) and superusers."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if user.is_banned or user.suspended_until is not None:
        return False
    # Loaded with the member on each request (accounts.backends), else asked
    # once and kept on the user object.
    cached = getattr(user, "_can_moderate", None)
    if cached is None:
        cached = getattr(user, "annotated_in_moderators_group", None)
    if cached is None:
        cached = user.groups.filter(name=MODERATORS_GROUP).exists()
        user._can_moderate = cached
    return cached


def can_post(user) -> bool:
    """Signed-in, active members with a confirmed email may write, unless
    suspended or banned."""
    if not user.is_authenticated or not user.is_active:
        return False
    if getattr(user, "email_verified_at", None) is None:
        return False
    return not user.is_banned and user.suspended_until is None


def can_view_thread(user, thread: Thread) -> bool:
    """Visible threads are public; others only for their author and moderators."""
    if thread.visibility == thread.Visibility.VISIBLE:
        return True
    if not user.is_authenticated:
        return False
    return thread.author_id == user.pk or can_moderate(user)


def can_reply(user, thread: Thread) -> bool:
    if not can_post(user) or thread.visibility != thread.Visibility.VISIBLE:
        return False
    return not thread.is_locked or can_moderate(user)


def can_edit_post(user, post: Post) -> bool:
    if not can_post(user) or post.visibility == post.Visibility.DELETED:
        return False
    if can_moderate(user):
        return True
    if post.author_id != user.pk or post.visibility == post.Visibility.HIDDEN:
        return False
    return not post.thread.is_locked


def can_delete_post(user, post: Post) -> bool:
    """Authors delete their own posts (moderators hide instead)."""
    return (
        can_post(user)
        and post.author_id == user.pk
        and post.visibility in (post.Visibility.VISIBLE, post.Visibility.PENDING)
    )


def can_mark_helpful(user, post: Post) -> bool:
    """Members mark others' visible replies in visible threads."""
    return (
        can_post(user)
        and not post.is_question
        and post.author_id != user.pk
        and post.visibility == post.Visibility.VISIBLE
        and post.thread.visibility == post.thread.Visibility.VISIBLE
    )


def can_accept_answer(user, post: Post) -> bool:
    """The asker accepts a visible reply in their own visible thread."""
    if not can_post(user):
        return False
    thread = post.thread
    return (
        thread.author_id == user.pk
        and not post.is_question
        and post.visibility == post.Visibility.VISIBLE
        and thread.visibility == thread.Visibility.VISIBLE
    )


def can_use_clinician_inbox(user) -> bool:
    """Only clinicians verified right now have an inbox."""
    return bool(user.is_authenticated and user.verified_clinician)
