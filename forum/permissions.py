"""Who may do what. Pure functions used by views, templates and services."""

from __future__ import annotations

from typing import TYPE_CHECKING

from accounts.roles import can_moderate, can_post, is_verified_clinician

if TYPE_CHECKING:
    from .models import Post, Thread


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
    return is_verified_clinician(user)
